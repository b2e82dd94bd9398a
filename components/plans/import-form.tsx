"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { buttonClass, inputClass, primaryClass } from "./use-plan-action";

type SheetError = { row: number; column: string; code: string; value?: string };
type FieldChange = { field: string; before: string | number; after: string | number };
type Change = { row: number; number: string; title: string; kind: "added" | "changed"; fields: FieldChange[] };
type Preview = {
  valid: boolean;
  rowCount: number;
  errors: SheetError[];
  tasks: { row: number; number: string; title: string; regions: number; indicators: number; dueDate: string }[];
  counts?: { added: number; changed: number; unchanged: number };
  changes?: Change[];
};
type Created = { tasks: number; indicators: number; assignments: number };
type Outcome = { kind: "preview"; preview: Preview } | { kind: "done"; created: Created; updated: number } | { kind: "error"; code: string };

/** Choose a sheet, check it (a preview with an error per bad row), then import it: nothing is written until every row is valid. */
export function ImportForm({ planId }: { planId: number }) {
  const t = useTranslations("excelImport");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = (commit: boolean) =>
    start(async () => {
      if (!file) return;
      const body = new FormData();
      body.set("file", file);
      try {
        const res = await fetch(`/api/plans/${planId}/import${commit ? "" : "?preview=1"}`, { method: "POST", body });
        const json = (await res.json()) as Preview & { error?: string; written?: boolean; created?: Created; updated?: number };
        if (commit && res.status === 201 && json.created) {
          setOutcome({ kind: "done", created: json.created, updated: json.updated ?? 0 });
          router.refresh();
        } else if (Array.isArray(json.errors)) setOutcome({ kind: "preview", preview: json });
        else setOutcome({ kind: "error", code: json.error ?? "unexpected" });
      } catch {
        setOutcome({ kind: "error", code: "unexpected" });
      }
    });

  const problem = (e: SheetError) => (t.has(`codes.${e.code}`) ? t(`codes.${e.code}`, { value: e.value ?? "" }) : e.code);
  const preview = outcome?.kind === "preview" ? outcome.preview : null;
  const nothingToDo = preview?.valid === true && preview.counts !== undefined && preview.counts.added + preview.counts.changed === 0;
  const shown = (v: string | number) => (v === "" ? "—" : String(v));
  return (
    <div className="space-y-4">
      <form onSubmit={(e) => { e.preventDefault(); send(false); }} className="flex flex-wrap items-end gap-3" aria-label={t("title")}>
        <label className="block text-sm">
          {t("file")}
          <input type="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" className={inputClass}
            onChange={(e) => { setFile(e.target.files?.[0] ?? null); setOutcome(null); }} />
        </label>
        <button type="submit" className={buttonClass} disabled={!hydrated || pending || !file}>{t("check")}</button>
        <button type="button" className={primaryClass} disabled={!hydrated || pending || !preview?.valid || nothingToDo} onClick={() => send(true)} data-testid="import-commit">{t("import")}</button>
      </form>
      <div role="status" aria-live="polite">
        {outcome?.kind === "error" && <p className="text-sm text-red-600">{t.has(`fileErrors.${outcome.code}`) ? t(`fileErrors.${outcome.code}`) : t("fileErrors.unexpected")}</p>}
        {outcome?.kind === "done" && <p className="text-sm text-emerald-700">{t("imported", outcome.created)}{outcome.updated > 0 && ` ${t("updated", { count: outcome.updated })}`}</p>}
        {preview && (preview.valid ? <p className="text-sm text-emerald-700">{t("valid", { count: preview.rowCount })}</p> : <p className="text-sm text-red-600">{t("invalid", { count: preview.errors.length })}</p>)}
        {preview?.valid && preview.counts && <p className="text-sm" data-testid="import-summary">{nothingToDo ? t("nothingToDo") : t("summary", preview.counts)}</p>}
      </div>
      {preview && preview.errors.length > 0 && (
        <table className="w-full text-sm" data-testid="import-errors">
          <thead className="text-left text-xs text-slate-500"><tr><th className="py-1 font-normal">{t("row")}</th><th className="font-normal">{t("column")}</th><th className="font-normal">{t("problem")}</th></tr></thead>
          <tbody>
            {preview.errors.slice(0, 500).map((e, i) => (
              <tr key={i} className="border-t border-slate-100">
                <td className="py-1 pr-3 tabular-nums">{e.row || "—"}</td>
                <td className="pr-3">{t.has(`columns.${e.column}`) ? t(`columns.${e.column}`) : e.column}</td>
                <td className="text-red-700">{problem(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview && preview.valid && preview.changes && preview.changes.length > 0 && (
        <table className="w-full text-sm" data-testid="import-preview">
          <caption className="text-left text-sm font-medium">{t("preview")}</caption>
          <tbody>
            {preview.changes.slice(0, 300).map((r) => (
              <tr key={r.row} className="border-t border-slate-100 align-top" data-kind={r.kind}>
                <td className="py-1 pr-3 text-xs whitespace-nowrap">
                  <span className={r.kind === "added" ? "rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-800" : "rounded bg-amber-50 px-1.5 py-0.5 text-amber-800"}>{t(`kind.${r.kind}`)}</span>
                </td>
                <td className="py-1 pr-3 tabular-nums text-slate-500">{r.number}</td>
                <td className="py-1 pr-3">
                  {r.title}
                  {r.fields.length > 0 && (
                    <ul className="mt-0.5 text-xs text-slate-600">
                      {r.fields.map((f) => (
                        <li key={f.field}>
                          {t.has(`changeFields.${f.field}`) ? t(`changeFields.${f.field}`) : f.field}：<del className="text-slate-400">{shown(f.before)}</del> → {shown(f.after)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview?.changes && preview.changes.length > 300 && <p className="text-xs text-slate-500">{t("more", { count: preview.changes.length - 300 })}</p>}
    </div>
  );
}
