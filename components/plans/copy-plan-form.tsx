"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { copyPlanAction } from "@/lib/actions/plans";
import { copyPlanSchema } from "@/lib/validation/plan";
import { FieldError, StatusMessage, inputClass, primaryClass, usePlanAction } from "./use-plan-action";

/** Starts a year from another year's plan: a new draft with everything copied and dates moved on. */
export function CopyPlanForm({ plans, defaultFrom, defaultYear }: { plans: { id: number; year: number; title: string }[]; defaultFrom?: number; defaultYear: number }) {
  const t = useTranslations("planEdit");
  const router = useRouter();
  const { busy, errors, message, run, errorText } = usePlanAction();
  const [from, setFrom] = useState(String(defaultFrom ?? plans[0]?.id ?? ""));
  const [year, setYear] = useState(String(defaultYear));
  const [title, setTitle] = useState("");
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    run({ input: { fromPlanId: from, year, title: title.trim() || undefined }, schema: copyPlanSchema, action: copyPlanAction, onOk: (res: { id: number }) => router.push(`/plans/${res.id}`) });
  };
  return (
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-3" aria-label={t("copyTitle")} data-testid="copy-plan-form">
      <p className="text-sm text-slate-600">{t("copyHint")}</p>
      <div className="grid gap-3 sm:grid-cols-[1fr_8rem]">
        <label className="block text-sm">
          {t("copyFrom")}
          <select name="fromPlanId" value={from} onChange={(e) => setFrom(e.target.value)} className={inputClass}>
            {plans.map((p) => <option key={p.id} value={p.id}>{p.year} · {p.title}</option>)}
          </select>
          <FieldError id="copy-from-err" code={errors.fromPlanId} text={errorText} />
        </label>
        <label className="block text-sm">
          {t("copyYear")}
          <input name="year" value={year} inputMode="numeric" onChange={(e) => setYear(e.target.value)} className={inputClass} aria-invalid={Boolean(errors.year)} />
          <FieldError id="copy-year-err" code={errors.year} text={errorText} />
        </label>
      </div>
      <label className="block text-sm">
        {t("copyTitleLabel")}
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} className={inputClass} aria-invalid={Boolean(errors.title)} />
        <FieldError id="copy-title-err" code={errors.title} text={errorText} />
      </label>
      <div className="flex items-center gap-3">
        <button type="submit" className={primaryClass} disabled={busy}>{t("copy")}</button>
        <StatusMessage message={message} />
      </div>
    </form>
  );
}
