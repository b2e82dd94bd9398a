"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { LightMark } from "@/components/ui/light";
import { useFormAction } from "@/components/ui/use-form-action";
import type { Light } from "@/lib/domain/progress";
import { breakDownAction } from "@/lib/actions/breakdown";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadBreakDownSchema = () => import("@/lib/validation/breakdown").then((m) => m.breakDownSchema);

export type BreakdownCounty = { code: string; name: string; given: { progress: number | null; light: Light } | null };

/** 分解到旗县: gives one of the league-city's assignments to the banner-counties ticked; those that have it already are shown with their progress. */
export function BreakdownForm({ assignmentId, counties, closed }: { assignmentId: number; counties: BreakdownCounty[]; closed: boolean }) {
  const t = useTranslations("breakdown");
  const tc = useTranslations("common");
  const errId = useId();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const form = useFormAction({
    action: breakDownAction,
    schema: loadBreakDownSchema,
    errorText: (code) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null),
    okText: (res: { created: number; existing: number }) => (res.existing > 0 ? `${t("done", { count: res.created })} ${t("existing", { count: res.existing })}` : t("done", { count: res.created })),
    onOk: () => setPicked(new Set()),
  });
  const given = counties.filter((c) => c.given).length;
  const open = counties.filter((c) => !c.given);
  const toggle = (code: string) => setPicked((s) => { const n = new Set(s); if (n.has(code)) n.delete(code); else n.add(code); return n; });
  // The shared schema wants at least one county ticked (its own sentence, "invalid" here): said as 请至少勾选一个旗县区; the server's refusals by their key.
  const regionError = form.errors.regionCodes ? (form.errors.regionCodes === "invalid" ? t("errors.noneChosen") : form.error("regionCodes")) : undefined;

  return (
    <details className="group mt-3 rounded-md bg-slate-50 text-sm ring-1 ring-slate-200" data-testid="breakdown">
      <summary className="cursor-pointer list-none px-3 py-2 font-medium text-brand-800 select-none">
        <span aria-hidden="true" className="mr-1 inline-block transition-transform group-open:rotate-90">›</span>
        {t("summary", { given, total: counties.length })}
      </summary>
      <form
        className="space-y-2 border-t border-slate-200 px-3 py-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          form.submit({ assignmentId, regionCodes: open.filter((c) => picked.has(c.code)).map((c) => c.code) });
        }}
      >
        <fieldset disabled={form.busy || closed} aria-describedby={regionError ? errId : undefined}>
          <legend className="mb-1 text-xs text-slate-500">{closed ? t("closed") : t("legend")}</legend>
          <ul className="grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
            {counties.map((c) => (
              <li key={c.code}>
                <label className="flex min-w-0 items-center gap-2 py-0.5">
                  <input type="checkbox" name="regionCodes" value={c.code} checked={c.given !== null || picked.has(c.code)} disabled={c.given !== null} onChange={() => toggle(c.code)} className="size-4 shrink-0" />
                  <span className="min-w-0 truncate">{c.name}</span>
                  {c.given && (
                    <span className="ml-auto inline-flex shrink-0 items-center gap-1 text-xs text-slate-500 tabular-nums" data-testid="breakdown-given">
                      {t("given")} · {c.given.progress === null ? "—" : `${c.given.progress}%`}
                      <LightMark light={c.given.light} label={tc(`lights.${c.given.light}`)} className="size-2.5" />
                    </span>
                  )}
                </label>
              </li>
            ))}
          </ul>
          <FieldError id={errId}>{regionError}</FieldError>
          {open.length > 0 && (
            <div className="mt-2">
              <Button type="submit" variant="primary" disabled={form.busy}>{t("submit")}</Button>
            </div>
          )}
        </fieldset>
      </form>
    </details>
  );
}
