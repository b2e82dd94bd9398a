import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ReportImport } from "@/components/plans/report-import";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { requireReportImport } from "@/lib/data/conference-report";
import { shanghaiDate } from "@/lib/domain/dates";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reportImport"))("title") };
}

export default async function ImportReportPage() {
  await requirePageViewer();
  await orRefuse(requireReportImport());
  const t = await getTranslations("reportImport");
  const te = await getTranslations("planEdit");
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href="/plans/new" className="text-brand-700 underline">{te("newPlanTitle")}</Link></p>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-4xl text-sm text-slate-600">{t("hint")}</p>
      <ReportImport thisYear={Number(shanghaiDate(new Date()).slice(0, 4))} />
    </div>
  );
}
