"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { updateAssignmentAction } from "@/lib/actions/plans";
import { assignmentUpdateSchema } from "@/lib/validation/plan";
import { FieldError, StatusMessage, buttonClass, inputClass, usePlanAction } from "./use-plan-action";

/** One region's assignment of a task: its own dates and contact. */
export function AssignmentDatesForm({ assignment, regionName, readOnly }: { assignment: { id: number; startDate: string; dueDate: string; contactName: string | null; contactPhone: string | null }; regionName: string; readOnly: boolean }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const { busy, errors, message, run, errorText } = usePlanAction();
  const [f, setF] = useState({ startDate: assignment.startDate, dueDate: assignment.dueDate, contactName: assignment.contactName ?? "", contactPhone: assignment.contactPhone ?? "" });
  const id = `asg-${assignment.id}`;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    run({ input: { assignmentId: assignment.id, ...f }, schema: assignmentUpdateSchema, action: updateAssignmentAction, ok: tp("saved") });
  };
  return (
    <form onSubmit={submit} noValidate className="grid items-start gap-2 py-2 sm:grid-cols-[8rem_9rem_9rem_1fr_1fr_auto]" aria-label={regionName}>
      <span className="pt-2 text-sm font-medium">{regionName}</span>
      {(["startDate", "dueDate", "contactName", "contactPhone"] as const).map((k) => (
        <label key={k} className="block text-xs">
          <span className="sr-only sm:not-sr-only">{t(k)}</span>
          <input name={k} type={k.endsWith("Date") ? "date" : "text"} value={f[k]} disabled={readOnly || busy} onChange={(e) => setF({ ...f, [k]: e.target.value })} className={inputClass} aria-label={`${regionName} ${t(k)}`} aria-invalid={Boolean(errors[k])} />
          <FieldError id={`${id}-${k}-err`} code={errors[k]} text={errorText} />
        </label>
      ))}
      {!readOnly && <div className="flex items-center gap-2 pt-4"><button type="submit" className={buttonClass} disabled={busy}>{tp("save")}</button><StatusMessage message={message} /></div>}
    </form>
  );
}
