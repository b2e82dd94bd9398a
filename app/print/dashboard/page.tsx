import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BehindTable, filterQuery } from "@/components/dashboard/behind-table";
import { Headline, LightMatrix, PeriodChart, RankingTable, RegionChart, TaskChart, YearChart } from "@/components/dashboard/dashboard-view";
import { PrintButton } from "@/components/dashboard/print-button";
import { ScopeBreadcrumb } from "@/components/dashboard/scope-breadcrumb";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getDashboard } from "@/lib/data/dashboard";
import { listLeagueCities } from "@/lib/data/regions";
import { shanghaiDate } from "@/lib/domain/dates";
import { parseDashboardParams } from "@/lib/validation/dashboard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard"))("print") };
}

/** Rows of the behind list that fit under the matrix on the second page. */
const BEHIND_ON_PAGE = 10;

// A4 landscape less 10 mm margins is 277 × 190 mm; each page is a box of that size, so what is on
// screen is what prints: page 1 the tiles, both completion charts and the ranking; page 2 the
// lights, the curves and the worst of the behind list.
const pageCss = `
@page { size: A4 landscape; margin: 10mm; }
.print-page { width: 277mm; height: 190mm; overflow: hidden; box-sizing: border-box; }
.print-page + .print-page { break-before: page; }
@media screen { .print-page { margin: 0 auto 8mm; padding: 4mm; background: white; box-shadow: 0 1px 4px rgb(0 0 0 / 0.15); } }
@media print { html, body { background: white !important; } .print-page { padding: 0; } .print-toolbar { display: none !important; } }
`;

/** The dashboard for meetings: two A4 landscape pages, charts included, no navigation. */
export default async function PrintDashboard({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageViewer();
  const t = await getTranslations("dashboard");
  const tApp = await getTranslations("app");
  const filter = parseDashboardParams(await searchParams, Number(shanghaiDate(new Date()).slice(0, 4)));
  const [d, cities] = await Promise.all([orRefuse(getDashboard(filter)), orRefuse(listLeagueCities())]);
  const parent = d.scope?.parentCode ? (cities.find((c) => c.code === d.scope!.parentCode) ?? null) : null;
  const drilled = d.scope !== null && d.scope.level !== "province";
  const box = "min-w-0 p-2";
  const h2 = "mb-1 text-sm font-semibold";
  return (
    <main className="print-a4 bg-slate-100 py-4 text-slate-900 print:bg-white print:py-0" data-testid="print-view">
      <style>{pageCss}</style>
      <div className="print-toolbar mx-auto mb-4 flex max-w-[277mm] flex-wrap items-center gap-3 px-2 text-sm">
        <Link href={`/dashboard?${filterQuery(d.filter)}`} className="text-brand-700 hover:underline" data-testid="print-back">← {t("backToDashboard")}</Link>
        <PrintButton label={t("printNow")} />
        <span className="text-slate-500">{t("printHint")}</span>
      </div>

      <div className="print-page flex flex-col gap-2" data-testid="print-page">
        <header className="flex items-end justify-between border-b border-slate-300 pb-1">
          <div>
            <p className="text-xs text-slate-500">{tApp("org")}</p>
            <h1 className="text-lg font-semibold">{t("title", { year: d.filter.year })}</h1>
            <ScopeBreadcrumb d={d} parent={parent} print />
          </div>
          <p className="text-xs text-slate-500">{t("asOf", { date: d.asOf })}</p>
        </header>
        <div className="[&_dd]:text-lg [&_dl>div]:py-1.5">
          <Headline d={d} compact />
        </div>
        <div className="grid grid-cols-2 gap-2">
          <Card padded={false} aria-labelledby="by-region" className={box}>
            <h2 id="by-region" className={h2}>{drilled ? t("byCounty") : t("byRegion")}</h2>
            <RegionChart d={d} height="h-44" />
          </Card>
          <Card padded={false} aria-labelledby="by-task" className={box}>
            <h2 id="by-task" className={h2}>{t("byTask")}</h2>
            <TaskChart d={d} height="h-44" yAxisWidth={130} />
          </Card>
        </div>
        {/* The table is its own box. */}
        <div className="min-w-0 text-xs [&_table]:text-xs">
          <RankingTable d={d} print />
        </div>
      </div>

      <div className="print-page flex flex-col gap-2" data-testid="print-page">
        <div className="grid grid-cols-[minmax(0,41rem)_minmax(0,1fr)] gap-2">
          <Card aria-labelledby="matrix" padded={false} className={cx(box, "[&_table]:text-xs")}>
            <h2 id="matrix" className={h2}>{drilled ? t("matrixCounty") : t("matrix")}</h2>
            <LightMatrix d={d} print />
          </Card>
          <div className="flex min-w-0 flex-col gap-2">
            <Card padded={false} aria-labelledby="by-period" className={box}>
              <h2 id="by-period" className={h2}>{t("byPeriod")}</h2>
              <PeriodChart d={d} height="h-36" table={false} />
            </Card>
            <Card padded={false} aria-labelledby="by-year" className={box}>
              <h2 id="by-year" className={h2}>{t("byYear")}</h2>
              <YearChart d={d} height="h-36" table={false} />
            </Card>
          </div>
        </div>
        <Card aria-labelledby="behind" padded={false} className={cx(box, "[&_table]:text-xs")}>
          <h2 id="behind" className={h2}>{d.behindCount > BEHIND_ON_PAGE ? t("behindTop", { count: d.behindCount, shown: BEHIND_ON_PAGE }) : t("behind", { count: d.behindCount })}</h2>
          {d.behind.length === 0 ? <p className="text-xs text-slate-500">{t("nothingBehind")}</p> : <BehindTable items={d.behind.slice(0, BEHIND_ON_PAGE)} year={d.filter.year} print />}
        </Card>
      </div>
    </main>
  );
}
