"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { createIndicatorAction, deleteIndicatorAction, updateIndicatorAction } from "@/lib/actions/plans";
import { indicatorCreateSchema, indicatorUpdateSchema } from "@/lib/validation/plan";
import { FieldError, StatusMessage, buttonClass, inputClass, primaryClass, usePlanAction } from "./use-plan-action";

export type IndicatorValues = { name: string; nameEn: string; unit: string; direction: "higher" | "lower"; baseline: number | null; target: number | null; regionTargets: { regionCode: string; target: number }[] };

const blank: IndicatorValues = { name: "", nameEn: "", unit: "", direction: "higher", baseline: null, target: null, regionTargets: [] };

/** One indicator: name, unit, direction, baseline, overall target, and the regions' own targets where they differ. */
export function IndicatorForm({ taskId, indicatorId, initial = blank, regions, readOnly }: { taskId: number; indicatorId?: number; initial?: IndicatorValues; regions: { code: string; name: string }[]; readOnly: boolean }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const { busy, errors, message, run, errorText } = usePlanAction();
  const str = (v: number | null) => (v === null ? "" : String(v));
  const start = () => ({
    name: initial.name, nameEn: initial.nameEn, unit: initial.unit, direction: initial.direction, baseline: str(initial.baseline), target: str(initial.target),
    regional: Object.fromEntries(initial.regionTargets.map((r) => [r.regionCode, String(r.target)])) as Record<string, string>,
  });
  const [f, setF] = useState(start);
  const id = `ind-${indicatorId ?? "new"}`;
  const badRegion = regions.find((r) => (f.regional[r.code] ?? "").trim() !== "" && !Number.isFinite(Number(f.regional[r.code])));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const regionTargets = regions.filter((r) => (f.regional[r.code] ?? "").trim() !== "").map((r) => ({ regionCode: r.code, target: Number(f.regional[r.code]) }));
    const base = { name: f.name, nameEn: f.nameEn, unit: f.unit, direction: f.direction, baseline: f.baseline, target: f.target, regionTargets };
    if (indicatorId === undefined) run({ input: { taskId, ...base }, schema: indicatorCreateSchema, action: createIndicatorAction, ok: tp("created"), onOk: () => setF(start()) });
    else run({ input: { indicatorId, ...base }, schema: indicatorUpdateSchema, action: updateIndicatorAction, ok: tp("saved") });
  };
  const text = (k: "name" | "nameEn" | "unit" | "baseline" | "target", label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="block text-sm">
      {label}
      <input name={k} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} className={inputClass} aria-invalid={Boolean(errors[k])} aria-describedby={errors[k] ? `${id}-${k}-err` : undefined} {...props} />
      <FieldError id={`${id}-${k}-err`} code={errors[k]} text={errorText} />
    </label>
  );
  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded-md p-3 ring-1 ring-slate-200" aria-label={indicatorId === undefined ? t("addIndicator") : f.name} data-testid={`${id}-form`}>
      <fieldset disabled={readOnly || busy} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[2fr_2fr_6rem_9rem]">
          {text("name", t("indicatorName"))}
          {text("nameEn", t("indicatorNameEn"))}
          {text("unit", t("unit"))}
          <label className="block text-sm">
            {t("direction")}
            <select name="direction" value={f.direction} onChange={(e) => setF({ ...f, direction: e.target.value as "higher" | "lower" })} className={inputClass}>
              <option value="higher">{t("higher")}</option>
              <option value="lower">{t("lower")}</option>
            </select>
          </label>
        </div>
        <div className="grid gap-3 sm:grid-cols-4">
          {text("baseline", t("baseline"), { inputMode: "decimal" })}
          {text("target", t("target"), { inputMode: "decimal" })}
        </div>
        <details open={initial.regionTargets.length > 0}>
          <summary className="cursor-pointer text-sm">{t("regionTargets")}</summary>
          <div className="mt-2 grid gap-2 sm:grid-cols-4 lg:grid-cols-6">
            {regions.map((r) => (
              <label key={r.code} className="block text-xs">
                {r.name}
                <input inputMode="decimal" value={f.regional[r.code] ?? ""} onChange={(e) => setF({ ...f, regional: { ...f.regional, [r.code]: e.target.value } })} className={inputClass}
                  aria-invalid={badRegion?.code === r.code} />
              </label>
            ))}
          </div>
          <FieldError id={`${id}-regionTargets-err`} code={errors.regionTargets ?? (badRegion ? "notANumber" : undefined)} text={errorText} />
        </details>
        {!readOnly && (
          <div className="flex flex-wrap items-center gap-2">
            <button type="submit" className={primaryClass} disabled={busy || Boolean(badRegion)}>{indicatorId === undefined ? t("addIndicator") : tp("save")}</button>
            {indicatorId !== undefined && (
              <button type="button" className={`${buttonClass} text-red-700`} disabled={busy} onClick={() => run({ input: { indicatorId }, action: deleteIndicatorAction })}>{t("removeIndicator")}</button>
            )}
            <StatusMessage message={message} />
          </div>
        )}
      </fieldset>
    </form>
  );
}
