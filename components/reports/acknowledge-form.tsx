"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { acknowledgeAction } from "@/lib/actions/reports";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadAcknowledgeSchema = () => import("@/lib/validation/review").then((m) => m.acknowledgeSchema);

/** 签收: names the contact person for a newly assigned measure. */
export function AcknowledgeForm({ assignmentId, contactName }: { assignmentId: number; contactName: string | null }) {
  const t = useTranslations("report");
  const [name, setName] = useState(contactName ?? "");
  const [phone, setPhone] = useState("");
  // No toast: the page shows the report form in its place once it is acknowledged.
  const form = useFormAction({
    action: acknowledgeAction,
    schema: loadAcknowledgeSchema,
    errorText: (code) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null),
  });
  return (
    <form
      className="flex flex-wrap items-start gap-3 rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-200"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        form.submit({ assignmentId, contactName: name, contactPhone: phone || undefined });
      }}
    >
      <span className="w-full font-medium text-amber-900">{t("toAcknowledge")}</span>
      <Field label={t("contactName")} error={form.error("contactName")} className="w-full sm:w-48">
        {(control) => <Input name="contactName" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} autoComplete="name" {...control} />}
      </Field>
      <Field label={t("contactPhone")} error={form.error("contactPhone")} className="w-full sm:w-48">
        {(control) => <Input name="contactPhone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={32} autoComplete="tel" {...control} />}
      </Field>
      <Button type="submit" variant="primary" disabled={form.busy} className="sm:mt-6">{t("acknowledge")}</Button>
    </form>
  );
}
