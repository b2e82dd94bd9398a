"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { updateTaskAction } from "@/lib/actions/plans";
import { taskUpdateSchema } from "@/lib/validation/plan";
import { OfficeSelect } from "./office-select";
import { FieldError, StatusMessage, inputClass, primaryClass, usePlanAction } from "./use-plan-action";

export type TaskFormValues = { title: string; titleEn: string; description: string; leadOffice: string; startDate: string; dueDate: string; weight: number };

/** Edits a task's title, description, lead office, dates and weight. */
export function TaskForm({ taskId, initial, readOnly }: { taskId: number; initial: TaskFormValues; readOnly: boolean }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const { busy, errors, message, run, errorText } = usePlanAction();
  const [f, setF] = useState({ ...initial, weight: String(initial.weight) });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setF({ ...f, [k]: e.target.value });
  const field = (k: keyof typeof f, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="block text-sm">
      {label}
      <input name={k} value={f[k]} onChange={set(k)} className={inputClass} aria-invalid={Boolean(errors[k])} aria-describedby={errors[k] ? `task-${k}-err` : undefined} {...props} />
      <FieldError id={`task-${k}-err`} code={errors[k]} text={errorText} />
    </label>
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    run({ input: { taskId, ...f }, schema: taskUpdateSchema, action: updateTaskAction, ok: tp("saved") });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={t("editTask")} data-testid="task-form">
      <fieldset disabled={readOnly || busy} className="space-y-3">
        {field("title", t("titleLabel"), { maxLength: 500 })}
        {field("titleEn", t("titleEn"))}
        <label className="block text-sm">
          {t("description")}
          <textarea name="description" value={f.description} onChange={set("description")} rows={3} className={inputClass} />
          <FieldError id="task-description-err" code={errors.description} text={errorText} />
        </label>
        <div className="grid gap-3 sm:grid-cols-4">
          <label className="block text-sm">
            {t("leadOffice")}
            <OfficeSelect name="leadOffice" value={f.leadOffice} onChange={(v) => setF({ ...f, leadOffice: v })} className={inputClass} invalid={Boolean(errors.leadOffice)} describedBy={errors.leadOffice ? "task-leadOffice-err" : undefined} />
            <FieldError id="task-leadOffice-err" code={errors.leadOffice} text={errorText} />
          </label>
          {field("startDate", t("startDate"), { type: "date" })}
          {field("dueDate", t("dueDate"), { type: "date" })}
          {field("weight", t("weight"), { inputMode: "decimal" })}
        </div>
        {!readOnly && (
          <div className="flex items-center gap-3">
            <button type="submit" className={primaryClass} disabled={busy}>{tp("save")}</button>
            <StatusMessage message={message} />
          </div>
        )}
      </fieldset>
    </form>
  );
}
