import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AssignmentDatesForm } from "@/components/plans/assignment-dates-form";
import { IndicatorForm } from "@/components/plans/indicator-form";
import { TaskDeleteButton } from "@/components/plans/task-delete-button";
import { OfficesProvider } from "@/components/plans/office-select";
import { TaskForm } from "@/components/plans/task-form";
import { TaskHistory } from "@/components/plans/task-history";
import { TaskMoveForm } from "@/components/plans/task-move-form";
import { Card } from "@/components/ui/card";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { listOffices } from "@/lib/data/offices";
import { getTaskEditor } from "@/lib/data/plan-editor";
import { displayNumber } from "@/lib/domain/task-tree";
import { localized } from "@/lib/i18n/localized";

type Props = { params: Promise<{ id: string; taskId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("taskTree"))("editTask") };
}

/** One task of a plan: edit it, move or delete it, its indicators, its regions' dates, and its history. */
export default async function TaskPage({ params }: Props) {
  await requirePageViewer();
  const { id, taskId } = await params;
  const tid = Number(taskId);
  if (!Number.isSafeInteger(tid) || tid <= 0) notFound();
  const editor = await orRefuse(getTaskEditor(tid));
  if (String(editor.plan.id) !== id) notFound();
  const t = await getTranslations("taskTree");
  const locale = await getLocale();
  const { plan, task } = editor;
  const regions = editor.regions.map((r) => ({ code: r.code, name: localized(locale, r.nameZh, r.nameEn) }));
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const readOnly = !editor.canEdit;
  const offices = readOnly ? [] : await orRefuse(listOffices());

  return (
    <div className="space-y-6">
      <p className="text-sm"><Link href={`/plans/${plan.id}`} className="text-brand-700 underline">← {t("backToPlan")}: {plan.year} · {localized(locale, plan.title, plan.titleEn)}</Link></p>
      {task ? (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold"><span className="mr-2 text-slate-400">{displayNumber(task.number, locale)}</span>{localized(locale, task.title, task.titleEn)}</h1>
            {task.hasReports && <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{t("hasReports")}</span>}
          </div>
          <Card>
            <OfficesProvider offices={offices}>
              <TaskForm taskId={task.id} readOnly={readOnly} initial={{ title: task.title, titleEn: task.titleEn, description: task.description, leadOffice: task.leadOffice, startDate: task.startDate, dueDate: task.dueDate, weight: task.weight }} />
            </OfficesProvider>
          </Card>
          {!readOnly && (
            <Card className="flex flex-wrap items-end justify-between gap-4">
              <TaskMoveForm taskId={task.id} parentId={task.parentId} parents={editor.parents} />
              <TaskDeleteButton planId={plan.id} taskId={task.id} title={task.title} hasReports={task.hasReports} />
            </Card>
          )}
          <Card aria-labelledby="indicators-heading" className="space-y-3">
            <h2 id="indicators-heading" className="font-semibold">{t("indicators")}</h2>
            {task.indicators.map((i) => (
              <IndicatorForm key={`${i.id}-${JSON.stringify(i)}`} taskId={task.id} indicatorId={i.id} regions={regions} readOnly={readOnly}
                initial={{ name: i.name, nameEn: i.nameEn, unit: i.unit, direction: i.direction, baseline: i.baseline, target: i.target, regionTargets: i.regionTargets.map((r) => ({ regionCode: r.regionCode, target: r.target })) }} />
            ))}
            {!readOnly && <IndicatorForm taskId={task.id} regions={regions} readOnly={false} />}
          </Card>
          {task.isLeaf && (
            <Card aria-labelledby="assignments-heading">
              <h2 id="assignments-heading" className="font-semibold">{t("assignments")}</h2>
              <p className="mb-2 text-sm text-slate-500">
                {t("assignmentsHint")} <Link href={`/plans/${plan.id}?tab=matrix`} className="text-brand-700 underline">→</Link>
              </p>
              {editor.taskAssignments.length === 0 && <p className="text-sm text-slate-500">{t("noAssignments")}</p>}
              <div className="divide-y divide-slate-100">
                {editor.taskAssignments.map((a) => (
                  <AssignmentDatesForm key={`${a.id}-${a.startDate}-${a.dueDate}`} assignment={a} regionName={regionName.get(a.regionCode) ?? a.regionCode} readOnly={readOnly} />
                ))}
              </div>
            </Card>
          )}
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold">{editor.archivedTitle}</h1>
          <p className="text-amber-700">{t("archivedTask")}</p>
        </>
      )}
      <Card aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 font-semibold">{t("history")}</h2>
        <TaskHistory entries={editor.history} />
      </Card>
    </div>
  );
}
