import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { ReportCardView } from "@/components/reports/report-card";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getReportCard, listCellAssignments } from "@/lib/data/report-card";
import { reportCardQuerySchema } from "@/lib/validation/report-card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("card"))("title") };
}

type SP = Record<string, string | string[] | undefined>;

/**
 * The read-only report card every drill-down leads to: one assignment's report (?assignment=, and
 * ?report= for another period), or every measure of a matrix cell (?region=&task=).
 */
export default async function ReportCardPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requirePageViewer();
  const parsed = reportCardQuerySchema.safeParse(await searchParams);
  if (!parsed.success) notFound();
  const q = parsed.data;
  const t = await getTranslations("card");
  if ("assignment" in q) {
    const card = await orRefuse(getReportCard(q.assignment, q.report));
    return <ReportCardView card={card} periodHref={(reportId) => `/report-card?assignment=${q.assignment}&report=${reportId}`} />;
  }
  const ids = await orRefuse(listCellAssignments(q.region, q.task));
  const cards = await Promise.all(ids.map((id) => orRefuse(getReportCard(id))));
  // Worst first: the lowest progress (no report counts as 0).
  cards.sort((x, y) => (x.report?.progress ?? -1) - (y.report?.progress ?? -1));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("cellTitle", { count: cards.length })}</h1>
        <p className="text-sm"><Link href={`/tasks/${q.task}?region=${q.region}`} className="text-brand-700 underline">{t("taskPage")}</Link></p>
      </div>
      {cards.length === 0 ? <p className="text-slate-600">{t("noReport")}</p> : cards.map((c) => (
        <div key={c.assignment.id} className="border-t border-slate-200 pt-4">
          <ReportCardView card={c} headingLevel={2} />
          <p className="mt-2 text-sm"><Link href={`/report-card?assignment=${c.assignment.id}`} className="text-brand-700 underline">{t("openOne")}</Link></p>
        </div>
      ))}
    </div>
  );
}
