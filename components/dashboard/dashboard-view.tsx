import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { RegionCompletionChart, SeriesLineChart, TaskCompletionChart } from "@/components/dashboard/lazy-charts";
import { dashboardHref } from "@/components/dashboard/scope-breadcrumb";
import { Card, CardHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { LightBadge, LightCounts, LightLegend, LightMark } from "@/components/ui/light";
import { Stat } from "@/components/ui/stat";
import { Table, Td, Th } from "@/components/ui/table";
import type { Dashboard, RegionRow } from "@/lib/data/dashboard";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/progress";
import { BehindTable, filterQuery, printDense } from "./behind-table";
import { localized } from "@/lib/i18n/localized";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const yearColors = ["#94a3b8", "#1f7a5c", "#d97706", "#2563eb", "#9333ea"];
const EXPECTED_COLOR = "#dc2626";
// Cell spacing by density, set on the table so that it wins over the cells' own (a descendant rule).
const dense = "[&_td]:px-1.5 [&_td]:py-1.5 [&_th]:px-1.5";
/** The dashboard's panels: a little more room than a form's card; none split across printed pages. */
const section = "p-5 break-inside-avoid";
const density = (print: boolean) => (print ? printDense : dense);
/** Row heads (th scope=row) read as cells: white, the body's weight and colour. */
const rowHeads = "[&_tbody_th]:bg-white [&_tbody_th]:font-normal [&_tbody_th]:text-slate-900 [&_tbody_th]:border-slate-100";

/** A key task's short name for column heads and chart axes: its number and the start of its title. */
export function shortTaskName(x: { number: string; title: string; titleEn: string }, locale: string, length = 8): string {
  const title = localized(locale, x.title, x.titleEn);
  const short = title.length > length ? `${title.slice(0, length)}…` : title;
  return locale === "en" ? `${x.number}. ${title.length > 18 ? `${title.slice(0, 18)}…` : title}` : `${x.number}. ${short}`;
}

async function context(d: Dashboard) {
  const t = await getTranslations("dashboard");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  const name = (r: { nameZh: string; nameEn: string }) => localized(locale, r.nameZh, r.nameEn);
  // The province view shows league-cities, each drilling down to its counties; a league-city's view
  // shows its own assignments (本级) and one row per county, each opening its region page.
  const drilled = d.scope !== null && d.scope.level !== "province";
  const rowName = (r: RegionRow) => (drilled && r.level === "league_city" ? t("ownLevel", { name: name(r) }) : name(r));
  const regionPage = (code: string) => `/regions/${code}?year=${d.filter.year}`;
  const rowHref = (r: RegionRow) => (drilled ? regionPage(r.regionCode) : dashboardHref(d.filter, r.regionCode));
  return { t, tc, locale, name, drilled, rowName, regionPage, rowHref };
}

export async function Headline({ d, compact = false }: { d: Dashboard; compact?: boolean }) {
  const { t, tc } = await context(d);
  return (
    <div>
      <dl className={`grid gap-3 ${compact ? "grid-cols-9" : "grid-cols-3 sm:grid-cols-5 xl:grid-cols-9"}`} data-testid="headline">
        <Stat label={t("measures")} value={String(d.headline.total)} />
        <Stat label={t("completed")} value={String(d.headline.completed)} />
        <Stat label={t("completionRate")} value={pct(d.headline.completionRate)} />
        <Stat label={t("meanProgress")} value={`${d.headline.meanProgress}%`} />
        <Stat label={t("onTime")} value={String(d.headline.onTime)} />
        <Stat label={tc("lights.green")} value={String(d.headline.green)} tone="green" />
        <Stat label={tc("lights.yellow")} value={String(d.headline.yellow)} tone="yellow" />
        <Stat label={tc("lights.red")} value={String(d.headline.red)} tone="red" />
        <Stat label={t("missingThisPeriod", { period: d.headline.currentPeriod ?? "—" })} value={String(d.headline.missingThisPeriod)} />
      </dl>
      <p className="mt-2 text-xs text-slate-500" data-testid="period-note">
        {d.headline.currentPeriod && `${t("currentPeriodNote", { period: d.headline.currentPeriod })} `}
        {t("expectedNote", { today: d.expected.today })}
      </p>
    </div>
  );
}

export async function RegionChart({ d, height }: { d: Dashboard; height?: string }) {
  const { t, rowHref, rowName, drilled } = await context(d);
  return (
    <RegionCompletionChart
      height={height}
      data={[...d.byRegion].sort((a, b) => a.regionCode.localeCompare(b.regionCode)).map((r) => ({ code: r.regionCode, href: rowHref(r), name: rowName(r), completionRate: Math.round(r.completionRate * 1000) / 10, meanProgress: r.meanProgress }))}
      labels={{ completionRate: t("completionRate"), meanProgress: t("meanProgress"), chart: drilled ? t("chartLabelCounty") : t("chartLabel") }}
      expected={{ value: d.expected.today, label: t("expectedLine") }}
    />
  );
}

export async function TaskChart({ d, height, yAxisWidth }: { d: Dashboard; height?: string; yAxisWidth?: number }) {
  const { t, locale } = await context(d);
  return (
    <TaskCompletionChart
      year={d.filter.year}
      height={height}
      yAxisWidth={yAxisWidth}
      data={d.byTask.map((x) => ({ id: x.taskId, name: locale === "en" ? `Task ${x.number}` : shortTaskName(x, locale, 10), completionRate: Math.round(x.completionRate * 1000) / 10, meanProgress: x.meanProgress }))}
      labels={{ completionRate: t("completionRate"), meanProgress: t("meanProgress"), chart: t("taskChartLabel") }}
      expected={{ value: d.expected.today, label: t("expectedLine") }}
    />
  );
}

export async function RankingTable({ d, print = false }: { d: Dashboard; print?: boolean }) {
  const { t, tc, name, drilled, rowName, regionPage, rowHref } = await context(d);
  const lights = { green: tc("lights.green"), yellow: tc("lights.yellow"), red: tc("lights.red") };
  return (
    <Table className={cx(density(print), rowHeads, "[&_thead_th]:align-bottom [&_thead_th]:whitespace-normal")} data-testid="region-table">
      <caption className="px-2 py-1 text-left text-xs text-slate-500">{t("rankingCaption", { current: d.rankingPeriods.current ?? "—", previous: d.rankingPeriods.previous ?? "—" })}</caption>
      <thead className="text-xs">
        <tr>
          <Th>{t("ranking")}</Th>
          <Th>{tc("region")}</Th>
          <Th className="text-right">{t("completed")}/{t("measures")}</Th>
          <Th className="text-right">{t("completionRate")}</Th>
          <Th className="text-right">{t("meanProgress")}</Th>
          <Th className="text-right">{tc("light")}</Th>
        </tr>
      </thead>
      <tbody>
        {d.byRegion.map((r) => {
          const change = r.previousRank === null ? null : r.previousRank - r.rank;
          return (
            <tr key={r.regionCode}>
              <Td className="whitespace-nowrap tabular-nums">
                {r.rank}
                {change !== null && change !== 0 && (
                  <span className={`ml-1 text-xs ${change > 0 ? "text-emerald-700" : "text-red-600"}`} title={t("rankChange")}>{change > 0 ? `↑${change}` : `↓${-change}`}</span>
                )}
              </Td>
              <Th scope="row" data-level={r.level}>
                <Link href={rowHref(r)} className="text-brand-700 hover:underline" data-testid={drilled ? undefined : "drill-down"}>{rowName(r)}</Link>
                {!drilled && !print && (
                  <Link href={regionPage(r.regionCode)} className="ml-1 inline-block rounded px-1 text-slate-400 hover:bg-slate-100 hover:text-brand-700" title={t("regionPage", { name: name(r) })} aria-label={t("regionPage", { name: name(r) })} data-testid="region-page">
                    <svg viewBox="0 0 20 20" className="inline size-3.5 align-[-2px]" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2"><path d="M8 4H4v12h12v-4M11 3h6v6M17 3l-8 8" /></svg>
                  </Link>
                )}
              </Th>
              <Td className="text-right tabular-nums">{r.completed}/{r.total}</Td>
              <Td className="text-right tabular-nums">{pct(r.completionRate)}</Td>
              <Td className="text-right tabular-nums">{r.meanProgress}%</Td>
              <Td className="text-right whitespace-nowrap">
                <LightCounts counts={r} labels={lights} />
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

export async function TaskTable({ d, print = false }: { d: Dashboard; print?: boolean }) {
  const { t, tc, locale } = await context(d);
  return (
    <Table className={cx(density(print), rowHeads, "[&_tbody_th]:whitespace-normal [&_thead_th]:align-bottom [&_thead_th]:whitespace-normal")} data-testid="task-table">
      <thead className="text-xs">
        <tr><Th>{tc("task")}</Th><Th className="text-right">{t("completed")}/{t("measures")}</Th><Th className="text-right">{t("completionRate")}</Th><Th className="text-right">{t("meanProgress")}</Th></tr>
      </thead>
      <tbody>
        {d.byTask.map((x) => (
          <tr key={x.taskId}>
            {/* min width: on a phone the name wraps by words, never one character per line */}
            <Th scope="row" className="min-w-[10rem] align-top"><Link href={`/tasks/${x.taskId}?year=${d.filter.year}`} className="text-brand-700 hover:underline">{x.number}. {localized(locale, x.title, x.titleEn)}</Link></Th>
            <Td className="text-right tabular-nums whitespace-nowrap">{x.completed}/{x.total}</Td>
            <Td className="text-right tabular-nums whitespace-nowrap">{pct(x.completionRate)}</Td>
            <Td className="text-right tabular-nums whitespace-nowrap">{x.meanProgress}%</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export async function PeriodChart({ d, height, table = true }: { d: Dashboard; height?: string; table?: boolean }) {
  const { t, tc } = await context(d);
  return (
    <>
      <SeriesLineChart
        label={t("byPeriod")}
        height={height}
        data={d.byPeriod.map((p, i) => ({ label: p.period, meanProgress: p.meanProgress, completionRate: Math.round(p.completionRate * 1000) / 10, expected: d.expected.byPeriod[i] ?? null }))}
        series={[{ key: "meanProgress", name: t("meanProgress"), color: "#1f7a5c" }, { key: "completionRate", name: t("completionRate"), color: "#d97706" }, { key: "expected", name: t("expectedLine"), color: EXPECTED_COLOR, dashed: true }]}
      />
      {table && (
        <div className="mt-2">
          <Table className={cx("text-xs tabular-nums [&_td]:px-1 [&_td]:py-1 [&_th]:py-1 [&_thead_th+th]:px-1", rowHeads)} data-testid="period-table">
            <thead>
              <tr><Th scope="row">{tc("period")}</Th>{d.byPeriod.map((p) => <Th key={p.period} className="text-right">{p.period.slice(5)}</Th>)}</tr>
            </thead>
            <tbody>
              <tr><Th scope="row">{t("meanProgress")}</Th>{d.byPeriod.map((p) => <Td key={p.period} className="text-right">{p.meanProgress}</Td>)}</tr>
              <tr><Th scope="row">{t("completionRate")}</Th>{d.byPeriod.map((p) => <Td key={p.period} className="text-right">{(p.completionRate * 100).toFixed(0)}</Td>)}</tr>
              <tr><Th scope="row">{t("expectedLine")}</Th>{d.byPeriod.map((p, i) => <Td key={p.period} className="text-right">{Math.round(d.expected.byPeriod[i] ?? 0)}</Td>)}</tr>
            </tbody>
          </Table>
        </div>
      )}
    </>
  );
}

export async function YearChart({ d, height, table = true }: { d: Dashboard; height?: string; table?: boolean }) {
  const { t, tc } = await context(d);
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  return (
    <>
      <SeriesLineChart
        label={t("byYear")}
        height={height}
        data={months.map((m) => ({ label: t("month", { month: m }), ...Object.fromEntries(d.byYear.map((y) => [`y${y.year}`, y.byPeriod.find((p) => p.month === m)?.meanProgress ?? null])), expected: d.expected.byMonth[m - 1] ?? null }))}
        series={[...d.byYear.map((y, i) => ({ key: `y${y.year}`, name: String(y.year), color: yearColors[i % yearColors.length]! })), { key: "expected", name: t("expectedLine"), color: EXPECTED_COLOR, dashed: true }]}
      />
      {table && (
        <div className="mt-2">
          <Table className={cx("tabular-nums", dense, rowHeads)} data-testid="year-table">
            <thead className="text-xs"><tr><Th>{tc("year")}</Th><Th className="text-right">{t("measures")}</Th><Th className="text-right">{t("completionRate")}</Th><Th className="text-right">{t("meanProgress")}</Th><Th className="text-right"><LightBadge light="red" label={tc("lights.red")} /></Th></tr></thead>
            <tbody>
              {d.byYear.map((y) => (
                <tr key={y.year}>
                  <Th scope="row"><Link href={`/dashboard?year=${y.year}`} className="text-brand-700 hover:underline">{y.year}</Link></Th>
                  <Td className="text-right">{y.total}</Td><Td className="text-right">{pct(y.completionRate)}</Td><Td className="text-right">{y.meanProgress}%</Td><Td className="text-right">{y.red}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </>
  );
}

/** The region × key task lights, key tasks named (full title on hover) and the cells explained. */
export async function LightMatrix({ d, print = false }: { d: Dashboard; print?: boolean }) {
  const { t, tc, locale, rowName, rowHref } = await context(d);
  return (
    <>
      <Table className={cx(print ? "[&_td]:px-1 [&_td]:py-0 [&_th]:py-0.5" : "[&_td]:px-1 [&_td]:py-1 [&_th]:py-1", rowHeads, "[&_thead_th+th]:px-1 [&_thead_th]:align-bottom [&_thead_th]:font-normal [&_thead_th]:whitespace-normal")} data-testid="light-matrix">
        <thead className="text-xs">
          <tr>
            <Th>{tc("region")}</Th>
            {d.byTask.map((x) => (
              <Th key={x.taskId} title={`${x.number}. ${localized(locale, x.title, x.titleEn)}`} data-testid="matrix-task">
                <span className={`${print ? "w-[4.5rem]" : "w-24"} mx-auto line-clamp-2 text-center leading-tight`}>{shortTaskName(x, locale, print ? 10 : 12)}</span>
              </Th>
            ))}
          </tr>
        </thead>
        <tbody>
          {d.byRegion.map((r) => (
            <tr key={r.regionCode}>
              <Th scope="row">{print ? rowName(r) : <Link href={rowHref(r)} className="hover:text-brand-700 hover:underline">{rowName(r)}</Link>}</Th>
              {d.byTask.map((x) => {
                const cell = d.matrix.find((c) => c.regionCode === r.regionCode && c.taskId === x.taskId);
                const light = cell ? tc(`lights.${cell.light}`) : "";
                return (
                  <Td key={x.taskId} className="text-center">
                    {cell && (
                      <Link href={`/report-card?region=${r.regionCode}&task=${x.taskId}`} className="inline-flex items-center gap-1 rounded px-1 hover:bg-slate-100" data-testid="matrix-cell" data-light={cell.light} title={`${rowName(r)} · ${x.number} · ${light} · ${t("completed")} ${cell.completed}/${cell.total}`}>
                        <LightMark light={cell.light} label={light} />
                        <span className="text-xs text-slate-500 tabular-nums">{cell.completed}/{cell.total}</span>
                      </Link>
                    )}
                  </Td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </Table>
      <p className="mt-2 max-w-4xl text-xs text-slate-500" data-testid="matrix-legend">
        <LightLegend labels={{ green: tc("lights.green"), yellow: tc("lights.yellow"), red: tc("lights.red") }} className="mr-3 align-middle" />
        {t("matrixLegend", { green: DEFAULT_THRESHOLDS.greenMaxBehind, yellow: DEFAULT_THRESHOLDS.yellowMaxBehind })}
      </p>
    </>
  );
}

/** The dashboard's sections; every chart has its numbers in a table beside or under it. */
export async function DashboardView({ d }: { d: Dashboard }) {
  const { t, drilled } = await context(d);
  const year = d.filter.year;
  const noCounties = d.scope?.level === "league_city" && !d.byRegion.some((r) => r.level === "banner_county");
  const shown = d.behind.slice(0, 40);

  return (
    <div className="space-y-6">
      <Headline d={d} />

      <Card aria-labelledby="by-region" padded={false} className={cx(section, "grid gap-6 xl:grid-cols-[3fr_2fr]")}>
        <div className="min-w-0">
          <CardHeader title={<span id="by-region">{drilled ? t("byCounty") : t("byRegion")}</span>} className="mb-2" />
          {noCounties && <p className="mb-2 text-sm text-slate-500" data-testid="no-counties">{t("noCounties")}</p>}
          <RegionChart d={d} />
        </div>
        <div className="min-w-0">
          <RankingTable d={d} />
        </div>
      </Card>

      <Card aria-labelledby="by-task" padded={false} className={cx(section, "grid gap-6 xl:grid-cols-[3fr_2fr]")}>
        <div className="min-w-0">
          <CardHeader title={<span id="by-task">{t("byTask")}</span>} className="mb-2" />
          <TaskChart d={d} />
        </div>
        <div className="min-w-0">
          <TaskTable d={d} />
        </div>
      </Card>

      <div className="grid gap-6 xl:grid-cols-2">
        <Card aria-labelledby="by-period" padded={false} className={cx(section, "min-w-0")}>
          <CardHeader title={<span id="by-period">{t("byPeriod")}</span>} className="mb-2" />
          <PeriodChart d={d} />
        </Card>
        <Card aria-labelledby="by-year" padded={false} className={cx(section, "min-w-0")}>
          <CardHeader title={<span id="by-year">{t("byYear")}</span>} className="mb-2" />
          <YearChart d={d} />
        </Card>
      </div>

      <Card aria-labelledby="matrix" padded={false} className={cx(section, "min-w-0")}>
        <CardHeader title={<span id="matrix">{drilled ? t("matrixCounty") : t("matrix")}</span>} className="mb-2" />
        <LightMatrix d={d} />
      </Card>

      <Card aria-labelledby="behind" padded={false} className={section}>
        <CardHeader
          title={<span id="behind">{t("behind", { count: d.behindCount })}</span>}
          actions={d.behindCount > 0 && <Link href={`/dashboard/behind?${filterQuery(d.filter)}`} className="text-sm text-brand-700 hover:underline" data-testid="behind-all">{t("seeAll")} ›</Link>}
          className="mb-2"
        />
        {shown.length === 0 ? <p className="text-sm text-slate-500">{t("nothingBehind")}</p> : <BehindTable items={shown} year={year} />}
      </Card>
    </div>
  );
}
