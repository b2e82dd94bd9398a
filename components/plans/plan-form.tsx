"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createPlanAction, updatePlanAction } from "@/lib/actions/plans";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

/** The shared schemas, fetched when the page is idle: zod stays out of the first load. */
const loadPlanSchema = () => import("@/lib/validation/plan").then((m) => m.planSchema);
const loadPlanUpdateSchema = () => import("@/lib/validation/plan").then((m) => m.planUpdateSchema);

export type PlanFormValues = {
  year: number;
  title: string;
  titleEn: string;
  issuingBody: string;
  meetingDate: string | null;
  sourceText: string;
  cadence: "monthly" | "quarterly";
  dueDay: number;
  graceDays: number;
  greenMaxBehind: number;
  yellowMaxBehind: number;
};

/** Creates a plan, or edits one's settings (with planId). */
export function PlanForm({ planId, initial, readOnly = false }: { planId?: number; initial: PlanFormValues; readOnly?: boolean }) {
  const t = useTranslations("planEdit");
  const tc = useTranslations("common");
  const router = useRouter();
  const creating = planId === undefined;
  const form = useFormAction<unknown, { id?: number }>({
    action: creating ? createPlanAction : updatePlanAction,
    schema: creating ? loadPlanSchema : loadPlanUpdateSchema,
    errorText: (code) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null),
    okText: creating ? undefined : t("saved"),
    onOk: (res) => {
      if (creating && res.id !== undefined) router.push(`/plans/${res.id}`);
    },
  });
  const [f, setF] = useState(() => ({ ...initial, meetingDate: initial.meetingDate ?? "", year: String(initial.year), dueDay: String(initial.dueDay), graceDays: String(initial.graceDays), greenMaxBehind: String(initial.greenMaxBehind), yellowMaxBehind: String(initial.yellowMaxBehind) }));
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const field = (k: keyof typeof f, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={label} error={form.error(k)}>
      {(control) => <Input name={k} value={f[k]} onChange={set(k)} {...control} {...props} />}
    </Field>
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    form.submit(creating ? f : { ...f, planId });
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-3" aria-label={creating ? t("newPlanTitle") : t("settings")}>
      <fieldset disabled={readOnly || form.busy} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
          {field("year", t("year"), { inputMode: "numeric" })}
          {field("title", t("title"), { maxLength: 200 })}
        </div>
        {field("titleEn", t("titleEn"))}
        <div className="grid gap-3 sm:grid-cols-2">
          {field("issuingBody", t("issuingBody"))}
          {field("meetingDate", t("meetingDate"), { type: "date" })}
        </div>
        <Field label={t("sourceText")} error={form.error("sourceText")}>
          {(control) => <Textarea name="sourceText" value={f.sourceText} onChange={set("sourceText")} rows={3} {...control} />}
        </Field>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label={t("cadence")} error={form.error("cadence")}>
            {(control) => (
              <Select name="cadence" value={f.cadence} onChange={set("cadence")} {...control}>
                <option value="monthly">{tc("cadence.monthly")}</option>
                <option value="quarterly">{tc("cadence.quarterly")}</option>
              </Select>
            )}
          </Field>
          {field("dueDay", t("dueDay"), { inputMode: "numeric", title: t("dueDayHint") })}
          {field("graceDays", t("graceDays"), { inputMode: "numeric" })}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          {field("greenMaxBehind", t("greenMaxBehind"), { inputMode: "numeric" })}
          {field("yellowMaxBehind", t("yellowMaxBehind"), { inputMode: "numeric" })}
        </div>
        {!readOnly && (
          <div className="flex items-center gap-3">
            <Button type="submit" variant="primary" disabled={form.busy}>
              {creating ? t("create") : t("save")}
            </Button>
            {creating && <Button onClick={() => router.push("/plans")}>{t("cancel")}</Button>}
          </div>
        )}
      </fieldset>
    </form>
  );
}
