import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { PlanEditor } from "@/lib/data/plan-editor";
import { shanghaiDate } from "@/lib/domain/dates";
import { displayNumber } from "@/lib/domain/task-tree";
import { localized } from "@/lib/i18n/localized";
import { TaskAddForm } from "./task-add-form";
import { TaskRowControls } from "./task-row-controls";

/** The plan's task tree, one row per task or measure, in outline order; editing controls when the plan may be changed. */
export async function TaskTreeEditor({ editor }: { editor: PlanEditor }) {
  const t = await getTranslations("taskTree");
  const locale = await getLocale();
  const assigned = new Map<number, number>();
  for (const a of editor.assignments) assigned.set(a.taskId, (assigned.get(a.taskId) ?? 0) + 1);
  const { plan } = editor;
  return (
    <div className="space-y-4">
      {editor.tasks.length === 0 && <p className="text-slate-600">{t("empty")}</p>}
      <ol className="divide-y divide-slate-100" data-testid="task-tree">
        {editor.tasks.map((task) => {
          const count = assigned.get(task.id) ?? 0;
          return (
            <li key={task.id} className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2" style={{ paddingLeft: `${(task.depth - 1) * 1.75}rem` }} data-testid="task-row" data-number={task.number}>
              <span className={`w-12 shrink-0 tabular-nums ${task.depth === 1 ? "font-semibold" : "text-slate-500"}`}>{displayNumber(task.number, locale)}</span>
              <div className="min-w-0 flex-1">
                <Link href={`/plans/${plan.id}/tasks/${task.id}`} className={`hover:underline ${task.depth === 1 ? "font-medium" : ""}`}>{localized(locale, task.title, task.titleEn)}</Link>
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  {task.leadOffice && <span>{task.leadOffice}</span>}
                  <span>{task.startDate} – {task.dueDate}</span>
                  {task.weight !== 1 && <span>{t("weight")} {task.weight}</span>}
                  {task.indicators.length > 0 && <span>{t("indicators")} {task.indicators.map((i) => localized(locale, i.name, i.nameEn)).join("、")}</span>}
                  {task.isLeaf && (count > 0 ? <span>{t("assignedTo", { count })}</span> : <span className="text-amber-700">{t("unassigned")}</span>)}
                  {task.hasReports && <span className="text-slate-400">{t("hasReports")}</span>}
                </div>
              </div>
              {editor.canEdit && (
                <TaskRowControls planId={plan.id} canAddChild={count === 0}
                  task={{ id: task.id, parentId: task.parentId, title: task.title, position: task.position, siblings: task.siblings, startDate: task.startDate, dueDate: task.dueDate, leadOffice: task.leadOffice }} />
              )}
            </li>
          );
        })}
      </ol>
      {editor.canEdit && (
        <section aria-labelledby="add-task-heading">
          <h3 id="add-task-heading" className="mb-2 text-sm font-medium">{t("addTask")}</h3>
          <TaskAddForm planId={plan.id} parentId={null} defaults={{ startDate: newTaskStart(plan), dueDate: `${plan.year}-12-31`, leadOffice: "" }} />
        </section>
      )}
    </div>
  );
}

/** A task added to a published plan starts today (it is not back-dated to the meeting); before publication, at the meeting. */
function newTaskStart(plan: { state: string; year: number; meetingDate: string | null }): string {
  const planStart = plan.meetingDate ?? `${plan.year}-01-01`;
  if (plan.state !== "published") return planStart;
  const today = shanghaiDate(new Date());
  return today > planStart && today <= `${plan.year}-12-31` ? today : planStart;
}
