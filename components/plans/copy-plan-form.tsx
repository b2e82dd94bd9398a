"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { copyPlanAction } from "@/lib/actions/plans";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadCopyPlanSchema = () => import("@/lib/validation/plan").then((m) => m.copyPlanSchema);

/** Starts a year from another year's plan: a new draft with everything copied and dates moved on. */
export function CopyPlanForm({ plans, defaultFrom, defaultYear }: { plans: { id: number; year: number; title: string }[]; defaultFrom?: number; defaultYear: number }) {
  const t = useTranslations("planEdit");
  const router = useRouter();
  const errorText = usePlanErrorText();
  const form = useFormAction<unknown, { id: number }>({
    action: copyPlanAction,
    schema: loadCopyPlanSchema,
    errorText,
    okText: t("copied"),
    onOk: (res) => router.push(`/plans/${res.id}`),
    refresh: false,
  });
  const [from, setFrom] = useState(String(defaultFrom ?? plans[0]?.id ?? ""));
  const [year, setYear] = useState(String(defaultYear));
  const [title, setTitle] = useState("");
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    form.submit({ fromPlanId: from, year, title: title.trim() || undefined });
  };
  return (
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-3" aria-label={t("copyTitle")} data-testid="copy-plan-form">
      <p className="text-sm text-slate-600">{t("copyHint")}</p>
      <div className="grid gap-3 sm:grid-cols-[1fr_8rem]">
        <Field label={t("copyFrom")} error={form.error("fromPlanId")}>
          {(control) => (
            <Select name="fromPlanId" value={from} onChange={(e) => setFrom(e.target.value)} {...control}>
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.year} · {p.title}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("copyYear")} error={form.error("year")}>
          {(control) => <Input name="year" value={year} inputMode="numeric" onChange={(e) => setYear(e.target.value)} {...control} />}
        </Field>
      </div>
      <Field label={t("copyTitleLabel")} error={form.error("title")}>
        {(control) => <Input name="title" value={title} onChange={(e) => setTitle(e.target.value)} {...control} />}
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={form.busy}>
          {t("copy")}
        </Button>
      </div>
    </form>
  );
}
