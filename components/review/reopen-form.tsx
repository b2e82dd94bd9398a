"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { reopenAction } from "@/lib/actions/review";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadReopenSchema = () => import("@/lib/validation/review").then((m) => m.reopenSchema);

/** Opens a closed period again for one region of one plan, for some days (audited). */
export function ReopenForm({ plans, regions }: { plans: { id: number; label: string }[]; regions: { code: string; label: string }[] }) {
  const t = useTranslations("review");
  const [f, setF] = useState({ planId: String(plans[0]?.id ?? ""), regionCode: regions[0]?.code ?? "", period: "", days: "7" });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const form = useFormAction({
    action: reopenAction,
    schema: loadReopenSchema,
    errorText: (code) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null),
    okText: (res: { openUntil: string }) => t("reopened", { until: res.openUntil }),
  });
  return (
    <Card>
      <h2 className="mb-2 font-semibold">{t("reopenTitle")}</h2>
      <form
        className="flex flex-wrap items-start gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          form.submit({ planId: Number(f.planId), regionCode: f.regionCode, period: f.period.trim(), days: Number(f.days) });
        }}
      >
        <Field label={t("plan")} error={form.error("planId")} className="w-full min-w-0 sm:w-auto">
          {(control) => <Select name="planId" value={f.planId} onChange={set("planId")} {...control}>{plans.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}</Select>}
        </Field>
        <Field label={t("region")} error={form.error("regionCode")}>
          {(control) => <Select name="regionCode" value={f.regionCode} onChange={set("regionCode")} {...control}>{regions.map((r) => <option key={r.code} value={r.code}>{r.label}</option>)}</Select>}
        </Field>
        <Field label={t("period")} error={form.error("period")} className="w-32">
          {(control) => <Input name="period" value={f.period} onChange={set("period")} placeholder="2026-10" {...control} />}
        </Field>
        <Field label={t("days")} error={form.error("days")} className="w-20">
          {(control) => <Input name="days" type="number" min={1} max={30} value={f.days} onChange={set("days")} {...control} />}
        </Field>
        <Button type="submit" disabled={form.busy} className="sm:mt-6">{t("reopen")}</Button>
      </form>
    </Card>
  );
}
