"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { useFormAction } from "@/components/ui/use-form-action";
import type { ActionResult } from "@/lib/actions/result";

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
/** What the import route answers: a preview (every row checked), or what was written. */
type Answer = { preview?: Preview; created?: Created; updated?: number };

/** Sends the sheet to the plan's import route (a file upload, not a server action), answering in the forms' result shape. */
async function sendSheet(planId: number, file: File, commit: boolean): Promise<ActionResult<Answer>> {
  const body = new FormData();
  body.set("file", file);
  const res = await fetch(`/api/plans/${planId}/import${commit ? "" : "?preview=1"}`, { method: "POST", body });
  const json = (await res.json()) as Preview & { error?: string; created?: Created; updated?: number };
  if (commit && res.status === 201 && json.created) return { ok: true, created: json.created, updated: json.updated ?? 0 };
  if (Array.isArray(json.errors)) return { ok: true, preview: json };
  return { ok: false, message: json.error ?? "unexpected" };
}

/** Choose a sheet, check it (a preview with an error per bad row), then import it: nothing is written until every row is valid. */
export function ImportForm({ planId }: { planId: number }) {
  const t = useTranslations("excelImport");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const errorText = (code: string) => (t.has(`fileErrors.${code}`) ? t(`fileErrors.${code}`) : null);
  const check = useFormAction<File, Answer>({
    action: (f) => sendSheet(planId, f, false),
    errorText,
    refresh: false,
    onOk: (res) => setPreview(res.preview ?? null),
  });
  const commit = useFormAction<File, Answer>({
    action: (f) => sendSheet(planId, f, true),
    errorText,
    // Written: what was imported. Refused at the last moment (the plan changed since the check): the new preview says why.
    okText: (res) => (res.created ? `${t("imported", res.created)}${res.updated ? ` ${t("updated", { count: res.updated })}` : ""}` : ""),
    onOk: (res) => setPreview(res.preview ?? null),
  });
  const busy = check.busy || commit.busy;

  const problem = (e: SheetError) => (t.has(`codes.${e.code}`) ? t(`codes.${e.code}`, { value: e.value ?? "" }) : e.code);
  const nothingToDo = preview?.valid === true && preview.counts !== undefined && preview.counts.added + preview.counts.changed === 0;
  const shown = (v: string | number) => (v === "" ? "—" : String(v));
  return (
    <div className="space-y-4">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file) check.submit(file);
        }}
        className="flex flex-wrap items-end gap-3"
        aria-label={t("title")}
      >
        <Field label={t("file")} className="min-w-0 max-w-full">
          {(control) => (
            <Input
              type="file"
              name="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setPreview(null);
              }}
              {...control}
            />
          )}
        </Field>
        <Button type="submit" disabled={busy || !file}>
          {t("check")}
        </Button>
        <Button variant="primary" disabled={busy || !preview?.valid || nothingToDo} onClick={() => file && commit.submit(file)} data-testid="import-commit">
          {t("import")}
        </Button>
      </form>
      <div aria-live="polite" className="space-y-1 text-sm">
        {preview && (preview.valid ? <p className="text-emerald-700">{t("valid", { count: preview.rowCount })}</p> : <p className="text-red-600">{t("invalid", { count: preview.errors.length })}</p>)}
        {preview?.valid && preview.counts && <p data-testid="import-summary">{nothingToDo ? t("nothingToDo") : t("summary", preview.counts)}</p>}
      </div>
      {preview && preview.errors.length > 0 && (
        <Table data-testid="import-errors" caption={t("invalid", { count: preview.errors.length })}>
          <thead>
            <tr>
              <Th>{t("row")}</Th>
              <Th>{t("column")}</Th>
              <Th>{t("problem")}</Th>
            </tr>
          </thead>
          <tbody>
            {preview.errors.slice(0, 500).map((e, i) => (
              <tr key={i}>
                <Td className="tabular-nums">{e.row || "—"}</Td>
                <Td>{t.has(`columns.${e.column}`) ? t(`columns.${e.column}`) : e.column}</Td>
                <Td className="text-red-700">{problem(e)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {preview && preview.valid && preview.changes && preview.changes.length > 0 && (
        <div className="space-y-2">
          <h2 className="text-sm font-medium">{t("preview")}</h2>
          <Table data-testid="import-preview" caption={t("preview")}>
            <tbody>
              {preview.changes.slice(0, 300).map((r) => (
                <tr key={r.row} data-kind={r.kind}>
                  <Td className="text-xs whitespace-nowrap">
                    <span className={r.kind === "added" ? "rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-800" : "rounded bg-amber-50 px-1.5 py-0.5 text-amber-800"}>{t(`kind.${r.kind}`)}</span>
                  </Td>
                  <Td className="tabular-nums text-slate-500">{r.number}</Td>
                  <Td>
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
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      {preview?.changes && preview.changes.length > 300 && <p className="text-xs text-slate-500">{t("more", { count: preview.changes.length - 300 })}</p>}
    </div>
  );
}
