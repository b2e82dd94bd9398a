"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FieldError, Input, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { createIndicatorAction, deleteIndicatorAction, updateIndicatorAction } from "@/lib/actions/plans";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadIndicatorCreateSchema = () => import("@/lib/validation/plan").then((m) => m.indicatorCreateSchema);
const loadIndicatorUpdateSchema = () => import("@/lib/validation/plan").then((m) => m.indicatorUpdateSchema);
const loadIndicatorDeleteSchema = () => import("@/lib/validation/plan").then((m) => m.indicatorDeleteSchema);

export type IndicatorValues = { name: string; nameEn: string; unit: string; direction: "higher" | "lower"; baseline: number | null; target: number | null; regionTargets: { regionCode: string; target: number }[] };

const blank: IndicatorValues = { name: "", nameEn: "", unit: "", direction: "higher", baseline: null, target: null, regionTargets: [] };

/** One indicator: name, unit, direction, baseline, overall target, and the regions' own targets where they differ. */
export function IndicatorForm({ taskId, indicatorId, initial = blank, regions, readOnly }: { taskId: number; indicatorId?: number; initial?: IndicatorValues; regions: { code: string; name: string }[]; readOnly: boolean }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const errorText = usePlanErrorText();
  const creating = indicatorId === undefined;
  const str = (v: number | null) => (v === null ? "" : String(v));
  const start = () => ({
    name: initial.name, nameEn: initial.nameEn, unit: initial.unit, direction: initial.direction, baseline: str(initial.baseline), target: str(initial.target),
    regional: Object.fromEntries(initial.regionTargets.map((r) => [r.regionCode, String(r.target)])) as Record<string, string>,
  });
  const [f, setF] = useState(start);
  const form = useFormAction({
    action: creating ? createIndicatorAction : updateIndicatorAction,
    schema: creating ? loadIndicatorCreateSchema : loadIndicatorUpdateSchema,
    errorText,
    okText: creating ? tp("created") : tp("saved"),
    onOk: () => {
      if (creating) setF(start());
    },
  });
  const remove = useFormAction({ action: deleteIndicatorAction, schema: loadIndicatorDeleteSchema, errorText });
  const busy = form.busy || remove.busy;
  const id = `ind-${indicatorId ?? "new"}`;
  const badRegion = regions.find((r) => (f.regional[r.code] ?? "").trim() !== "" && !Number.isFinite(Number(f.regional[r.code])));
  const regionError = form.error("regionTargets") ?? (badRegion ? form.text("notANumber") : undefined);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const regionTargets = regions.filter((r) => (f.regional[r.code] ?? "").trim() !== "").map((r) => ({ regionCode: r.code, target: Number(f.regional[r.code]) }));
    const base = { name: f.name, nameEn: f.nameEn, unit: f.unit, direction: f.direction, baseline: f.baseline, target: f.target, regionTargets };
    form.submit(creating ? { taskId, ...base } : { indicatorId, ...base });
  };
  const text = (k: "name" | "nameEn" | "unit" | "baseline" | "target", label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={label} error={form.error(k)}>
      {(control) => <Input name={k} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} {...control} {...props} />}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded-md p-3 ring-1 ring-slate-200" aria-label={creating ? t("addIndicator") : f.name} data-testid={`${id}-form`}>
      <fieldset disabled={readOnly || busy} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[2fr_2fr_6rem_9rem]">
          {text("name", t("indicatorName"))}
          {text("nameEn", t("indicatorNameEn"))}
          {text("unit", t("unit"))}
          <Field label={t("direction")} error={form.error("direction")}>
            {(control) => (
              <Select name="direction" value={f.direction} onChange={(e) => setF({ ...f, direction: e.target.value as "higher" | "lower" })} {...control}>
                <option value="higher">{t("higher")}</option>
                <option value="lower">{t("lower")}</option>
              </Select>
            )}
          </Field>
        </div>
        <div className="grid gap-3 sm:grid-cols-4">
          {text("baseline", t("baseline"), { inputMode: "decimal" })}
          {text("target", t("target"), { inputMode: "decimal" })}
        </div>
        <details open={initial.regionTargets.length > 0}>
          <summary className="cursor-pointer text-sm">{t("regionTargets")}</summary>
          <div className="mt-2 grid gap-2 sm:grid-cols-4 lg:grid-cols-6">
            {regions.map((r) => (
              <Field key={r.code} className="text-xs" label={r.name}>
                {(control) => (
                  <Input
                    inputMode="decimal"
                    value={f.regional[r.code] ?? ""}
                    onChange={(e) => setF({ ...f, regional: { ...f.regional, [r.code]: e.target.value } })}
                    {...control}
                    aria-invalid={badRegion?.code === r.code}
                    aria-describedby={badRegion?.code === r.code ? `${id}-regionTargets-err` : undefined}
                  />
                )}
              </Field>
            ))}
          </div>
          <FieldError id={`${id}-regionTargets-err`}>{regionError}</FieldError>
        </details>
        {!readOnly && (
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" variant="primary" disabled={busy || Boolean(badRegion)}>
              {creating ? t("addIndicator") : tp("save")}
            </Button>
            {!creating && (
              <Button variant="danger" disabled={busy} onClick={() => remove.submit({ indicatorId })}>
                {t("removeIndicator")}
              </Button>
            )}
          </div>
        )}
      </fieldset>
    </form>
  );
}
