"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { updateAssignmentAction } from "@/lib/actions/plans";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadAssignmentUpdateSchema = () => import("@/lib/validation/plan").then((m) => m.assignmentUpdateSchema);

/** One region's assignment of a task: its own dates and contact. */
export function AssignmentDatesForm({ assignment, regionName, readOnly }: { assignment: { id: number; startDate: string; dueDate: string; contactName: string | null; contactPhone: string | null }; regionName: string; readOnly: boolean }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const errorText = usePlanErrorText();
  const form = useFormAction({ action: updateAssignmentAction, schema: loadAssignmentUpdateSchema, errorText, okText: tp("saved") });
  const [f, setF] = useState({ startDate: assignment.startDate, dueDate: assignment.dueDate, contactName: assignment.contactName ?? "", contactPhone: assignment.contactPhone ?? "" });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    form.submit({ assignmentId: assignment.id, ...f });
  };
  return (
    <form onSubmit={submit} noValidate className="grid items-start gap-2 py-2 sm:grid-cols-[8rem_9rem_9rem_1fr_1fr_auto]" aria-label={regionName}>
      <span className="pt-2 text-sm font-medium">{regionName}</span>
      {(["startDate", "dueDate", "contactName", "contactPhone"] as const).map((k) => (
        <Field key={k} className="text-xs" label={t(k)} error={form.error(k)}>
          {(control) => (
            <Input name={k} type={k.endsWith("Date") ? "date" : "text"} value={f[k]} disabled={readOnly || form.busy} onChange={(e) => setF({ ...f, [k]: e.target.value })} aria-label={`${regionName} ${t(k)}`} {...control} />
          )}
        </Field>
      ))}
      {!readOnly && (
        <div className="flex items-center gap-2 sm:pt-4">
          <Button type="submit" disabled={form.busy}>
            {tp("save")}
          </Button>
        </div>
      )}
    </form>
  );
}
