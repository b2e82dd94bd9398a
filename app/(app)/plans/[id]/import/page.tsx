import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ImportForm } from "@/components/plans/import-form";
import { Card } from "@/components/ui/card";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getImportTarget } from "@/lib/data/plan-excel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("excelImport"))("title") };
}

export default async function PlanImportPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageViewer();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const plan = await orRefuse(getImportTarget(id));
  const t = await getTranslations("excelImport");
  const tp = await getTranslations("planEdit");
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href={`/plans/${plan.id}`} className="text-brand-700 underline">{plan.year} · {plan.title}</Link></p>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-4xl text-sm text-slate-600">{t("hint")}</p>
      <p className="max-w-4xl text-sm text-slate-600">{t("reimportHint")}</p>
      <p className="flex gap-4 text-sm">
        <a href="/api/plans/template" className="text-brand-700 underline" download>{tp("template")}</a>
        <a href={`/api/plans/${plan.id}/export`} className="text-brand-700 underline" download>{tp("export")}</a>
      </p>
      {plan.state === "closed" ? <p className="text-amber-700">{tp("readOnly")}</p> : <Card><ImportForm planId={plan.id} /></Card>}
    </div>
  );
}
