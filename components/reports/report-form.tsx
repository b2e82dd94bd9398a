"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type ComponentProps } from "react";
import { AttachmentList } from "@/components/reports/attachment-list";
import { Button } from "@/components/ui/button";
import { Field, FieldError, Input, Select, Textarea } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { useFormAction } from "@/components/ui/use-form-action";
import { saveReportAction, submitReportAction } from "@/lib/actions/reports";
import type { WorkItem } from "@/lib/data/period-work";
import type { ReportDraftInput } from "@/lib/validation/report";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadReportDraftSchema = () => import("@/lib/validation/report").then((m) => m.reportDraftSchema);
const loadReportSubmissionSchema = () => import("@/lib/validation/report").then((m) => m.reportSubmissionSchema);

type Fields = { progress: string; status: string; workDone: string; problems: string; nextSteps: string; dropReason: string; values: Record<number, string> };
type Saved = { id: number; version: number };

const statuses = ["on_track", "at_risk", "behind", "complete"] as const;

/** An indicator's typed value that is not a number (empty is fine: not reported yet). */
const notANumber = (raw: string | undefined) => (raw ?? "").trim() !== "" && !Number.isFinite(Number(raw));

/** One assignment's report for one period: save as draft, or submit; the previous period's text can be carried over. */
/** `noteOutside`: the page shows the submitted/approved note in the item's compact row, so the form does not repeat it. */
export function ReportForm({ item, files = [], noteOutside = false }: { item: WorkItem; files?: ComponentProps<typeof AttachmentList>["initial"]; noteOutside?: boolean }) {
  const t = useTranslations("report");
  // The version this form edits: a save elsewhere in between is refused (versionConflict), not overwritten.
  const [version, setVersion] = useState<number | undefined>(item.report?.version);
  // A report not yet saved: evidence can still be attached, the draft is saved first (implicitly).
  const [savedId, setSavedId] = useState<number | null>(item.report?.id ?? null);
  const [f, setF] = useState<Fields>(() => ({
    progress: String(item.report?.progress ?? item.previous?.progress ?? 0),
    status: item.report?.status ?? "on_track",
    workDone: item.report?.workDone ?? "",
    problems: item.report?.problems ?? "",
    nextSteps: item.report?.nextSteps ?? "",
    dropReason: item.report?.dropReason ?? "",
    values: Object.fromEntries(item.indicators.map((i) => [i.id, i.value === null ? "" : String(i.value)])),
  }));
  const editable = item.open && (item.state === "none" || item.state === "draft" || item.state === "returned");
  const previousProgress = item.previous?.progress ?? null;
  const progressNow = Number(f.progress);
  const dropped = previousProgress !== null && f.progress.trim() !== "" && progressNow < previousProgress;

  const errorText = (code: string) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null);
  const onSaved = (res: Saved) => {
    setVersion(res.version);
    setSavedId(res.id);
  };
  // The draft saved before the first upload says so (the files follow), a draft saved by its button says 草稿已保存.
  const forEvidence = useRef(false);
  const save = useFormAction<ReportDraftInput, Saved>({
    action: saveReportAction,
    schema: loadReportDraftSchema,
    errorText,
    okText: () => t(forEvidence.current ? "savedForEvidence" : "saved"),
    onOk: onSaved,
  });
  // Submitting checks the submission rules too (the same the data layer applies): 工作进展, and a reason for a drop.
  const send = useFormAction<ReportDraftInput, Saved>({
    action: submitReportAction,
    schema: () => loadReportSubmissionSchema().then((schemaFor) => schemaFor(previousProgress)),
    errorText,
    okText: t("submitted"),
    onOk: onSaved,
  });
  // The field errors shown are those of the last thing tried.
  const [last, setLast] = useState<"save" | "submit">("save");
  const form = last === "save" ? save : send;
  const busy = save.busy || send.busy;

  function payload(): ReportDraftInput {
    return {
      assignmentId: item.assignmentId,
      period: item.period,
      progress: f.progress.trim() === "" ? Number.NaN : Number(f.progress),
      status: f.status as (typeof statuses)[number],
      workDone: f.workDone,
      problems: f.problems,
      nextSteps: f.nextSteps,
      dropReason: f.dropReason,
      indicatorValues: item.indicators.map((i) => {
        const raw = (f.values[i.id] ?? "").trim();
        return { indicatorId: i.id, value: raw === "" ? null : Number(raw) };
      }),
      version,
    };
  }

  // Saving before the first upload: the attachment list waits for the draft's answer (its id, or null when refused).
  const waiting = useRef<((id: number | null) => void) | null>(null);
  useEffect(() => {
    if (!save.state || !waiting.current) return;
    const resolve = waiting.current;
    waiting.current = null;
    resolve(save.state.ok ? save.state.id : null);
  }, [save.state]);
  function ensureReport(): Promise<number | null> {
    if (savedId) return Promise.resolve(savedId);
    forEvidence.current = true;
    setLast("save");
    return new Promise((resolve) => {
      waiting.current = resolve;
      save.submit(payload());
    });
  }

  function run(kind: "save" | "submit") {
    forEvidence.current = false;
    setLast(kind);
    (kind === "save" ? save : send).submit(payload());
  }

  const set = (k: keyof Omit<Fields, "values">) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const carryOver = () => item.previous && setF({ ...f, workDone: item.previous.workDone, problems: item.previous.problems, nextSteps: item.previous.nextSteps });
  const required = <span className="ml-1 text-red-600" aria-hidden="true">*</span>;
  // A value that is not a number is marked where it was typed; another refusal of the values is said under the table.
  const badIndicators = form.errors.indicatorValues ? item.indicators.filter((i) => notANumber(f.values[i.id])).map((i) => i.id) : [];

  return (
    <form className="grid gap-4 lg:grid-cols-[3fr_2fr]" onSubmit={(e) => { e.preventDefault(); run("submit"); }} aria-label={`${item.taskNumber} ${item.taskTitle}`} noValidate>
      <fieldset disabled={!editable || busy} className="min-w-0 space-y-3">
        <div className="flex flex-wrap gap-4">
          <Field label={t("progress")} error={form.error("progress")}>
            {(control) => (
              <span className="flex items-center gap-2">
                <Input type="number" min={0} max={100} step={1} inputMode="numeric" value={f.progress} onChange={set("progress")} className="w-20" name="progress" {...control} />
                <span className="mt-1">%</span>
              </span>
            )}
          </Field>
          <Field label={t("status")} error={form.error("status")}>
            {(control) => (
              <Select value={f.status} onChange={set("status")} className="w-32" name="status" {...control}>
                {statuses.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
              </Select>
            )}
          </Field>
        </div>
        {(["workDone", "problems", "nextSteps"] as const).map((k) => (
          <Field key={k} label={<>{t(k)}{k === "workDone" && required}</>} hint={k === "workDone" && editable ? t("workDoneHint") : undefined} error={form.error(k)}>
            {(control) => <Textarea value={f[k]} onChange={set(k)} rows={k === "workDone" ? 3 : 2} maxLength={5000} name={k} aria-required={k === "workDone" ? true : undefined} {...control} />}
          </Field>
        ))}
        {(dropped || f.dropReason !== "") && (
          <div className="rounded-md bg-amber-50 p-2" data-testid="drop-reason">
            <Field label={<>{t("dropReason")}{required}</>} hint={dropped ? <span className="text-amber-800">{t("dropHint", { previous: previousProgress ?? 0, now: progressNow })}</span> : undefined} error={form.error("dropReason")}>
              {(control) => <Textarea value={f.dropReason} onChange={set("dropReason")} rows={2} maxLength={2000} name="dropReason" aria-required={dropped} {...control} />}
            </Field>
          </div>
        )}
        {item.indicators.length > 0 && (
          <div>
            <p className="mb-1 text-sm" aria-hidden="true">{t("indicators")}</p>
            <Table caption={t("indicators")}>
              <thead>
                <tr><Th>{t("indicator")}</Th><Th>{t("baseline")}</Th><Th>{t("myTarget")}</Th><Th>{t("actual")}</Th></tr>
              </thead>
              <tbody>
                {item.indicators.map((i) => {
                  const bad = badIndicators.includes(i.id);
                  const errId = `a${item.assignmentId}-ind${i.id}-err`;
                  return (
                    <tr key={i.id}>
                      <Td>{i.name} <span className="text-xs text-slate-400">({i.unit}, {t(i.direction)})</span></Td>
                      <Td className="tabular-nums">{i.baseline ?? "—"}</Td>
                      <Td className="tabular-nums">{i.target ?? "—"}</Td>
                      <Td>
                        <Input inputMode="decimal" value={f.values[i.id] ?? ""} onChange={(e) => setF({ ...f, values: { ...f.values, [i.id]: e.target.value } })} className="mt-0 w-24" aria-label={`${i.name} ${t("actual")}`} aria-invalid={bad} aria-describedby={bad ? errId : undefined} />
                        <FieldError id={errId}>{bad ? t("errors.notANumber") : null}</FieldError>
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
            {form.errors.indicatorValues && badIndicators.length === 0 && <FieldError id={`a${item.assignmentId}-indicators-err`}>{form.error("indicatorValues")}</FieldError>}
          </div>
        )}
        {editable && (
          <div className="flex flex-wrap items-center gap-2 pt-1">
            <Button disabled={busy} onClick={() => run("save")}>{t("saveDraft")}</Button>
            <Button type="submit" variant="primary" disabled={busy}>{t("submit")}</Button>
          </div>
        )}
        {/* After submitting the form is read-only: say so where the buttons were. */}
        {!noteOutside && (item.state === "submitted" || item.state === "approved") && (
          <p role="status" className="text-sm font-medium text-emerald-700" data-testid="submitted-note">{t(item.state === "submitted" ? "submitted" : "approvedNote")}</p>
        )}
        {/* One list in one place, before and after the first save: the save's re-render of the page keeps the uploads in flight. */}
        {(editable || savedId !== null) && (
          <AttachmentList reportId={savedId ?? item.report?.id ?? null} ensureReport={ensureReport} editable={editable} initial={files} />
        )}
      </fieldset>
      <aside className="min-w-0 rounded-md bg-slate-50 p-3 text-sm text-slate-600">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h4 className="font-medium text-slate-700">{item.previous ? t("previous", { period: item.previous.period, progress: item.previous.progress }) : t("noPrevious")}</h4>
          {item.previous && editable && <Button variant="ghost" size="sm" onClick={carryOver} disabled={busy}>{t("carryOver")}</Button>}
        </div>
        {item.previous && (
          <dl className="mt-2 space-y-1">
            <dt className="text-xs text-slate-400">{t("workDone")}</dt><dd className="whitespace-pre-wrap">{item.previous.workDone || "—"}</dd>
            <dt className="text-xs text-slate-400">{t("problems")}</dt><dd className="whitespace-pre-wrap">{item.previous.problems || "—"}</dd>
            <dt className="text-xs text-slate-400">{t("nextSteps")}</dt><dd className="whitespace-pre-wrap">{item.previous.nextSteps || "—"}</dd>
          </dl>
        )}
      </aside>
    </form>
  );
}
