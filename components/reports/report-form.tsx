"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ComponentProps } from "react";
import { AttachmentList } from "@/components/reports/attachment-list";
import { useHydrated } from "@/components/ui/use-hydrated";
import { saveReportAction, submitReportAction } from "@/lib/actions/reports";
import type { WorkItem } from "@/lib/data/period-work";
import { reportDraftSchema, reportSubmissionSchema } from "@/lib/validation/report";

type Fields = { progress: string; status: string; workDone: string; problems: string; nextSteps: string; dropReason: string; values: Record<number, string> };

const statuses = ["on_track", "at_risk", "behind", "complete"] as const;

/** One assignment's report for one period: save as draft, or submit; the previous period's text can be carried over. */
/** `noteOutside`: the page shows the submitted/approved note in the item's compact row, so the form does not repeat it. */
export function ReportForm({ item, files = [], noteOutside = false }: { item: WorkItem; files?: ComponentProps<typeof AttachmentList>["initial"]; noteOutside?: boolean }) {
  const t = useTranslations("report");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [version, setVersion] = useState<number | undefined>(item.report?.version);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
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
  // A report not yet saved: evidence can still be attached, the draft is saved first (implicitly).
  const [savedId, setSavedId] = useState<number | null>(item.report?.id ?? null);
  async function ensureReport(): Promise<number | null> {
    if (savedId) return savedId;
    const input = payload();
    if (!reportDraftSchema.safeParse(input).success) {
      setMessage({ tone: "error", text: t("errors.invalid") });
      return null;
    }
    const res = await saveReportAction(input);
    if (!res.ok) {
      setErrors(res.errors ?? {});
      setMessage({ tone: "error", text: t.has(`errors.${res.message}`) ? t(`errors.${res.message}`) : t("errors.unexpected") });
      return null;
    }
    setVersion(res.version);
    setSavedId(res.id);
    setMessage({ tone: "ok", text: t("savedForEvidence") });
    return res.id;
  }
  const id = `a${item.assignmentId}`;

  function payload() {
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

  function run(kind: "save" | "submit") {
    const input = payload();
    const badIndicator = input.indicatorValues.find((v) => v.value !== null && !Number.isFinite(v.value));
    // Submitting checks the submission rules too (the same schema the server applies): 工作进展, and a reason for a drop.
    const parsed = (kind === "submit" ? reportSubmissionSchema(previousProgress) : reportDraftSchema).safeParse(input);
    if (!parsed.success || badIndicator) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.success ? [] : parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
      if (badIndicator) fieldErrors[`ind${badIndicator.indicatorId}`] = "notANumber";
      setErrors(fieldErrors);
      setMessage({ tone: "error", text: t("errors.invalid") });
      return;
    }
    setErrors({});
    start(async () => {
      const res = kind === "save" ? await saveReportAction(input) : await submitReportAction(input);
      if (res.ok) {
        setVersion(res.version);
        setErrors({});
        setMessage({ tone: "ok", text: t(kind === "save" ? "saved" : "submitted") });
        router.refresh();
      } else {
        setErrors(res.errors ?? {});
        setMessage({ tone: "error", text: t.has(`errors.${res.message}`) ? t(`errors.${res.message}`) : t("errors.unexpected") });
      }
    });
  }

  const err = (field: string) => (errors[field] ? <p className="mt-1 text-xs text-red-600" id={`${id}-${field}-err`}>{t.has(`errors.${errors[field]}`) ? t(`errors.${errors[field]}`) : t("errors.invalid")}</p> : null);
  const set = (k: keyof Omit<Fields, "values">) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const carryOver = () => item.previous && setF({ ...f, workDone: item.previous.workDone, problems: item.previous.problems, nextSteps: item.previous.nextSteps });
  const input = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm disabled:bg-slate-50 disabled:text-slate-500";

  return (
    <form className="grid gap-4 lg:grid-cols-[3fr_2fr]" onSubmit={(e) => { e.preventDefault(); run("submit"); }} aria-label={`${item.taskNumber} ${item.taskTitle}`} noValidate>
      <fieldset disabled={!editable || pending} className="space-y-3">
        <div className="flex flex-wrap gap-4">
          <label className="text-sm">
            {t("progress")}
            <span className="ml-2 inline-flex items-center gap-2">
              <input type="number" min={0} max={100} step={1} inputMode="numeric" value={f.progress} onChange={set("progress")} className={`${input} w-20`} name="progress" aria-invalid={Boolean(errors.progress)} aria-describedby={errors.progress ? `${id}-progress-err` : undefined} />
              <span>%</span>
            </span>
            {err("progress")}
          </label>
          <label className="text-sm">
            {t("status")}
            <select value={f.status} onChange={set("status")} className={`${input} w-32`} name="status">
              {statuses.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
            </select>
          </label>
        </div>
        {(["workDone", "problems", "nextSteps"] as const).map((k) => (
          <label key={k} className="block text-sm">
            {t(k)}
            {k === "workDone" && <span className="ml-1 text-red-600" aria-hidden="true">*</span>}
            {k === "workDone" && editable && <span className="ml-2 text-xs text-slate-500">{t("workDoneHint")}</span>}
            <textarea value={f[k]} onChange={set(k)} rows={k === "workDone" ? 3 : 2} maxLength={5000} name={k} className={input} aria-invalid={Boolean(errors[k])} aria-required={k === "workDone" ? true : undefined} aria-describedby={errors[k] ? `${id}-${k}-err` : undefined} />
            {err(k)}
          </label>
        ))}
        {(dropped || f.dropReason !== "") && (
          <label className="block rounded-md bg-amber-50 p-2 text-sm" data-testid="drop-reason">
            {t("dropReason")}
            <span className="ml-1 text-red-600" aria-hidden="true">*</span>
            {dropped && <span className="ml-2 text-xs text-amber-800">{t("dropHint", { previous: previousProgress ?? 0, now: progressNow })}</span>}
            <textarea value={f.dropReason} onChange={set("dropReason")} rows={2} maxLength={2000} name="dropReason" className={input} aria-invalid={Boolean(errors.dropReason)} aria-required={dropped} aria-describedby={errors.dropReason ? `${id}-dropReason-err` : undefined} />
            {err("dropReason")}
          </label>
        )}
        {item.indicators.length > 0 && (
          <table className="w-full text-sm">
            <caption className="text-left text-sm">{t("indicators")}</caption>
            <thead className="text-left text-xs text-slate-500">
              <tr><th className="py-1 font-normal">{t("indicator")}</th><th className="font-normal">{t("baseline")}</th><th className="font-normal">{t("myTarget")}</th><th className="font-normal">{t("actual")}</th></tr>
            </thead>
            <tbody>
              {item.indicators.map((i) => (
                <tr key={i.id}>
                  <td className="py-1 pr-2">{i.name} <span className="text-xs text-slate-400">({i.unit}, {t(i.direction)})</span></td>
                  <td className="pr-2 tabular-nums">{i.baseline ?? "—"}</td>
                  <td className="pr-2 tabular-nums">{i.target ?? "—"}</td>
                  <td>
                    <input inputMode="decimal" value={f.values[i.id] ?? ""} onChange={(e) => setF({ ...f, values: { ...f.values, [i.id]: e.target.value } })} className={`${input} w-24`} aria-label={`${i.name} ${t("actual")}`} aria-invalid={Boolean(errors[`ind${i.id}`])} />
                    {err(`ind${i.id}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {editable && (
          <div className="flex flex-wrap items-center gap-2 pt-1">
            <button type="button" disabled={!hydrated || pending} onClick={() => run("save")} className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 hover:bg-slate-50">{t("saveDraft")}</button>
            <button type="submit" disabled={!hydrated || pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">{t("submit")}</button>
            {message && <span role="status" className={`text-sm ${message.tone === "ok" ? "text-emerald-700" : "text-red-600"}`}>{message.text}</span>}
          </div>
        )}
        {/* After submitting the form is read-only: say so, rather than letting the message vanish with the buttons. */}
        {!noteOutside && (item.state === "submitted" || item.state === "approved") && (
          <p role="status" className="text-sm font-medium text-emerald-700" data-testid="submitted-note">{t(item.state === "submitted" ? "submitted" : "approvedNote")}</p>
        )}
        {/* One list in one place, before and after the first save: the save's re-render of the page keeps the uploads in flight. */}
        {(editable || savedId !== null) && (
          <AttachmentList reportId={savedId ?? item.report?.id ?? null} ensureReport={ensureReport} editable={editable} initial={files} />
        )}
      </fieldset>
      <aside className="rounded-md bg-slate-50 p-3 text-sm text-slate-600">
        <div className="flex items-center justify-between">
          <h4 className="font-medium text-slate-700">{item.previous ? t("previous", { period: item.previous.period, progress: item.previous.progress }) : t("noPrevious")}</h4>
          {item.previous && editable && <button type="button" onClick={carryOver} disabled={!hydrated} className="text-xs text-brand-700 underline">{t("carryOver")}</button>}
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
