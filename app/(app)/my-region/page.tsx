import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AssignmentTable } from "@/components/regions/assignment-table";
import { YearTabs } from "@/components/ui/year-tabs";
import { homePath } from "@/lib/auth/permissions";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { listRegionAssignments } from "@/lib/data/assignments";
import { listPlanYears } from "@/lib/data/plans";
import { getRegion } from "@/lib/data/regions";
import { shanghaiDate } from "@/lib/domain/dates";
import { pickYear } from "@/lib/domain/years";
import { localized } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("myRegion") };
}

export default async function MyRegionPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  const viewer = await requirePageViewer();
  if (!viewer.regionCode) redirect(homePath(viewer));
  const t = await getTranslations("myRegion");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  const [region, years] = await Promise.all([orRefuse(getRegion(viewer.regionCode)), orRefuse(listPlanYears())]);
  const year = pickYear((await searchParams).year, years, Number(shanghaiDate(new Date()).slice(0, 4)));
  const rows = year === null ? [] : await orRefuse(listRegionAssignments(viewer.regionCode, year));
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("title", { region: localized(locale, region.nameZh, region.nameEn), year: year ?? "" })}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        {year !== null && <YearTabs years={years} current={year} basePath="/my-region" label={tc("year")} />}
      </div>
      {rows.length === 0 ? <p className="text-slate-600">{t("empty")}</p> : <AssignmentTable rows={rows} />}
    </div>
  );
}
