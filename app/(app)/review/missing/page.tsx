import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { RemindButton } from "@/components/review/remind-button";
import { ReopenForm } from "@/components/review/reopen-form";
import { Table, Td, Th } from "@/components/ui/table";
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
      <Table data-testid="missing-table">
        <thead>
          <tr><Th>{t("region")}</Th><Th className="text-right">{t("open")}</Th><Th className="text-right">{t("missing")}</Th><Th className="text-right">{t("unacknowledged")}</Th><Th><span className="sr-only">{t("remind")}</span></Th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.regionCode}>
              <Td className="whitespace-nowrap"><Link href={`/regions/${r.regionCode}`} className="text-brand-700 hover:underline">{localized(locale, r.nameZh, r.nameEn)}</Link></Td>
              <Td className="text-right tabular-nums">{r.open}</Td>
              <Td className={`text-right tabular-nums ${r.missing ? "font-semibold text-red-600" : "text-emerald-700"}`}>{r.missing}</Td>
              <Td className="text-right tabular-nums">{r.unacknowledged}</Td>
              <Td className="text-right">{r.missing > 0 && <RemindButton regionCode={r.regionCode} />}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <ReopenForm
        plans={plans.filter((p) => p.state === "published").map((p) => ({ id: p.id, label: `${p.year} · ${localized(locale, p.title, p.titleEn)}` }))}
        regions={cities.map((c) => ({ code: c.code, label: localized(locale, c.nameZh, c.nameEn) }))}
      />
    </div>
  );
}
