import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { BulletinForm } from "@/components/dashboard/bulletin-form";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { ScopeBreadcrumb } from "@/components/dashboard/scope-breadcrumb";
import { buttonClass } from "@/components/ui/button";
import { YearTabs } from "@/components/ui/year-tabs";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getBulletinChoices } from "@/lib/data/bulletin";
import { getDashboard } from "@/lib/data/dashboard";
import { listPlanYears, listPlansWithTasks } from "@/lib/data/plans";
import { listLeagueCities } from "@/lib/data/regions";
import { shanghaiDate } from "@/lib/domain/dates";
import { pickYear } from "@/lib/domain/years";
import { localized } from "@/lib/i18n/localized";
import { parseDashboardParams } from "@/lib/validation/dashboard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("dashboard") };
}

type SP = Record<string, string | string[] | undefined>;

/** The leaders' dashboard; every filter lives in the URL so a view can be sent to someone. */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requirePageViewer();
  const t = await getTranslations("dashboard");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  const sp = await searchParams;
  const years = await orRefuse(listPlanYears());
  const year = pickYear(typeof sp.year === "string" ? sp.year : undefined, years, Number(shanghaiDate(new Date()).slice(0, 4)));
  if (year === null) return <p className="text-slate-600">{t("noData")}</p>;
  const filter = { ...parseDashboardParams(sp, year), year };
  const [d, cities, planTrees, bulletin] = await Promise.all([
    orRefuse(getDashboard(filter)),
    orRefuse(listLeagueCities()),
    orRefuse(listPlansWithTasks(year)),
    orRefuse(getBulletinChoices({ year, planId: filter.planId })),
  ]);
  const scope = d.scope && d.scope.level !== "province" ? d.scope : null;
  const parent = scope?.parentCode ? (cities.find((c) => c.code === scope.parentCode) ?? null) : null;
  // Counties are reached by drilling down; the one in view stays selectable so the form keeps it.
  const regionChoices = scope?.level === "banner_county" ? [...cities, scope] : cities;
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <ScopeBreadcrumb d={d} parent={parent} />
          <h1 className="text-2xl font-semibold">{t("title", { year })}</h1>
          <p className="max-w-3xl text-sm text-slate-500">{scope ? t("subtitleScoped", { region: localized(locale, scope.nameZh, scope.nameEn) }) : t("subtitle")} {t("asOf", { date: d.asOf })}</p>
        </div>
        <YearTabs years={years} current={year} basePath="/dashboard" label={tc("year")} />
      </div>
      <div className="no-print flex flex-wrap items-end justify-between gap-3">
        <DashboardFilters
          // Remounted when the filters change: a drill-down link must not leave the old choice in the selects.
          key={query}
          year={year}
          current={{ planId: filter.planId, taskId: filter.taskId, regionCode: filter.regionCode }}
          plans={d.plans.map((p) => ({ id: p.id, label: localized(locale, p.title, p.titleEn) }))}
          tasks={planTrees.filter((p) => !filter.planId || p.id === filter.planId).flatMap((p) => p.tasks.map((x) => ({ id: x.id, label: `${x.number}. ${localized(locale, x.title, x.titleEn)}` })))}
          regions={regionChoices.map((c) => ({ code: c.code, label: localized(locale, c.nameZh, c.nameEn) }))}
        />
        <div className="flex gap-2 text-sm">
          <a href={`/api/dashboard/export?${query}`} className={buttonClass()} data-testid="export-xlsx">{t("exportExcel")}</a>
          <a href={`/print/dashboard?${query}`} target="_blank" rel="noopener" className={buttonClass()} data-testid="print-link">{t("print")}</a>
          {bulletin && <BulletinForm year={year} choices={bulletin} />}
        </div>
      </div>
      {d.headline.total === 0 ? <p className="text-slate-600">{t("noData")}</p> : <DashboardView d={d} />}
    </div>
  );
}
