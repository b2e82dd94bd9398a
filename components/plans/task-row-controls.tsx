"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { moveTaskAction } from "@/lib/actions/plans";
import { TaskAddForm } from "./task-add-form";
import { StatusMessage, buttonClass, usePlanAction } from "./use-plan-action";

/** A tree row's buttons: up, down, and add a measure under it. */
export function TaskRowControls(props: {
  planId: number;
  task: { id: number; parentId: number | null; title: string; position: number; siblings: number; startDate: string; dueDate: string; leadOffice: string };
  canAddChild: boolean;
}) {
  const { task } = props;
  const t = useTranslations("taskTree");
  const { busy, message, run } = usePlanAction();
  const [adding, setAdding] = useState(false);
  const move = (delta: number) => run({ input: { taskId: task.id, parentId: task.parentId, position: task.position + delta }, action: moveTaskAction });
  const small = `${buttonClass} px-2 py-0.5 text-xs`;
  return (
    <>
      <span className="flex shrink-0 items-center gap-1">
        <button type="button" className={small} disabled={busy || task.position === 0} onClick={() => move(-1)} aria-label={t("moveUpOf", { title: task.title })}>↑</button>
        <button type="button" className={small} disabled={busy || task.position >= task.siblings - 1} onClick={() => move(1)} aria-label={t("moveDownOf", { title: task.title })}>↓</button>
        {props.canAddChild && (
          <button type="button" className={small} disabled={busy} onClick={() => setAdding(!adding)} aria-expanded={adding}>+ {t("addMeasure")}</button>
        )}
        <StatusMessage message={message} />
      </span>
      {adding && (
        <div className="basis-full">
          <TaskAddForm planId={props.planId} parentId={task.id} defaults={{ startDate: task.startDate, dueDate: task.dueDate, leadOffice: task.leadOffice }} onDone={() => setAdding(false)} />
        </div>
      )}
    </>
  );
}
