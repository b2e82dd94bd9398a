"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";
import { moveTaskAction } from "@/lib/actions/plans";
import { TaskAddForm } from "./task-add-form";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadTaskMoveSchema = () => import("@/lib/validation/plan").then((m) => m.taskMoveSchema);

/** A tree row's buttons: up, down, and add a measure under it. */
export function TaskRowControls(props: {
  planId: number;
  task: { id: number; parentId: number | null; title: string; position: number; siblings: number; startDate: string; dueDate: string; leadOffice: string };
  canAddChild: boolean;
}) {
  const { task } = props;
  const t = useTranslations("taskTree");
  const errorText = usePlanErrorText();
  // The row moves in the tree: no toast needed when it worked.
  const form = useFormAction({ action: moveTaskAction, schema: loadTaskMoveSchema, errorText });
  const [adding, setAdding] = useState(false);
  const move = (delta: number) => form.submit({ taskId: task.id, parentId: task.parentId, position: task.position + delta });
  return (
    <>
      <span className="flex shrink-0 items-center gap-1">
        <Button size="sm" disabled={form.busy || task.position === 0} onClick={() => move(-1)} aria-label={t("moveUpOf", { title: task.title })}>
          ↑
        </Button>
        <Button size="sm" disabled={form.busy || task.position >= task.siblings - 1} onClick={() => move(1)} aria-label={t("moveDownOf", { title: task.title })}>
          ↓
        </Button>
        {props.canAddChild && (
          <Button size="sm" disabled={form.busy} onClick={() => setAdding(!adding)} aria-expanded={adding}>
            + {t("addMeasure")}
          </Button>
        )}
      </span>
      {adding && (
        <div className="basis-full">
          <TaskAddForm planId={props.planId} parentId={task.id} defaults={{ startDate: task.startDate, dueDate: task.dueDate, leadOffice: task.leadOffice }} onDone={() => setAdding(false)} />
        </div>
      )}
    </>
  );
}
