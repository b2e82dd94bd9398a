"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ACCEPTED_ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_REPORT } from "@/lib/validation/attachment-limits";

type Item = { id: number; fileName: string; contentType: string; sizeBytes: number };
type FileError = { name: string; code: string };

/** The codes the API answers with that have a sentence of their own; others read "failed". */
const KNOWN_ERRORS = new Set([
  "tooLarge",
  "badType",
  "tooMany",
  "empty",
  "notEditable",
  "periodClosed",
  "notFound",
  "forbidden",
  "unauthenticated",
  "network",
  "saveFirst",
]);

const STATUS_ERRORS: Record<number, string> = { 401: "unauthenticated", 403: "forbidden", 404: "notFound", 413: "tooLarge" };

function errorCode(body: unknown, status: number): string {
  const code = (body as { error?: unknown } | null)?.error;
  if (typeof code === "string" && KNOWN_ERRORS.has(code)) return code;
  return STATUS_ERRORS[status] ?? "failed";
}

/** A report's evidence files: download links for everyone who sees the report, upload and remove for its bureau. */
export function AttachmentList({ reportId, editable, initial, ensureReport }: { reportId: number | null; editable: boolean; initial: Item[]; ensureReport?: () => Promise<number | null> }) {
  const t = useTranslations("attachments");
  const format = useFormatter();
  const hydrated = useHydrated();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Item[]>(initial);
  const [errors, setErrors] = useState<FileError[]>([]);
  const [uploading, setUploading] = useState<string | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const full = items.length >= MAX_ATTACHMENTS_PER_REPORT;

  function size(bytes: number): string {
    if (bytes >= 1024 * 1024) return t("sizeMb", { size: format.number(bytes / (1024 * 1024), { maximumFractionDigits: 1 }) });
    return t("sizeKb", { size: format.number(Math.max(1, Math.round(bytes / 1024))) });
  }

  // One request per file, in order: each gets its own answer and its own error.
  async function upload(files: File[]) {
    setErrors([]);
    // A new report is saved as a draft first (the form does it), so that its files have a report to belong to.
    const target = reportId ?? (ensureReport ? await ensureReport() : null);
    if (target === null) {
      setErrors(files.map((f) => ({ name: f.name, code: "saveFirst" })));
      if (input.current) input.current.value = "";
      return;
    }
    for (const file of files) {
      const early = file.size === 0 ? "empty" : file.size > MAX_ATTACHMENT_BYTES ? "tooLarge" : null;
      if (early) {
        setErrors((prev) => [...prev, { name: file.name, code: early }]);
        continue;
      }
      setUploading(file.name);
      try {
        const body = new FormData();
        body.append("file", file);
        const res = await fetch(`/api/reports/${target}/attachments`, { method: "POST", body });
        const data: unknown = await res.json().catch(() => null);
        if (res.ok && data) {
          const { id, fileName, contentType, sizeBytes } = data as Item;
          setItems((prev) => [...prev, { id, fileName, contentType, sizeBytes }]);
        } else {
          setErrors((prev) => [...prev, { name: file.name, code: errorCode(data, res.status) }]);
        }
      } catch {
        setErrors((prev) => [...prev, { name: file.name, code: "network" }]);
      }
    }
    setUploading(null);
    if (input.current) input.current.value = "";
  }

  async function remove(item: Item) {
    if (!window.confirm(t("confirmRemove", { name: item.fileName }))) return;
    setRemoving(item.id);
    setErrors([]);
    try {
      const res = await fetch(`/api/attachments/${item.id}`, { method: "DELETE" });
      if (res.ok) setItems((prev) => prev.filter((i) => i.id !== item.id));
      else setErrors([{ name: item.fileName, code: errorCode(await res.json().catch(() => null), res.status) }]);
    } catch {
      setErrors([{ name: item.fileName, code: "network" }]);
    }
    setRemoving(null);
  }

  return (
    <Card data-testid="attachment-list">
      <h2 className="text-sm font-semibold text-slate-700">
        {t("title")}
        <span className="ml-2 font-normal text-slate-400 tabular-nums">
          {items.length}/{MAX_ATTACHMENTS_PER_REPORT}
        </span>
      </h2>

      {items.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">{t("none")}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {items.map((item) => (
            <li key={item.id} className="flex items-center gap-3 py-2">
              <a href={`/api/attachments/${item.id}`} download className="min-w-0 flex-1 truncate text-brand-700 hover:underline"
                title={t("download", { name: item.fileName })}>
                {item.fileName}
              </a>
              <span className="whitespace-nowrap text-xs text-slate-500 tabular-nums">{size(item.sizeBytes)}</span>
              {editable && (
                <Button variant="danger" size="sm" onClick={() => remove(item)} disabled={!hydrated || removing !== null || uploading !== null}
                  aria-label={t("removeNamed", { name: item.fileName })}>
                  {removing === item.id ? t("removing") : t("remove")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}

      {editable && (
        <div className="mt-3">
          <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
            {t("add")}
          </label>
          <input ref={input} id={inputId} type="file" multiple accept={ACCEPTED_ATTACHMENT_EXTENSIONS.join(",")}
            disabled={!hydrated || uploading !== null || full}
            onChange={(e) => void upload(Array.from(e.currentTarget.files ?? []))}
            className="mt-1 block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-1.5 file:text-brand-700 hover:file:bg-brand-100 disabled:opacity-60" />
          <p className="mt-1 text-xs text-slate-500">
            {full ? t("full", { max: MAX_ATTACHMENTS_PER_REPORT }) : t("hint", { maxMb: MAX_ATTACHMENT_BYTES / (1024 * 1024), max: MAX_ATTACHMENTS_PER_REPORT })}
          </p>
          {uploading && (
            <p role="status" className="mt-1 text-xs text-slate-600">
              {t("uploading", { name: uploading })}
            </p>
          )}
        </div>
      )}

      {errors.length > 0 && (
        <ul role="alert" className="mt-3 space-y-1 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.map((e, i) => (
            <li key={`${i}-${e.name}`}>{t("fileError", { name: e.name, message: t(`errors.${KNOWN_ERRORS.has(e.code) ? e.code : "failed"}`) })}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}
