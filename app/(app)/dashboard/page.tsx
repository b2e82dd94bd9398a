import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { RegionCompletionChart } from "@/components/dashboard/region-completion-chart";
import { Stat } from "@/components/ui/stat";
import { YearTabs } from "@/components/ui/year-tabs";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getRegionCompletion } from "@/lib/data/dashboard";
import { listPlanYears } from "@/lib/data/plans";
import { shanghaiDate } from "@/lib/domain/dates";
import { pickYear } from "@/lib/domain/years";
import { localized } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("dashboard") };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  await requirePageViewer();
  const t = await getTranslations("dashboard");
  const tc = await getTranslations("common");
  const years = await orRefuse(listPlanYears());
  const year = pickYear((await searchParams).year, years, Number(shanghaiDate(new Date()).slice(0, 4)));
  if (year === null) return <p className="text-slate-600">{t("noData")}</p>;
  const { rows, total } = await orRefuse(getRegionCompletion({ year }));
  const locale = await getLocale();

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("title", { year })}</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <YearTabs years={years} current={year} basePath="/dashboard" label={tc("year")} />
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        <Stat label={t("measures")} value={String(total.total)} />
        <Stat label={t("completed")} value={String(total.completed)} />
        <Stat label={t("completionRate")} value={pct(total.completionRate)} />
        <Stat label={t("meanProgress")} value={`${total.meanProgress}%`} />
        <Stat label={tc("lights.green")} value={String(total.green)} tone="green" />
        <Stat label={tc("lights.yellow")} value={String(total.yellow)} tone="yellow" />
        <Stat label={tc("lights.red")} value={String(total.red)} tone="red" />
      </dl>

      {rows.length === 0 ? (
        <p className="text-slate-600">{t("noData")}</p>
      ) : (
        <section aria-labelledby="by-region" className="grid gap-6 rounded-xl bg-white p-5 ring-1 ring-slate-200 xl:grid-cols-[3fr_2fr]">
          <div>
            <h2 id="by-region" className="mb-2 font-semibold">{t("byRegion")}</h2>
            <RegionCompletionChart
              year={year}
              data={[...rows]
                .sort((a, b) => a.regionCode.localeCompare(b.regionCode))
                .map((r) => ({ code: r.regionCode, name: localized(locale, r.nameZh, r.nameEn), completionRate: Math.round(r.completionRate * 1000) / 10, meanProgress: r.meanProgress }))}
              labels={{ completionRate: t("completionRate"), meanProgress: t("meanProgress"), chart: t("chartLabel") }}
            />
          </div>
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="region-table">
              <caption className="sr-only">{t("byRegion")}</caption>
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-2">{t("ranking")}</th>
                  <th scope="col" className="py-2 pr-2">{tc("region")}</th>
                  <th scope="col" className="py-2 pr-2 text-right">{t("completed")}/{t("measures")}</th>
                  <th scope="col" className="py-2 pr-2 text-right">{t("completionRate")}</th>
                  <th scope="col" className="py-2 pr-2 text-right">{t("meanProgress")}</th>
                  <th scope="col" className="py-2 text-right">{tc("light")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.regionCode} className="border-t border-slate-100">
                    <td className="py-1.5 pr-2 tabular-nums">{r.rank}</td>
                    <th scope="row" className="py-1.5 pr-2 text-left font-normal">
                      <Link href={`/regions/${r.regionCode}?year=${year}`} className="text-brand-700 hover:underline">{localized(locale, r.nameZh, r.nameEn)}</Link>
                    </th>
                    <td className="py-1.5 pr-2 text-right tabular-nums">{r.completed}/{r.total}</td>
                    <td className="py-1.5 pr-2 text-right tabular-nums">{pct(r.completionRate)}</td>
                    <td className="py-1.5 pr-2 text-right tabular-nums">{r.meanProgress}%</td>
                    <td className="py-1.5 text-right tabular-nums whitespace-nowrap">
                      <span className="text-emerald-700" title={tc("lights.green")}>{r.green}</span>
                      {" / "}
                      <span className="text-amber-600" title={tc("lights.yellow")}>{r.yellow}</span>
                      {" / "}
                      <span className="text-red-600" title={tc("lights.red")}>{r.red}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
