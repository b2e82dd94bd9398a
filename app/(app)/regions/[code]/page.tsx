import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AssignmentTable } from "@/components/regions/assignment-table";
import { YearTabs } from "@/components/ui/year-tabs";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { listRegionAssignments } from "@/lib/data/assignments";
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
  await requirePageViewer();
  const { code } = await params;
  const t = await getTranslations("region");
  const tc = await getTranslations("common");
  const tm = await getTranslations("myRegion");
  const locale = await getLocale();
  // A bureau asking for another region gets "not found", and nothing of it.
  const region = await orRefuse(getRegion(code));
  const years = await orRefuse(listPlanYears());
  const year = pickYear((await searchParams).year, years, Number(shanghaiDate(new Date()).slice(0, 4)));
  const rows = year === null ? [] : await orRefuse(listRegionAssignments(code, year));
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("title", { region: localized(locale, region.nameZh, region.nameEn) })}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subtitle", { year: year ?? "" })} · {region.code}</p>
        </div>
        {year !== null && <YearTabs years={years} current={year} basePath={`/regions/${code}`} label={tc("year")} />}
      </div>
      {rows.length === 0 ? <p className="text-slate-600">{tm("empty")}</p> : <AssignmentTable rows={rows} />}
    </div>
  );
}
