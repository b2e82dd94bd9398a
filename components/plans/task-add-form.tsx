"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { createTaskAction } from "@/lib/actions/plans";
import { OfficeSelect } from "./office-select";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadTaskCreateSchema = () => import("@/lib/validation/plan").then((m) => m.taskCreateSchema);

/** Adds a key task (no parent) or a measure under a task; dates start as the parent's. */
export function TaskAddForm({ planId, parentId, defaults, onDone }: { planId: number; parentId: number | null; defaults: { startDate: string; dueDate: string; leadOffice: string }; onDone?: () => void }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const errorText = usePlanErrorText();
  const empty = { title: "", leadOffice: defaults.leadOffice, startDate: defaults.startDate, dueDate: defaults.dueDate };
  const [f, setF] = useState(empty);
  const form = useFormAction({
    action: createTaskAction,
    schema: loadTaskCreateSchema,
    errorText,
    okText: tp("created"),
    onOk: () => {
      setF(empty);
      onDone?.();
    },
  });
  const id = `add-${parentId ?? "top"}`;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    form.submit({ planId, parentId, ...f });
  };
  const field = (k: keyof typeof f, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={label} error={form.error(k)}>
      {(control) => <Input name={k} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} {...control} {...props} />}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate className="grid gap-2 rounded-md bg-slate-50 p-3 sm:grid-cols-[2fr_1fr_9rem_9rem_auto] sm:items-start" aria-label={parentId === null ? t("addTask") : t("addMeasure")} data-testid={`${id}-form`}>
      {field("title", t("titleLabel"), { maxLength: 500 })}
      <Field label={t("leadOffice")} error={form.error("leadOffice")}>
        {(control) => <OfficeSelect name="leadOffice" value={f.leadOffice} onChange={(v) => setF({ ...f, leadOffice: v })} {...control} />}
      </Field>
      {field("startDate", t("startDate"), { type: "date" })}
      {field("dueDate", t("dueDate"), { type: "date" })}
      <div className="flex items-center gap-2 sm:pt-6">
        <Button type="submit" variant="primary" disabled={form.busy}>
          {t("add")}
        </Button>
        {onDone && <Button onClick={onDone}>{tp("cancel")}</Button>}
      </div>
    </form>
  );
}
