"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { updateTaskAction } from "@/lib/actions/plans";
import { OfficeSelect } from "./office-select";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadTaskUpdateSchema = () => import("@/lib/validation/plan").then((m) => m.taskUpdateSchema);

export type TaskFormValues = { title: string; titleEn: string; description: string; leadOffice: string; startDate: string; dueDate: string; weight: number };

/** Edits a task's title, description, lead office, dates and weight. */
export function TaskForm({ taskId, initial, readOnly }: { taskId: number; initial: TaskFormValues; readOnly: boolean }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const errorText = usePlanErrorText();
  const form = useFormAction({ action: updateTaskAction, schema: loadTaskUpdateSchema, errorText, okText: tp("saved") });
  const [f, setF] = useState({ ...initial, weight: String(initial.weight) });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setF({ ...f, [k]: e.target.value });
  const field = (k: keyof typeof f, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={label} error={form.error(k)}>
      {(control) => <Input name={k} value={f[k]} onChange={set(k)} {...control} {...props} />}
    </Field>
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    form.submit({ taskId, ...f });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={t("editTask")} data-testid="task-form">
      <fieldset disabled={readOnly || form.busy} className="space-y-3">
        {field("title", t("titleLabel"), { maxLength: 500 })}
        {field("titleEn", t("titleEn"))}
        <Field label={t("description")} error={form.error("description")}>
          {(control) => <Textarea name="description" value={f.description} onChange={set("description")} rows={3} {...control} />}
        </Field>
        <div className="grid gap-3 sm:grid-cols-4">
          <Field label={t("leadOffice")} error={form.error("leadOffice")}>
            {(control) => <OfficeSelect name="leadOffice" value={f.leadOffice} onChange={(v) => setF({ ...f, leadOffice: v })} {...control} />}
          </Field>
          {field("startDate", t("startDate"), { type: "date" })}
          {field("dueDate", t("dueDate"), { type: "date" })}
          {field("weight", t("weight"), { inputMode: "decimal" })}
        </div>
        {!readOnly && (
          <div className="flex items-center gap-3">
            <Button type="submit" variant="primary" disabled={form.busy}>
              {tp("save")}
            </Button>
          </div>
        )}
      </fieldset>
    </form>
  );
}
