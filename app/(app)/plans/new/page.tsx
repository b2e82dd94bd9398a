import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CopyPlanForm } from "@/components/plans/copy-plan-form";
import { PlanForm } from "@/components/plans/plan-form";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { listPlansForCopy } from "@/lib/data/plans";
import { shanghaiDate } from "@/lib/domain/dates";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("planEdit"))("newPlanTitle") };
}

export default async function NewPlanPage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  await requirePageViewer();
  const t = await getTranslations("planEdit");
  const tr = await getTranslations("reportImport");
  const sources = await orRefuse(listPlansForCopy());
  const fromId = (await searchParams).from;
  const from = sources.find((p) => String(p.id) === fromId) ?? sources[0];
  const thisYear = Number(shanghaiDate(new Date()).slice(0, 4));
  return (
    <div className="space-y-8">
      <Card aria-labelledby="report-heading">
        <h2 id="report-heading" className="mb-1 text-xl font-semibold">{tr("title")}</h2>
        <p className="mb-3 max-w-4xl text-sm text-slate-600">{tr("hint")}</p>
        <Link href="/plans/import-report" className={buttonClass("primary")} data-testid="import-report-link">{tr("link")}</Link>
      </Card>
      <Card aria-labelledby="copy-heading">
        <h1 id="copy-heading" className="mb-3 text-xl font-semibold">{t("copyTitle")}</h1>
        {sources.length > 0 && <CopyPlanForm plans={sources} defaultFrom={from?.id} defaultYear={(from?.year ?? thisYear) + 1} />}
      </Card>
      <Card aria-labelledby="new-heading">
        <h2 id="new-heading" className="mb-3 text-xl font-semibold">{t("newPlanTitle")}</h2>
        <PlanForm initial={{ year: thisYear + 1, title: "", titleEn: "", issuingBody: "内蒙古自治区生态环境厅", meetingDate: null, sourceText: "", cadence: "monthly", dueDay: 25, graceDays: 5, greenMaxBehind: 10, yellowMaxBehind: 25 }} />
      </Card>
    </div>
  );
}
