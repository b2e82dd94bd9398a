import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AssignmentMatrix } from "@/components/plans/assignment-matrix";
import { PlanForm } from "@/components/plans/plan-form";
import { PlanStateButtons } from "@/components/plans/plan-state-buttons";
import { OfficesProvider } from "@/components/plans/office-select";
import { TaskTreeEditor } from "@/components/plans/task-tree-editor";
import { Card } from "@/components/ui/card";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { listOffices } from "@/lib/data/offices";
import { getPlanEditor } from "@/lib/data/plan-editor";
import { localized } from "@/lib/i18n/localized";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string }> };
const tabs = ["tree", "matrix", "settings"] as const;

function planIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: `${t("plans")} ${(await params).id}` };
}

/** One plan: its task tree, the assignment matrix and its settings, one tab at a time (the tab lives in the URL). */
export default async function PlanPage({ params, searchParams }: Props) {
  await requirePageViewer();
  const planId = planIdOf((await params).id);
  const requested = (await searchParams).tab;
  const tab = tabs.find((x) => x === requested) ?? "tree";
  const editor = await orRefuse(getPlanEditor(planId));
  // 牵头处室 is picked from the department's list, for those who may edit.
  const offices = editor.canEdit ? await orRefuse(listOffices()) : [];
  const t = await getTranslations("planEdit");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  const { plan } = editor;
  const leaves = editor.tasks.filter((x) => x.isLeaf);
  const dueOf = new Map(editor.tasks.map((x) => [x.id, x.dueDate]));
  const regionName = (r: { nameZh: string; nameEn: string }) => localized(locale, r.nameZh, r.nameEn);

  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <p className="text-sm"><Link href={`/plans?year=${plan.year}`} className="text-brand-700 underline">{tc("year")} {plan.year}</Link></p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{localized(locale, plan.title, plan.titleEn)}</h1>
          <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700" data-testid="plan-state">{tc(`planStates.${plan.state}`)}</span>
          {plan.isDemo && <span className="rounded bg-amber-500 px-2 py-0.5 text-xs font-semibold text-white">{t("demo")}</span>}
        </div>
        <p className="text-sm text-slate-500">
          {plan.issuingBody} · {tc(`cadence.${plan.cadence}`)} · {t("summary", { tasks: editor.tasks.length, leaves: leaves.length, assignments: editor.assignments.length })}
        </p>
        {editor.canManage && (
          <div className="flex flex-wrap items-center gap-3">
            <PlanStateButtons planId={plan.id} state={plan.state} />
            <a href={`/api/plans/${plan.id}/export`} className="text-sm text-brand-700 underline" download>{t("export")}</a>
            {editor.canEdit && <Link href={`/plans/${plan.id}/import`} className="text-sm text-brand-700 underline">{t("import")}</Link>}
          </div>
        )}
        {plan.state === "closed" && <p className="text-sm text-amber-700">{t("readOnly")}</p>}
        {!editor.canManage && <p className="text-sm text-slate-500">{t("viewOnly")}</p>}
      </div>

      <nav aria-label={t("settings")} className="flex gap-1 border-b border-slate-200">
        {tabs.map((x) => (
          <Link key={x} href={`/plans/${plan.id}?tab=${x}`} aria-current={x === tab ? "page" : undefined}
            className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm aria-[current=page]:border-brand-600 aria-[current=page]:font-medium">
            {t(x)}
          </Link>
        ))}
      </nav>

      <Card>
        {tab === "tree" && <OfficesProvider offices={offices}><TaskTreeEditor editor={editor} /></OfficesProvider>}
        {tab === "matrix" && (
          <AssignmentMatrix
            planId={plan.id}
            canEdit={editor.canEdit}
            published={plan.state === "published"}
            leaves={leaves.map((l) => ({ id: l.id, number: l.number, title: localized(locale, l.title, l.titleEn), dueDate: l.dueDate }))}
            regions={editor.regions.map((r) => ({ code: r.code, name: regionName(r) }))}
            assigned={editor.assignments.map((a) => [a.taskId, a.regionCode, a.dueDate === dueOf.get(a.taskId) ? null : a.dueDate, a.hasReports])}
          />
        )}
        {tab === "settings" && (
          <PlanForm planId={plan.id} readOnly={!editor.canEdit}
            initial={{ year: plan.year, title: plan.title, titleEn: plan.titleEn, issuingBody: plan.issuingBody, meetingDate: plan.meetingDate, sourceText: plan.sourceText, cadence: plan.cadence, dueDay: plan.dueDay, graceDays: plan.graceDays, greenMaxBehind: plan.greenMaxBehind, yellowMaxBehind: plan.yellowMaxBehind }} />
        )}
      </Card>

      {tab === "tree" && editor.archived.length > 0 && (
        <section aria-labelledby="archived-heading" className="text-sm">
          <h2 id="archived-heading" className="mb-1 font-medium text-slate-600">{t("archived")}</h2>
          <ul className="space-y-0.5 text-slate-500">
            {editor.archived.map((a) => (
              <li key={a.id}>
                {editor.canManage ? <Link href={`/plans/${plan.id}/tasks/${a.id}`} className="hover:underline">{a.title}</Link> : a.title}
                <span className="ml-2 text-xs">{t("archivedAt")} {a.archivedAt.slice(0, 10)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
