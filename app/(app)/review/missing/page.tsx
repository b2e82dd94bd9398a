import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { RemindButton } from "@/components/review/remind-button";
import { ReopenForm } from "@/components/review/reopen-form";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { listMissingReports } from "@/lib/data/period-work";
import { listPlans } from "@/lib/data/plans";
import { listLeagueCities } from "@/lib/data/regions";
import { localized } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("missingTitle") };
}

/** Who has not submitted for the current period, with a reminder per region. */
export default async function MissingPage() {
  await requirePageViewer();
  const t = await getTranslations("review");
  const locale = await getLocale();
  const [rows, plans, cities] = await Promise.all([orRefuse(listMissingReports()), orRefuse(listPlans()), orRefuse(listLeagueCities())]);
  return (
    <div className="space-y-4">
      <div>
        <Link href="/review" className="text-sm text-brand-700 underline">← {t("title")}</Link>
        <h1 className="mt-1 text-2xl font-semibold">{t("missingTitle")}</h1>
        <p className="text-sm text-slate-500">{t("missingSubtitle", { period: rows[0]?.period ?? "" })}</p>
      </div>
      <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
        <table className="w-full text-sm" data-testid="missing-table">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr><th className="px-3 py-2">{t("region")}</th><th className="px-3 py-2 text-right">{t("open")}</th><th className="px-3 py-2 text-right">{t("missing")}</th><th className="px-3 py-2 text-right">{t("unacknowledged")}</th><th className="px-3 py-2" /></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.regionCode} className="border-t border-slate-100">
                <td className="whitespace-nowrap px-3 py-1.5"><Link href={`/regions/${r.regionCode}`} className="text-brand-700 hover:underline">{localized(locale, r.nameZh, r.nameEn)}</Link></td>
                <td className="px-3 py-1.5 text-right tabular-nums">{r.open}</td>
                <td className={`px-3 py-1.5 text-right tabular-nums ${r.missing ? "font-semibold text-red-600" : "text-emerald-700"}`}>{r.missing}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{r.unacknowledged}</td>
                <td className="px-3 py-1.5 text-right">{r.missing > 0 && <RemindButton regionCode={r.regionCode} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ReopenForm
        plans={plans.filter((p) => p.state === "published").map((p) => ({ id: p.id, label: `${p.year} · ${localized(locale, p.title, p.titleEn)}` }))}
        regions={cities.map((c) => ({ code: c.code, label: localized(locale, c.nameZh, c.nameEn) }))}
      />
    </div>
  );
}
