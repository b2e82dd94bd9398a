"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createPlanAction, updatePlanAction } from "@/lib/actions/plans";
import { planSchema, planUpdateSchema } from "@/lib/validation/plan";
import { FieldError, StatusMessage, buttonClass, inputClass, primaryClass, usePlanAction } from "./use-plan-action";

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
  const { busy, errors, message, run, errorText } = usePlanAction();
  const [f, setF] = useState(() => ({ ...initial, meetingDate: initial.meetingDate ?? "", year: String(initial.year), dueDay: String(initial.dueDay), graceDays: String(initial.graceDays), greenMaxBehind: String(initial.greenMaxBehind), yellowMaxBehind: String(initial.yellowMaxBehind) }));
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const field = (k: keyof typeof f, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="block text-sm">
      {label}
      <input name={k} value={f[k]} onChange={set(k)} className={inputClass} aria-invalid={Boolean(errors[k])} aria-describedby={errors[k] ? `plan-${k}-err` : undefined} {...props} />
      <FieldError id={`plan-${k}-err`} code={errors[k]} text={errorText} />
    </label>
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (planId === undefined) {
      run({ input: f, schema: planSchema, action: createPlanAction, onOk: (res: { id: number }) => router.push(`/plans/${res.id}`) });
    } else {
      run({ input: { ...f, planId }, schema: planUpdateSchema, action: updatePlanAction, ok: t("saved") });
    }
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-3" aria-label={planId === undefined ? t("newPlanTitle") : t("settings")}>
      <fieldset disabled={readOnly || busy} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
          {field("year", t("year"), { inputMode: "numeric" })}
          {field("title", t("title"), { maxLength: 200 })}
        </div>
        {field("titleEn", t("titleEn"))}
        <div className="grid gap-3 sm:grid-cols-2">
          {field("issuingBody", t("issuingBody"))}
          {field("meetingDate", t("meetingDate"), { type: "date" })}
        </div>
        <label className="block text-sm">
          {t("sourceText")}
          <textarea name="sourceText" value={f.sourceText} onChange={set("sourceText")} rows={3} className={inputClass} aria-invalid={Boolean(errors.sourceText)} />
          <FieldError id="plan-sourceText-err" code={errors.sourceText} text={errorText} />
        </label>
        <div className="grid gap-3 sm:grid-cols-3">
          <label className="block text-sm">
            {t("cadence")}
            <select name="cadence" value={f.cadence} onChange={set("cadence")} className={inputClass}>
              <option value="monthly">{tc("cadence.monthly")}</option>
              <option value="quarterly">{tc("cadence.quarterly")}</option>
            </select>
          </label>
          {field("dueDay", t("dueDay"), { inputMode: "numeric", title: t("dueDayHint") })}
          {field("graceDays", t("graceDays"), { inputMode: "numeric" })}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          {field("greenMaxBehind", t("greenMaxBehind"), { inputMode: "numeric" })}
          {field("yellowMaxBehind", t("yellowMaxBehind"), { inputMode: "numeric" })}
        </div>
        {!readOnly && (
          <div className="flex items-center gap-3">
            <button type="submit" className={primaryClass} disabled={busy}>{planId === undefined ? t("create") : t("save")}</button>
            {planId === undefined && <button type="button" className={buttonClass} onClick={() => router.push("/plans")}>{t("cancel")}</button>}
            <StatusMessage message={message} />
          </div>
        )}
      </fieldset>
    </form>
  );
}
