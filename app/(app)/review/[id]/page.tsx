import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { DecisionForm } from "@/components/review/decision-form";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Table, Td, Th, tableCells } from "@/components/ui/table";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { DeliveryLog } from "@/components/reminders/delivery-log";
import { listDeliveries } from "@/lib/data/delivery-log";
import { listReportAttachments } from "@/lib/data/attachments";
import { listReportVersions } from "@/lib/data/reports";
import { getReviewItem, listReviewQueue } from "@/lib/data/review";
import { changesSinceReturn } from "@/lib/domain/diff";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("title") };
}

/** One report beside the previous period's and the assignment's targets; approve or return. */
export default async function ReviewItemPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageViewer();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const t = await getTranslations("review");
  const tr = await getTranslations("report");
  const tc = await getTranslations("common");
  const { report: r, previous, indicators } = await orRefuse(getReviewItem(id));
  const [files, versions, queue] = await Promise.all([orRefuse(listReportAttachments(id)), orRefuse(listReportVersions(id)), orRefuse(listReviewQueue())]);
  // A resubmission: the earlier return's opinion and what the bureau changed since.
  const since = changesSinceReturn(versions);
  const th = await getTranslations("history");
  const fieldLabel = (f: string) => {
    if (f.startsWith("indicator:")) {
      const ind = indicators.find((i) => i.indicatorId === Number(f.slice(10)));
      return ind ? `${ind.name} (${ind.unit})` : f;
    }
    return tr(f);
  };
  const valueLabel = (f: string, v: string) => (f === "status" && v ? tr(`statuses.${v}`) : v || "—");
  // The next report to review: the one after this in the queue's order, else the first other one.
  const at = queue.findIndex((q) => q.reportId === id);
  const next = (at >= 0 ? queue.slice(at + 1) : []).concat(queue).find((q) => q.reportId !== id) ?? null;
  const column = (title: string, data: { progress: number; status: string; workDone: string; problems: string; nextSteps: string } | null) => (
    <Card as="div">
      <h2 className="mb-2 font-semibold">{title}</h2>
      {!data ? <p className="text-sm text-slate-500">{tr("noPrevious")}</p> : (
        <dl className="space-y-2 text-sm">
          <div><dt className="text-xs text-slate-500">{tr("progress")} / {tr("status")}</dt><dd className="tabular-nums">{data.progress}% · {tr(`statuses.${data.status}`)}</dd></div>
          <div><dt className="text-xs text-slate-500">{tr("workDone")}</dt><dd className="whitespace-pre-wrap">{data.workDone || "—"}</dd></div>
          <div><dt className="text-xs text-slate-500">{tr("problems")}</dt><dd className="whitespace-pre-wrap">{data.problems || "—"}</dd></div>
          <div><dt className="text-xs text-slate-500">{tr("nextSteps")}</dt><dd className="whitespace-pre-wrap">{data.nextSteps || "—"}</dd></div>
        </dl>
      )}
    </Card>
  );
  return (
    <div className="space-y-4">
      <div>
        <Link href="/review" className="text-sm text-brand-700 underline">← {t("title")}</Link>
        <h1 className="mt-1 text-2xl font-semibold">{r.taskNumber} {r.taskTitle}</h1>
        <p className="text-sm text-slate-500">{r.regionName} · {r.period} · {tc(`reportStates.${r.state}`)} · v{r.version} · {tc("dueDate")} {r.dueDate} · <Link href={`/reports/${r.id}`} className="underline">{t("history")}</Link></p>
      </div>
      {since && (
        <section className="rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="since-return">
          <h2 className="font-semibold">{t("resubmitted")}</h2>
          <p className="mt-1 text-sm"><span className="text-slate-600">{t("returnedWith")}</span>“{since.returned.reviewComment ?? ""}”</p>
          {since.changes.length === 0 ? <p className="mt-2 text-sm text-red-700">{t("nothingChanged")}</p> : (
            <div className="mt-2 overflow-x-auto">
              <table className={cx("w-full min-w-[28rem] text-sm", tableCells)}>
                <caption className="text-left text-xs text-slate-500">{t("changedSince")}</caption>
                <thead className="text-left text-xs text-slate-500"><tr><th className="py-1 pr-3">{th("field")}</th><th className="pr-3">{th("before")}</th><th>{th("after")}</th></tr></thead>
                <tbody>
                  {since.changes.map((c) => (
                    <tr key={c.field} className="border-t border-amber-100 align-top">
                      <td className="py-1 pr-3 whitespace-nowrap">{fieldLabel(c.field)}</td>
                      <td className="whitespace-pre-wrap break-words pr-3 text-red-700 line-through decoration-red-300">{valueLabel(c.field, c.before)}</td>
                      <td className="whitespace-pre-wrap break-words text-emerald-800">{valueLabel(c.field, c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        {column(t("thisReport", { period: r.period }), r)}
        {column(previous ? t("previousReport", { period: previous.period }) : t("previousNone"), previous)}
      </div>
      {indicators.length > 0 && (
        <section aria-labelledby="review-indicators">
          <h2 id="review-indicators" className="mb-2 font-semibold">{tr("indicators")}</h2>
          <Table>
            <thead><tr><Th>{tr("indicator")}</Th><Th>{tr("baseline")}</Th><Th>{tr("myTarget")}</Th><Th>{tr("actual")}</Th></tr></thead>
            <tbody>
              {indicators.map((i) => (
                <tr key={i.indicatorId}>
                  <Td>{i.name} <span className="text-xs text-slate-400">({i.unit}, {tr(i.direction)})</span></Td>
                  <Td className="tabular-nums">{i.baseline ?? "—"}</Td>
                  <Td className="tabular-nums">{i.target ?? "—"}</Td>
                  <Td className="tabular-nums font-medium">{i.value ?? "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      )}
      <Card>
        <h2 className="mb-2 font-semibold">{t("files")}</h2>
        {files.length === 0 ? <p className="text-sm text-slate-500">{t("noFiles")}</p> : (
          <ul className="list-disc pl-5 text-sm">
            {files.map((f) => <li key={f.id}><a href={`/api/attachments/${f.id}`} className="text-brand-700 underline">{f.fileName}</a></li>)}
          </ul>
        )}
      </Card>
      {/* Always at this place in the tree: the decision's own re-render of this page (the report no longer awaiting review) keeps the form's confirmation. */}
      <DecisionForm reportId={r.id} version={r.version} open={r.state === "submitted"} nextId={next?.reportId ?? null} remaining={queue.filter((q) => q.reportId !== id).length}>
        {r.reviewComment && <p className="text-sm">{t("comment")}: {r.reviewComment}</p>}
      </DecisionForm>
      {can(viewer, "delivery.read") && <DeliveryLog items={await orRefuse(listDeliveries({ assignmentId: r.assignmentId, limit: 50 }))} />}
    </div>
  );
}
