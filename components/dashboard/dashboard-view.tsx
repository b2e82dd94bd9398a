import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { RegionCompletionChart, SeriesLineChart, TaskCompletionChart } from "@/components/dashboard/lazy-charts";
import { dashboardHref } from "@/components/dashboard/scope-breadcrumb";
import { LightBadge } from "@/components/ui/light";
import { Stat } from "@/components/ui/stat";
import type { BehindRow, Dashboard, RegionRow } from "@/lib/data/dashboard";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/progress";
import { localized } from "@/lib/i18n/localized";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const lightDot = { green: "bg-emerald-500", yellow: "bg-amber-400", red: "bg-red-500" } as const;
const yearColors = ["#94a3b8", "#1f7a5c", "#d97706", "#2563eb", "#9333ea"];
const EXPECTED_COLOR = "#dc2626";
const th = "py-2 pr-2 font-normal";
const section = "rounded-xl bg-white p-5 ring-1 ring-slate-200 break-inside-avoid";

/** The query string of the dashboard's filters (for the "see all" pages). */
export function filterQuery(filter: Dashboard["filter"]): string {
  return new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
}

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
  const cell = print ? "py-0.5 pr-2" : "py-1.5 pr-2";
  const th = print ? "py-1 pr-2 font-normal" : "py-2 pr-2 font-normal";
  return (
    <table className="w-full text-sm" data-testid="region-table">
      <caption className="mb-1 text-left text-xs text-slate-500">{t("rankingCaption", { current: d.rankingPeriods.current ?? "—", previous: d.rankingPeriods.previous ?? "—" })}</caption>
      <thead className="text-left text-xs text-slate-500">
        <tr>
          <th scope="col" className={th}>{t("ranking")}</th>
          <th scope="col" className={th}>{tc("region")}</th>
          <th scope="col" className={`${th} text-right`}>{t("completed")}/{t("measures")}</th>
          <th scope="col" className={`${th} text-right`}>{t("completionRate")}</th>
          <th scope="col" className={`${th} text-right`}>{t("meanProgress")}</th>
          <th scope="col" className={`${th} text-right`}>{tc("light")}</th>
        </tr>
      </thead>
      <tbody>
        {d.byRegion.map((r) => {
          const change = r.previousRank === null ? null : r.previousRank - r.rank;
          return (
            <tr key={r.regionCode} className="border-t border-slate-100">
              <td className={`${cell} whitespace-nowrap tabular-nums`}>
                {r.rank}
                {change !== null && change !== 0 && (
                  <span className={`ml-1 text-xs ${change > 0 ? "text-emerald-700" : "text-red-600"}`} title={t("rankChange")}>{change > 0 ? `↑${change}` : `↓${-change}`}</span>
                )}
              </td>
              <th scope="row" className={`${cell} text-left font-normal whitespace-nowrap`} data-level={r.level}>
                <Link href={rowHref(r)} className="text-brand-700 hover:underline" data-testid={drilled ? undefined : "drill-down"}>{rowName(r)}</Link>
                {!drilled && !print && (
                  <Link href={regionPage(r.regionCode)} className="ml-1 inline-block rounded px-1 text-slate-400 hover:bg-slate-100 hover:text-brand-700" title={t("regionPage", { name: name(r) })} aria-label={t("regionPage", { name: name(r) })} data-testid="region-page">
                    <svg viewBox="0 0 20 20" className="inline size-3.5 align-[-2px]" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2"><path d="M8 4H4v12h12v-4M11 3h6v6M17 3l-8 8" /></svg>
                  </Link>
                )}
              </th>
              <td className={`${cell} text-right tabular-nums`}>{r.completed}/{r.total}</td>
              <td className={`${cell} text-right tabular-nums`}>{pct(r.completionRate)}</td>
              <td className={`${cell} text-right tabular-nums`}>{r.meanProgress}%</td>
              <td className={`${cell} text-right tabular-nums whitespace-nowrap`}>
                <span className="text-emerald-700">{r.green}</span> / <span className="text-amber-600">{r.yellow}</span> / <span className="text-red-600">{r.red}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export async function TaskTable({ d, print = false }: { d: Dashboard; print?: boolean }) {
  const { t, tc, locale } = await context(d);
  const cell = print ? "py-0.5 pr-2" : "py-1.5 pr-2";
  return (
    <table className="w-full text-sm" data-testid="task-table">
      <thead className="text-left text-xs text-slate-500">
        <tr><th scope="col" className={th}>{tc("task")}</th><th scope="col" className={`${th} text-right`}>{t("completed")}/{t("measures")}</th><th scope="col" className={`${th} text-right`}>{t("completionRate")}</th><th scope="col" className={`${th} text-right`}>{t("meanProgress")}</th></tr>
      </thead>
      <tbody>
        {d.byTask.map((x) => (
          <tr key={x.taskId} className="border-t border-slate-100 align-top">
            {/* min width: on a phone the name wraps by words, never one character per line */}
            <th scope="row" className={`${cell} min-w-[10rem] text-left font-normal`}><Link href={`/tasks/${x.taskId}?year=${d.filter.year}`} className="text-brand-700 hover:underline">{x.number}. {localized(locale, x.title, x.titleEn)}</Link></th>
            <td className={`${cell} text-right tabular-nums whitespace-nowrap`}>{x.completed}/{x.total}</td>
            <td className={`${cell} text-right tabular-nums whitespace-nowrap`}>{pct(x.completionRate)}</td>
            <td className={`${cell} text-right tabular-nums whitespace-nowrap`}>{x.meanProgress}%</td>
          </tr>
        ))}
      </tbody>
    </table>
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
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-xs tabular-nums" data-testid="period-table">
            <tbody>
              <tr className="text-slate-500"><th scope="row" className="pr-2 text-left font-normal whitespace-nowrap">{tc("period")}</th>{d.byPeriod.map((p) => <td key={p.period} className="px-1 text-right">{p.period.slice(5)}</td>)}</tr>
              <tr><th scope="row" className="pr-2 text-left font-normal whitespace-nowrap">{t("meanProgress")}</th>{d.byPeriod.map((p) => <td key={p.period} className="px-1 text-right">{p.meanProgress}</td>)}</tr>
              <tr><th scope="row" className="pr-2 text-left font-normal whitespace-nowrap">{t("completionRate")}</th>{d.byPeriod.map((p) => <td key={p.period} className="px-1 text-right">{(p.completionRate * 100).toFixed(0)}</td>)}</tr>
              <tr><th scope="row" className="pr-2 text-left font-normal whitespace-nowrap">{t("expectedLine")}</th>{d.byPeriod.map((p, i) => <td key={p.period} className="px-1 text-right">{Math.round(d.expected.byPeriod[i] ?? 0)}</td>)}</tr>
            </tbody>
          </table>
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
        <table className="mt-2 w-full text-sm tabular-nums" data-testid="year-table">
          <thead className="text-left text-xs text-slate-500"><tr><th className={th}>{tc("year")}</th><th className={`${th} text-right`}>{t("measures")}</th><th className={`${th} text-right`}>{t("completionRate")}</th><th className={`${th} text-right`}>{t("meanProgress")}</th><th className={`${th} text-right`}>{tc("lights.red")}</th></tr></thead>
          <tbody>
            {d.byYear.map((y) => (
              <tr key={y.year} className="border-t border-slate-100">
                <th scope="row" className="py-1 text-left font-normal"><Link href={`/dashboard?year=${y.year}`} className="text-brand-700 hover:underline">{y.year}</Link></th>
                <td className="text-right">{y.total}</td><td className="text-right">{pct(y.completionRate)}</td><td className="text-right">{y.meanProgress}%</td><td className="text-right">{y.red}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The region × key task lights, key tasks named (full title on hover) and the cells explained. */
export async function LightMatrix({ d, print = false }: { d: Dashboard; print?: boolean }) {
  const { t, tc, locale, rowName, rowHref } = await context(d);
  return (
    <>
      <table className="text-sm" data-testid="light-matrix">
        <thead className="text-xs text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-3 text-left align-bottom font-normal">{tc("region")}</th>
            {d.byTask.map((x) => (
              <th key={x.taskId} scope="col" className="px-1 py-1 align-bottom font-normal" title={`${x.number}. ${localized(locale, x.title, x.titleEn)}`} data-testid="matrix-task">
                <span className={`block ${print ? "w-[4.5rem]" : "w-24"} line-clamp-2 text-center leading-tight`}>{shortTaskName(x, locale, print ? 10 : 12)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {d.byRegion.map((r) => (
            <tr key={r.regionCode} className="border-t border-slate-100">
              <th scope="row" className={`${print ? "py-0" : "py-1"} pr-3 text-left font-normal whitespace-nowrap`}>{print ? rowName(r) : <Link href={rowHref(r)} className="hover:text-brand-700 hover:underline">{rowName(r)}</Link>}</th>
              {d.byTask.map((x) => {
                const cell = d.matrix.find((c) => c.regionCode === r.regionCode && c.taskId === x.taskId);
                return (
                  <td key={x.taskId} className={`px-1 ${print ? "py-0" : "py-1"} text-center`}>
                    {cell && (
                      <Link href={`/report-card?region=${r.regionCode}&task=${x.taskId}`} className="inline-flex items-center gap-1 rounded px-1 hover:bg-slate-100" data-testid="matrix-cell" data-light={cell.light} title={`${rowName(r)} · ${x.number}. ${localized(locale, x.title, x.titleEn)} · ${tc(`lights.${cell.light}`)} · ${t("completed")} ${cell.completed}/${cell.total}`}>
                        <span className={`inline-block size-3.5 rounded-full ${lightDot[cell.light]}`} aria-hidden="true" />
                        <span className="sr-only">{tc(`lights.${cell.light}`)}</span>
                        <span className="text-xs text-slate-500 tabular-nums">{cell.completed}/{cell.total}</span>
                      </Link>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 max-w-4xl text-xs text-slate-500" data-testid="matrix-legend">
        <span className="mr-2 inline-flex items-center gap-1"><span className={`inline-block size-2.5 rounded-full ${lightDot.green}`} aria-hidden="true" />{tc("lights.green")}</span>
        <span className="mr-2 inline-flex items-center gap-1"><span className={`inline-block size-2.5 rounded-full ${lightDot.yellow}`} aria-hidden="true" />{tc("lights.yellow")}</span>
        <span className="mr-2 inline-flex items-center gap-1"><span className={`inline-block size-2.5 rounded-full ${lightDot.red}`} aria-hidden="true" />{tc("lights.red")}</span>
        {t("matrixLegend", { green: DEFAULT_THRESHOLDS.greenMaxBehind, yellow: DEFAULT_THRESHOLDS.yellowMaxBehind })}
      </p>
    </>
  );
}

export async function BehindTable({ items, year, print = false }: { items: BehindRow[]; year: number; print?: boolean }) {
  const t = await getTranslations("dashboard");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  const cell = print ? "py-0 pr-2" : "py-1 pr-2";
  return (
    <table className={`w-full text-sm ${print ? "" : "min-w-[40rem]"}`} data-testid="behind-table">
      <thead className="text-left text-xs text-slate-500">
        <tr><th className={th}>{tc("light")}</th><th className={th}>{tc("region")}</th><th className={th}>{tc("task")}</th><th className={th}>{tc("dueDate")}</th><th className={`${th} text-right`}>{tc("progress")}</th><th className={`${th} text-right`}>{t("expected")}</th><th className={`${th} text-right`}>{t("pointsBehind")}</th></tr>
      </thead>
      <tbody>
        {items.map((b) => (
          <tr key={b.assignmentId} className="border-t border-slate-100">
            <td className={`${cell} whitespace-nowrap`}><LightBadge light={b.light} label={b.overdue ? t("overdue") : tc(`lights.${b.light}`)} /></td>
            <td className={`${cell} whitespace-nowrap`}><Link href={`/regions/${b.regionCode}?year=${year}`} className="text-brand-700 hover:underline">{localized(locale, b.regionName, b.regionNameEn)}</Link></td>
            <td className={`${cell} ${print ? "max-w-[28rem] truncate" : ""}`}>{print ? `${b.taskNumber} ${b.taskTitle}` : <Link href={`/report-card?assignment=${b.assignmentId}`} className="text-brand-700 hover:underline" data-testid="behind-card">{b.taskNumber} {b.taskTitle}</Link>}</td>
            <td className={`${cell} whitespace-nowrap tabular-nums`}>{b.dueDate}</td>
            <td className={`${cell} text-right tabular-nums`}>{b.progress ?? "—"}{b.progress !== null && "%"}</td>
            <td className={`${cell} text-right tabular-nums`}>{b.expected}%</td>
            <td className={`${print ? "py-0" : "py-1"} text-right tabular-nums text-red-700`}>{b.behind}</td>
          </tr>
        ))}
      </tbody>
    </table>
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

      <section aria-labelledby="by-region" className={`${section} grid gap-6 xl:grid-cols-[3fr_2fr]`}>
        <div className="min-w-0">
          <h2 id="by-region" className="mb-2 font-semibold">{drilled ? t("byCounty") : t("byRegion")}</h2>
          {noCounties && <p className="mb-2 text-sm text-slate-500" data-testid="no-counties">{t("noCounties")}</p>}
          <RegionChart d={d} />
        </div>
        <div className="min-w-0 overflow-x-auto">
          <RankingTable d={d} />
        </div>
      </section>

      <section aria-labelledby="by-task" className={`${section} grid gap-6 xl:grid-cols-[3fr_2fr]`}>
        <div className="min-w-0">
          <h2 id="by-task" className="mb-2 font-semibold">{t("byTask")}</h2>
          <TaskChart d={d} />
        </div>
        <div className="min-w-0 overflow-x-auto">
          <TaskTable d={d} />
        </div>
      </section>

      <div className="grid gap-6 xl:grid-cols-2">
        <section aria-labelledby="by-period" className={`${section} min-w-0`}>
          <h2 id="by-period" className="mb-2 font-semibold">{t("byPeriod")}</h2>
          <PeriodChart d={d} />
        </section>
        <section aria-labelledby="by-year" className={`${section} min-w-0`}>
          <h2 id="by-year" className="mb-2 font-semibold">{t("byYear")}</h2>
          <YearChart d={d} />
        </section>
      </div>

      {/* relative: the cells' sr-only labels stay inside this scroller instead of widening the page on a phone */}
      <section aria-labelledby="matrix" className={`${section} relative overflow-x-auto`}>
        <h2 id="matrix" className="mb-2 font-semibold">{drilled ? t("matrixCounty") : t("matrix")}</h2>
        <LightMatrix d={d} />
      </section>

      <section aria-labelledby="behind" className={section}>
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="behind" className="font-semibold">{t("behind", { count: d.behindCount })}</h2>
          {d.behindCount > 0 && <Link href={`/dashboard/behind?${filterQuery(d.filter)}`} className="text-sm text-brand-700 hover:underline" data-testid="behind-all">{t("seeAll")} ›</Link>}
        </div>
        {shown.length === 0 ? <p className="text-sm text-slate-500">{t("nothingBehind")}</p> : (
          <div className="overflow-x-auto">
            <BehindTable items={shown} year={year} />
          </div>
        )}
      </section>
    </div>
  );
}
