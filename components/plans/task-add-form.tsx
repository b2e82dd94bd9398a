"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { createTaskAction } from "@/lib/actions/plans";
import { taskCreateSchema } from "@/lib/validation/plan";
import { OfficeSelect } from "./office-select";
import { FieldError, StatusMessage, buttonClass, inputClass, primaryClass, usePlanAction } from "./use-plan-action";

/** Adds a key task (no parent) or a measure under a task; dates start as the parent's. */
export function TaskAddForm({ planId, parentId, defaults, onDone }: { planId: number; parentId: number | null; defaults: { startDate: string; dueDate: string; leadOffice: string }; onDone?: () => void }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const { busy, errors, message, run, errorText } = usePlanAction();
  const empty = { title: "", leadOffice: defaults.leadOffice, startDate: defaults.startDate, dueDate: defaults.dueDate };
  const [f, setF] = useState(empty);
  const id = `add-${parentId ?? "top"}`;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    run({ input: { planId, parentId, ...f }, schema: taskCreateSchema, action: createTaskAction, ok: tp("created"), onOk: () => { setF(empty); onDone?.(); } });
  };
  const field = (k: keyof typeof f, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="block text-sm">
      {label}
      <input name={k} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} className={inputClass} aria-invalid={Boolean(errors[k])} aria-describedby={errors[k] ? `${id}-${k}-err` : undefined} {...props} />
      <FieldError id={`${id}-${k}-err`} code={errors[k]} text={errorText} />
    </label>
  );
  return (
    <form onSubmit={submit} noValidate className="grid gap-2 rounded-md bg-slate-50 p-3 sm:grid-cols-[2fr_1fr_9rem_9rem_auto] sm:items-start" aria-label={parentId === null ? t("addTask") : t("addMeasure")} data-testid={`${id}-form`}>
      {field("title", t("titleLabel"), { maxLength: 500 })}
      <label className="block text-sm">
        {t("leadOffice")}
        <OfficeSelect name="leadOffice" value={f.leadOffice} onChange={(v) => setF({ ...f, leadOffice: v })} className={inputClass} invalid={Boolean(errors.leadOffice)} describedBy={errors.leadOffice ? `${id}-leadOffice-err` : undefined} />
        <FieldError id={`${id}-leadOffice-err`} code={errors.leadOffice} text={errorText} />
      </label>
      {field("startDate", t("startDate"), { type: "date" })}
      {field("dueDate", t("dueDate"), { type: "date" })}
      <div className="flex items-center gap-2 pt-6">
        <button type="submit" className={primaryClass} disabled={busy}>{t("add")}</button>
        {onDone && <button type="button" className={buttonClass} onClick={onDone}>{tp("cancel")}</button>}
      </div>
      <div className="sm:col-span-5"><StatusMessage message={message} /></div>
    </form>
  );
}
