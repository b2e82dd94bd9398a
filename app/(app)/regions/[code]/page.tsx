import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AssignmentTable } from "@/components/regions/assignment-table";
import { YearTabs } from "@/components/ui/year-tabs";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { DeliveryLog } from "@/components/reminders/delivery-log";
import { listDeliveries } from "@/lib/data/delivery-log";
import { getRegionProgressSeries, listRegionAssignments } from "@/lib/data/assignments";
import { SeriesLineChart } from "@/components/dashboard/lazy-charts";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { countLights } from "@/lib/domain/rollup";
import { listPlanYears } from "@/lib/data/plans";
import { getRegion } from "@/lib/data/regions";
import { shanghaiDate } from "@/lib/domain/dates";
import { pickYear } from "@/lib/domain/years";
import { localized } from "@/lib/i18n/localized";

type Props = { params: Promise<{ code: string }>; searchParams: Promise<{ year?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).code };
}

export default async function RegionPage({ params, searchParams }: Props) {
  const viewer = await requirePageViewer();
  const { code } = await params;
  const t = await getTranslations("region");
  const tc = await getTranslations("common");
  const tm = await getTranslations("myRegion");
  const locale = await getLocale();
  // A bureau asking for another region gets "not found", and nothing of it.
  const region = await orRefuse(getRegion(code));
  const years = await orRefuse(listPlanYears());
  const year = pickYear((await searchParams).year, years, Number(shanghaiDate(new Date()).slice(0, 4)));
  const [rows, series] = year === null ? [[], []] : await Promise.all([orRefuse(listRegionAssignments(code, year)), orRefuse(getRegionProgressSeries(code, year))]);
  const lights = countLights(rows.map((r) => r.light));
  const td = await getTranslations("dashboard");
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("title", { region: localized(locale, region.nameZh, region.nameEn) })}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subtitle", { year: year ?? "" })} · {region.code}</p>
        </div>
        {year !== null && <YearTabs years={years} current={year} basePath={`/regions/${code}`} label={tc("year")} />}
      </div>
      {rows.length > 0 && (
        <div className="grid gap-4 lg:grid-cols-[1fr_2fr]">
          <dl className="grid grid-cols-2 content-start gap-3">
            <Stat label={td("measures")} value={String(rows.length)} />
            <Stat label={td("completed")} value={String(rows.filter((r) => r.completed).length)} />
            <Stat label={tc("lights.green")} value={String(lights.green)} tone="green" />
            <Stat label={tc("lights.yellow")} value={String(lights.yellow)} tone="yellow" />
            <Stat label={tc("lights.red")} value={String(lights.red)} tone="red" />
          </dl>
          <Card aria-labelledby="region-by-period">
            <h2 id="region-by-period" className="mb-1 text-sm font-semibold">{td("byPeriod")}</h2>
            <SeriesLineChart height="h-56" label={td("byPeriod")} data={series.map((p) => ({ label: p.period, meanProgress: p.meanProgress, completionRate: Math.round(p.completionRate * 1000) / 10 }))}
              series={[{ key: "meanProgress", name: td("meanProgress"), color: "#1f7a5c" }, { key: "completionRate", name: td("completionRate"), color: "#d97706" }]} />
          </Card>
        </div>
      )}
      {rows.length === 0 ? <p className="text-slate-600">{tm("empty")}</p> : <AssignmentTable rows={rows} />}
      {can(viewer, "delivery.read") && <DeliveryLog items={await orRefuse(listDeliveries({ regionCode: code, limit: 50 }))} />}
    </div>
  );
}
