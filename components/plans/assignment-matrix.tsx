"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { setAssignmentsAction } from "@/lib/actions/plans";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadAssignmentMatrixSchema = () => import("@/lib/validation/plan").then((m) => m.assignmentMatrixSchema);

export type MatrixProps = {
  planId: number;
  canEdit: boolean;
  leaves: { id: number; number: string; title: string; dueDate: string }[];
  regions: { code: string; name: string }[];
  /** In a published plan new assignments start on the day they are given, unless staff pick another start. */
  published?: boolean;
  /** [taskId, regionCode, its own due date when it differs from the task's, has reports]. */
  assigned: [number, string, string | null, boolean][];
};

const key = (taskId: number, code: string) => `${taskId}|${code}`;

/** Leaf measures × regions: tick who carries what (whole rows, columns or all), see what is unassigned, save the changes at once. */
export function AssignmentMatrix({ planId, canEdit, leaves, regions, assigned, published = false }: MatrixProps) {
  const t = useTranslations("matrix");
  const errorText = usePlanErrorText();
  const form = useFormAction<unknown, { added: number; removed: number }>({
    action: setAssignmentsAction,
    schema: loadAssignmentMatrixSchema,
    errorText,
    okText: (res) => t("saved", { added: res.added, removed: res.removed }),
  });
  const busy = form.busy;
  const initial = useMemo(() => new Set(assigned.map(([task, code]) => key(task, code))), [assigned]);
  const info = useMemo(() => new Map(assigned.map(([task, code, due, locked]) => [key(task, code), { due, locked }])), [assigned]);
  const [ticked, setTicked] = useState<Set<string>>(() => new Set(initial));
  const [onlyUnassigned, setOnlyUnassigned] = useState(false);
  const [startDate, setStartDate] = useState("");

  const changes = useMemo(() => {
    const out: { taskId: number; regionCode: string; assigned: boolean }[] = [];
    for (const l of leaves) for (const r of regions) {
      const k = key(l.id, r.code);
      if (ticked.has(k) !== initial.has(k)) out.push({ taskId: l.id, regionCode: r.code, assigned: ticked.has(k) });
    }
    return out;
  }, [ticked, initial, leaves, regions]);
  const unassigned = leaves.filter((l) => !regions.some((r) => ticked.has(key(l.id, r.code))));
  const shown = onlyUnassigned ? unassigned : leaves;

  /** Ticks every given cell, or unticks them all when every one is ticked already; cells with reports stay. */
  const toggle = (cells: string[]) => {
    const next = new Set(ticked);
    const allOn = cells.every((k) => next.has(k));
    for (const k of cells) {
      if (allOn && !info.get(k)?.locked) next.delete(k);
      else if (!allOn) next.add(k);
    }
    setTicked(next);
  };
  const save = () => form.submit({ planId, cells: changes, ...(published && startDate ? { startDate } : {}) });

  if (leaves.length === 0) return <p className="text-slate-600">{t("noLeaves")}</p>;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <p className="text-slate-600">{t("hint")}</p>
        <span className={unassigned.length ? "text-amber-700" : "text-slate-500"} data-testid="unassigned-count">{t("unassigned", { count: unassigned.length })}</span>
        <label className="flex items-center gap-1"><input type="checkbox" checked={onlyUnassigned} onChange={(e) => setOnlyUnassigned(e.target.checked)} />{t("onlyUnassigned")}</label>
        {published && canEdit && (
          <div data-testid="assign-start">
            <Field label={t("startDate")} hint={t("startDateHint")} error={form.error("startDate")}>
              {(control) => <Input type="date" name="startDate" value={startDate} onChange={(e) => setStartDate(e.target.value)} className="sm:w-44" {...control} />}
            </Field>
          </div>
        )}
      </div>
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="primary" disabled={busy || changes.length === 0} onClick={save} data-testid="matrix-save">{t("save")}</Button>
          <Button disabled={busy} onClick={() => toggle(leaves.flatMap((l) => regions.map((r) => key(l.id, r.code))))}>{t("all")}</Button>
          <Button disabled={busy || changes.length === 0} onClick={() => setTicked(new Set(initial))}>{t("reset")}</Button>
          <span className="text-sm text-slate-500">{changes.length ? t("changes", { count: changes.length }) : t("noChanges")}</span>
        </div>
      )}
      <div className="max-h-[70vh] overflow-auto rounded-md ring-1 ring-slate-200">
        <table className="min-w-full border-collapse text-sm" data-testid="assignment-matrix">
          <caption className="sr-only">{t("title")}</caption>
          <thead className="sticky top-0 z-10 bg-slate-50 text-xs">
            <tr>
              <th scope="col" className="px-2 py-1 text-left font-medium">{t("task")}</th>
              {regions.map((r) => (
                <th key={r.code} scope="col" className="px-1 py-1 font-medium">
                  {canEdit ? (
                    <button type="button" className="whitespace-nowrap hover:underline" disabled={busy} onClick={() => toggle(leaves.map((l) => key(l.id, r.code)))} aria-label={t("toggleColumn", { region: r.name })}>{r.name}</button>
                  ) : r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((l) => {
              const none = !regions.some((r) => ticked.has(key(l.id, r.code)));
              return (
                <tr key={l.id} className={`border-t border-slate-100 ${none ? "bg-amber-50" : ""}`} data-testid="matrix-row" data-task={l.id}>
                  <th scope="row" className="max-w-md px-2 py-1 text-left font-normal">
                    {canEdit ? (
                      <button type="button" className="text-left hover:underline" disabled={busy} onClick={() => toggle(regions.map((r) => key(l.id, r.code)))} aria-label={t("toggleRow", { title: `${l.number} ${l.title}` })}>
                        <span className="mr-2 tabular-nums text-slate-500">{l.number}</span>{l.title}
                      </button>
                    ) : (<><span className="mr-2 tabular-nums text-slate-500">{l.number}</span>{l.title}</>)}
                  </th>
                  {regions.map((r) => {
                    const k = key(l.id, r.code);
                    const cell = info.get(k);
                    const on = ticked.has(k);
                    const changed = on !== initial.has(k);
                    return (
                      <td key={r.code} className={`px-1 text-center ${changed ? "bg-brand-50" : ""}`} title={cell?.locked ? t("locked") : cell?.due ? t("dueDiffers", { date: cell.due }) : undefined}>
                        <input type="checkbox" checked={on} disabled={!canEdit || busy || (on && cell?.locked)} data-region={r.code}
                          aria-label={t("cell", { title: l.number, region: r.name })}
                          onChange={() => { const next = new Set(ticked); if (on) next.delete(k); else next.add(k); setTicked(next); }} />
                        {cell?.due && on && <span className="block text-[10px] leading-none text-slate-400">{cell.due.slice(5)}</span>}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
