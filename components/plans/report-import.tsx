"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useFormAction } from "@/components/ui/use-form-action";
import { createPlanFromReportAction } from "@/lib/actions/conference-report";
import type { ActionResult } from "@/lib/actions/result";
import type { IndicatorSuggestion, ParsedReport, SourceSpan } from "@/lib/domain/conference-report";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadPlanWithTreeSchema = () => import("@/lib/validation/plan").then((m) => m.planWithTreeSchema);

type EditIndicator = { key: string; name: string; unit: string; target: string; direction: "higher" | "lower"; span: SourceSpan | null; measureKey: string | null };
type EditMeasure = { key: string; title: string; span: SourceSpan | null };
type EditTask = { key: string; title: string; description: string; span: SourceSpan | null; measures: EditMeasure[]; indicators: EditIndicator[] };
type PlanFields = { year: string; title: string; issuingBody: string; meetingDate: string; cadence: "monthly" | "quarterly" };

/** Inline fields of the tree (compact, labelled by aria-label): a title grows with its text (one line when it fits) instead of being cut off. */
const cellClass = "rounded-md border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-500";
const titleClass = `${cellClass} block w-full resize-none field-sizing-content`;
const oneLine = (v: string) => v.replace(/[\r\n]+/g, "");
const DEFAULT_BODY = "内蒙古自治区生态环境厅";

let counter = 0;
const newKey = () => `k${++counter}`;
const union = (a: SourceSpan | null, b: SourceSpan | null): SourceSpan | null => (a && b ? { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) } : (a ?? b));
const within = (inner: SourceSpan, outer: SourceSpan | null) => outer !== null && inner.start >= outer.start && inner.end <= outer.end;

function toIndicator(s: IndicatorSuggestion, measures: EditMeasure[]): EditIndicator {
  return { key: newKey(), name: s.name, unit: s.unit, target: s.target === null ? "" : String(s.target), direction: s.direction, span: s.span, measureKey: measures.find((m) => within(s.span, m.span))?.key ?? null };
}

function treeOf(report: ParsedReport): EditTask[] {
  return report.tasks.map((t) => {
    const measures = t.measures.map((m) => ({ key: newKey(), title: m.title, span: m.span }));
    return { key: newKey(), title: t.title, description: t.description, span: t.span, measures, indicators: t.indicators.map((i) => toIndicator(i, measures)) };
  });
}

/** The text cut where any span starts or ends: each piece knows whether it is inside a task and inside the item in focus. */
function pieces(text: string, spans: SourceSpan[], active: SourceSpan | null) {
  const cuts = new Set([0, text.length]);
  for (const s of [...spans, ...(active ? [active] : [])]) {
    cuts.add(Math.min(Math.max(0, s.start), text.length));
    cuts.add(Math.min(Math.max(0, s.end), text.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: { text: string; start: number; inTask: boolean; active: boolean }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const piece = { start, end };
    out.push({ text: text.slice(start, end), start, inTask: spans.some((s) => within(piece, s)), active: active !== null && within(piece, active) });
  }
  return out;
}

/** Paste or upload a conference report, correct the tree read from it beside the text, then create the draft plan. */
export function ReportImport({ thisYear }: { thisYear: number }) {
  const t = useTranslations("reportImport");
  const te = useTranslations("planEdit");
  const tc = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [pasted, setPasted] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const [report, setReport] = useState<ParsedReport | null>(null);
  /** The last reading failed: the editor stays open (empty) so the tree can still be entered by hand. */
  const [failed, setFailed] = useState(false);
  const [items, setItems] = useState<EditTask[]>([]);
  const [plan, setPlan] = useState<PlanFields>({ year: String(thisYear), title: "", issuingBody: DEFAULT_BODY, meetingDate: "", cadence: "monthly" });
  const [active, setActive] = useState<SourceSpan | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const markRef = useRef<HTMLElement | null>(null);
  const boxRef = useRef<HTMLDivElement | null>(null);

  // Scrolls the source pane (only it: the page stays where the officer is typing) to the item in focus.
  useEffect(() => {
    const box = boxRef.current;
    const mark = markRef.current;
    if (!box || !mark || !active) return;
    const top = mark.offsetTop;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 40) box.scrollTo({ top: Math.max(0, top - 40), behavior: "smooth" });
  }, [active]);

  const planErrorText = usePlanErrorText();

  /** Reads the report (pasted text or a file) on the server: the route answers with its text and the tree found in it. */
  async function read(body: FormData): Promise<ActionResult<{ text?: string; report: ParsedReport }>> {
    const res = await fetch("/api/plans/parse-report", { method: "POST", body });
    const json = (await res.json()) as { text?: string; report?: ParsedReport; error?: string };
    if (res.ok && json.report) return { ok: true, text: json.text, report: json.report };
    setFailed(true);
    setSource(null);
    setReport(null);
    setItems([]);
    return { ok: false, message: json.error ?? "unexpected" };
  }
  const reading = useFormAction<FormData, { text?: string; report: ParsedReport }>({
    action: read,
    errorText: (code) => (t.has(`fileErrors.${code}`) ? t(`fileErrors.${code}`) : null),
    refresh: false,
    onOk: ({ text, report: r }) => {
      setFailed(false);
      setSource(text ?? "");
      if (file) setPasted(text ?? "");
      setReport(r);
      setItems(treeOf(r));
      setActive(null);
      setErrors({});
      setPlan((p) => ({
        year: r.year !== null ? String(r.year) : p.year,
        title: r.title || p.title,
        issuingBody: r.issuingBody ?? p.issuingBody,
        meetingDate: r.meetingDate ?? "",
        cadence: p.cadence,
      }));
    },
  });

  function parse(e: React.FormEvent) {
    e.preventDefault();
    const body = new FormData();
    if (file) body.set("file", file);
    else body.set("text", pasted);
    setConfirming(false);
    reading.submit(body);
  }

  // --- tree edits -----------------------------------------------------------------------------
  const update = (key: string, change: (task: EditTask) => EditTask) => setItems((list) => list.map((x) => (x.key === key ? change(x) : x)));
  const updateMeasure = (taskKey: string, measureKey: string, title: string) => update(taskKey, (x) => ({ ...x, measures: x.measures.map((m) => (m.key === measureKey ? { ...m, title } : m)) }));
  const dropTask = (i: number) => setItems((list) => list.filter((_, k) => k !== i));
  const mergeUp = (i: number) =>
    setItems((list) => {
      if (i === 0) return list;
      const prev = list[i - 1]!;
      const cur = list[i]!;
      // The merged item's title becomes a measure of the one above, its measures follow.
      const merged: EditTask = { ...prev, span: union(prev.span, cur.span), measures: [...prev.measures, { key: newKey(), title: cur.title, span: null }, ...cur.measures], indicators: [...prev.indicators, ...cur.indicators] };
      return [...list.slice(0, i - 1), merged, ...list.slice(i + 1)];
    });
  const addTask = () => setItems((list) => [...list, { key: newKey(), title: "", description: "", span: null, measures: [], indicators: [] }]);
  const addMeasure = (taskKey: string) => update(taskKey, (x) => ({ ...x, measures: [...x.measures, { key: newKey(), title: "", span: null }] }));
  const dropMeasure = (taskKey: string, j: number) => update(taskKey, (x) => ({ ...x, measures: x.measures.filter((_, k) => k !== j), indicators: x.indicators.map((ind) => (ind.measureKey === x.measures[j]!.key ? { ...ind, measureKey: null } : ind)) }));
  const mergeMeasure = (taskKey: string, j: number) =>
    update(taskKey, (x) => {
      const a = x.measures[j]!;
      const b = x.measures[j + 1];
      if (!b) return x;
      const joined = { ...a, title: `${a.title}${/[\u3400-\u9fff]$/.test(a.title) ? "，" : ", "}${b.title}`, span: union(a.span, b.span) };
      return { ...x, measures: [...x.measures.slice(0, j), joined, ...x.measures.slice(j + 2)], indicators: x.indicators.map((ind) => (ind.measureKey === b.key ? { ...ind, measureKey: a.key } : ind)) };
    });
  const splitMeasure = (taskKey: string, j: number, at: number) =>
    update(taskKey, (x) => {
      const m = x.measures[j]!;
      const head = m.title.slice(0, at).replace(/[，,、\s]+$/, "");
      const tail = m.title.slice(at).replace(/^[，,、\s]+/, "");
      if (!head || !tail) return x;
      return { ...x, measures: [...x.measures.slice(0, j), { ...m, title: head }, { key: newKey(), title: tail, span: m.span }, ...x.measures.slice(j + 1)] };
    });
  /** Measures from j on become a task of their own after this one (its first measure is its title). */
  const promote = (i: number, j: number) =>
    setItems((list) => {
      const x = list[i]!;
      const moved = x.measures.slice(j);
      const movedKeys = new Set(moved.map((m) => m.key));
      const first = moved[0]!;
      const span = moved.reduce<SourceSpan | null>((s, m) => union(s, m.span), null);
      const task: EditTask = { key: newKey(), title: first.title, description: "", span, measures: moved.slice(1), indicators: x.indicators.filter((ind) => ind.measureKey && movedKeys.has(ind.measureKey)).map((ind) => (ind.measureKey === first.key ? { ...ind, measureKey: null } : ind)) };
      const kept: EditTask = { ...x, measures: x.measures.slice(0, j), indicators: x.indicators.filter((ind) => !(ind.measureKey && movedKeys.has(ind.measureKey))) };
      return [...list.slice(0, i), kept, task, ...list.slice(i + 1)];
    });
  const addIndicator = (taskKey: string) => update(taskKey, (x) => ({ ...x, indicators: [...x.indicators, { key: newKey(), name: "", unit: "", target: "", direction: "higher", span: null, measureKey: null }] }));
  const updateIndicator = (taskKey: string, key: string, change: Partial<EditIndicator>) => update(taskKey, (x) => ({ ...x, indicators: x.indicators.map((ind) => (ind.key === key ? { ...ind, ...change } : ind)) }));
  const dropIndicator = (taskKey: string, key: string) => update(taskKey, (x) => ({ ...x, indicators: x.indicators.filter((ind) => ind.key !== key) }));
  const addList = (label: string, list: { title: string; span: SourceSpan }[], span: SourceSpan) =>
    setItems((tasks) => [...tasks, { key: newKey(), title: label.replace(/^["“]|["”]$/g, ""), description: "", span, measures: list.map((m) => ({ key: newKey(), title: m.title, span: m.span })), indicators: [] }]);

  // --- create -------------------------------------------------------------------------------
  const measureCount = items.reduce((n, x) => n + x.measures.length, 0);
  const indicatorCount = items.reduce((n, x) => n + x.indicators.length, 0);

  function planInput() {
    const year = plan.year.trim();
    const dates = { startDate: `${year}-01-01`, dueDate: `${year}-12-31` };
    const indicator = (ind: EditIndicator) => ({ name: ind.name, unit: ind.unit, direction: ind.direction, target: ind.target, baseline: "" });
    return {
      year,
      title: plan.title,
      issuingBody: plan.issuingBody,
      meetingDate: plan.meetingDate,
      sourceText: source ?? pasted,
      cadence: plan.cadence,
      dueDay: 25,
      graceDays: 5,
      greenMaxBehind: 10,
      yellowMaxBehind: 25,
      tasks: items.map((x) => ({
        title: x.title,
        description: x.description,
        ...dates,
        indicators: x.indicators.filter((ind) => ind.measureKey === null || !x.measures.some((m) => m.key === ind.measureKey)).map(indicator),
        children: x.measures.map((m) => ({ title: m.title, ...dates, indicators: x.indicators.filter((ind) => ind.measureKey === m.key).map(indicator) })),
      })),
    };
  }

  const creating = useFormAction<unknown, { id: number }>({
    action: async (input) => {
      const res = await createPlanFromReportAction(input);
      // Refused: back to the fields, with the server's reasons beside them.
      if (!res.ok) setConfirming(false);
      return res;
    },
    schema: loadPlanWithTreeSchema,
    errorText: planErrorText,
    okText: t("created"),
    onOk: (res) => router.push(`/plans/${res.id}`),
    refresh: false,
  });

  /** Where an input's error shows: the schema's path over planInput() (a measure's title, not only "tasks"), with tasks' indicators in the order sent. */
  async function check(): Promise<boolean> {
    // A schema that cannot be fetched (offline) leaves the check to the server.
    const schema = await loadPlanWithTreeSchema().catch(() => null);
    if (!schema) return true;
    const parsed = schema.safeParse(planInput());
    if (parsed.success) {
      setErrors({});
      return true;
    }
    const found: Record<string, string> = {};
    for (const issue of parsed.error.issues) found[issue.path.join(".")] ??= /^[a-zA-Z]+$/.test(issue.message) ? issue.message : "invalid";
    setErrors(found);
    toast("error", t("invalid"));
    return false;
  }

  const busy = reading.busy || creating.busy;
  /** The error of a field by its path: this page's own check first, then the server's answer. */
  const errorOf = (path: string): string | undefined => {
    const code = errors[path] ?? creating.errors[path];
    return code ? creating.text(code) : undefined;
  };
  const err = (path: string) => {
    const text = errorOf(path);
    return text ? <p className="mt-0.5 text-xs text-red-600">{text}</p> : null;
  };
  const focus = (span: SourceSpan | null) => () => setActive(span);
  const taskSpans = items.flatMap((x) => (x.span ? [x.span] : []));
  const sourcePieces = source ? pieces(source, taskSpans, active) : [];
  const firstActive = sourcePieces.find((p) => p.active)?.start;

  return (
    <div className="space-y-5">
      <Card as="form" onSubmit={parse} className="space-y-3" aria-label={t("inputTitle")}>
        <Field label={t("pasteLabel")}>
          {(control) => <Textarea name="text" value={pasted} onChange={(e) => { setPasted(e.target.value); setFile(null); }} rows={6} data-testid="report-text" {...control} />}
        </Field>
        <div className="flex flex-wrap items-end gap-3">
          <Field label={t("fileLabel")} className="min-w-0 max-w-full">
            {(control) => <Input type="file" name="file" accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="report-file" {...control} />}
          </Field>
          <Button type="submit" variant="primary" disabled={busy || (!file && pasted.trim() === "")} data-testid="report-parse">{t("parse")}</Button>
        </div>
        <div role="status" aria-live="polite" className="text-sm">
          {report?.message && <p className="text-amber-700" data-testid="report-message">{t(`messages.${report.message}`)}</p>}
          {report && !report.message && <p className="text-emerald-700">{t("found", { tasks: report.tasks.length, measures: report.tasks.reduce((n, x) => n + x.measures.length, 0), indicators: report.tasks.reduce((n, x) => n + x.indicators.length, 0) })}</p>}
          {report?.warnings.map((w, i) => (
            <p key={i} className="text-amber-700">{w.code === "countMismatch" ? t("warnings.countMismatch", { declared: w.declared, found: w.found }) : t(`warnings.${w.code}`)}</p>
          ))}
        </div>
      </Card>

      {(report || failed) && (
        <div className="grid gap-5 lg:grid-cols-[2fr_3fr]">
          <Card aria-labelledby="source-heading" className="lg:sticky lg:top-4 lg:self-start">
            <h2 id="source-heading" className="mb-2 font-semibold">{t("source")}</h2>
            <div ref={boxRef} className="relative max-h-[45vh] overflow-y-auto whitespace-pre-wrap break-words text-sm leading-relaxed text-slate-700 lg:max-h-[80vh]" data-testid="report-source">
              {source
                ? sourcePieces.map((p) =>
                    p.active ? (
                      <mark key={p.start} ref={p.start === firstActive ? markRef : undefined} className="rounded-sm bg-yellow-200 text-slate-900" data-testid="source-highlight">{p.text}</mark>
                    ) : p.inTask ? (
                      <span key={p.start} className="bg-sky-50">{p.text}</span>
                    ) : (
                      <span key={p.start}>{p.text}</span>
                    ),
                  )
                : <span className="text-slate-400">{t("noSource")}</span>}
            </div>
          </Card>

          <section aria-labelledby="tree-heading" className="space-y-4">
            <Card as="div">
              <h2 id="tree-heading" className="mb-2 font-semibold">{t("tree")}</h2>
              {items.length === 0 && <p className="text-sm text-slate-500">{t("emptyTree")}</p>}
              <ol className="space-y-3" data-testid="report-tree">
                {items.map((x, i) => (
                  <li key={x.key} className="rounded-lg p-3 ring-1 ring-slate-200" data-testid="report-task">
                    <div className="flex items-start gap-2">
                      <span className="mt-2 w-6 shrink-0 text-sm text-slate-400 tabular-nums">{i + 1}</span>
                      <div className="min-w-0 flex-1">
                        <textarea rows={1} aria-label={t("taskTitle", { n: i + 1 })} value={x.title} onChange={(e) => update(x.key, (y) => ({ ...y, title: oneLine(e.target.value) }))} onFocus={focus(x.span)} className={`${titleClass} font-medium`} aria-invalid={Boolean(errorOf(`tasks.${i}.title`))} data-testid="task-title" />
                        {err(`tasks.${i}.title`)}
                        {x.description && (
                          <textarea rows={1} aria-label={t("description")} value={x.description} onChange={(e) => update(x.key, (y) => ({ ...y, description: oneLine(e.target.value) }))} onFocus={focus(x.span)} className={`${titleClass} mt-1 text-slate-600`} />
                        )}
                      </div>
                    </div>
                    <div className="mt-1 flex flex-wrap gap-1 pl-8">
                      <Button size="sm" onClick={() => mergeUp(i)} disabled={i === 0}>{t("mergeUp")}</Button>
                      <Button size="sm" onClick={() => dropTask(i)}>{t("drop")}</Button>
                      <Button size="sm" onClick={() => addMeasure(x.key)}>{t("addMeasure")}</Button>
                      <Button size="sm" onClick={() => addIndicator(x.key)}>{t("addIndicator")}</Button>
                    </div>
                    <ul className="mt-2 space-y-1.5 pl-8">
                      {x.measures.map((m, j) => (
                        <li key={m.key} data-testid="report-measure">
                          <div className="flex flex-wrap items-start gap-1 md:flex-nowrap">
                            <span className="mt-1.5 w-8 shrink-0 text-xs text-slate-400 tabular-nums">{i + 1}.{j + 1}</span>
                            <textarea
                              rows={1}
                              aria-label={t("measureTitle", { n: `${i + 1}.${j + 1}` })}
                              value={m.title}
                              onChange={(e) => updateMeasure(x.key, m.key, oneLine(e.target.value))}
                              onFocus={focus(m.span)}
                              className={`${titleClass} min-w-0 flex-1`}
                              aria-invalid={Boolean(errorOf(`tasks.${i}.children.${j}.title`))}
                              data-testid="measure-title"
                            />
                            <div className="flex basis-full flex-wrap gap-1 pl-9 md:basis-auto md:flex-nowrap md:pl-0">
                              <Button size="sm" title={t("splitHint")} onMouseDown={(e) => e.preventDefault()} onClick={(e) => {
                                const field = e.currentTarget.closest("li")?.querySelector("textarea") ?? null;
                                splitMeasure(x.key, j, field?.selectionStart ?? Math.ceil(m.title.length / 2));
                              }}>{t("split")}</Button>
                              <Button size="sm" onClick={() => mergeMeasure(x.key, j)} disabled={j + 1 >= x.measures.length}>{t("mergeNext")}</Button>
                              <Button size="sm" onClick={() => promote(i, j)}>{t("promote")}</Button>
                              <Button size="sm" onClick={() => dropMeasure(x.key, j)}>{t("drop")}</Button>
                            </div>
                          </div>
                          {err(`tasks.${i}.children.${j}.title`)}
                        </li>
                      ))}
                    </ul>
                    {x.indicators.length > 0 && (
                      <div className="mt-2 space-y-1.5 pl-8">
                        <p className="text-xs font-medium text-slate-500">{t("indicators")}</p>
                        {x.indicators.map((ind) => (
                          <div key={ind.key} className="flex flex-wrap items-center gap-1" data-testid="report-indicator">
                            <input aria-label={t("indicatorName")} placeholder={t("indicatorName")} value={ind.name} onChange={(e) => updateIndicator(x.key, ind.key, { name: e.target.value })} onFocus={focus(ind.span)} className={`${cellClass} min-w-0 flex-1 basis-full sm:basis-48`} />
                            <input aria-label={t("unit")} placeholder={t("unit")} value={ind.unit} onChange={(e) => updateIndicator(x.key, ind.key, { unit: e.target.value })} className={`${cellClass} w-20`} />
                            <input aria-label={t("target")} placeholder={t("target")} inputMode="decimal" value={ind.target} onChange={(e) => updateIndicator(x.key, ind.key, { target: e.target.value })} className={`${cellClass} w-20`} />
                            <select aria-label={t("direction")} value={ind.direction} onChange={(e) => updateIndicator(x.key, ind.key, { direction: e.target.value as "higher" | "lower" })} className={`${cellClass} w-28`}>
                              <option value="higher">{t("higher")}</option>
                              <option value="lower">{t("lower")}</option>
                            </select>
                            <Button size="sm" onClick={() => dropIndicator(x.key, ind.key)}>{t("drop")}</Button>
                          </div>
                        ))}
                      </div>
                    )}
                  </li>
                ))}
              </ol>
              <Button className="mt-3" onClick={addTask} data-testid="add-task">{t("addTask")}</Button>
            </Card>

            {report && (report.enumerations.length > 0 || report.indicators.length > 0) && (
              <Card as="div" className="text-sm">
                {report.enumerations.length > 0 && (
                  <>
                    <h3 className="mb-1 font-medium">{t("otherLists")}</h3>
                    <ul className="space-y-2" data-testid="other-lists">
                      {report.enumerations.map((e, k) => (
                        <li key={k} onMouseEnter={focus(e.span)}>
                          <div className="flex flex-wrap items-center gap-2">
                            <button type="button" className="text-left text-brand-700 hover:underline" onClick={focus(e.span)}>{e.label}</button>
                            <span className="text-xs text-slate-500">{t("items", { count: e.items.length })}</span>
                            <Button size="sm" onClick={() => addList(e.label, e.items, e.span)}>{t("addAsTask")}</Button>
                          </div>
                          <p className="text-xs text-slate-500">{e.items.map((it) => it.title).join(" / ")}</p>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {report.indicators.length > 0 && (
                  <>
                    <h3 className="mt-3 mb-1 font-medium">{t("otherIndicators")}</h3>
                    <ul className="list-disc pl-5 text-xs text-slate-600">
                      {report.indicators.map((ind, k) => (
                        <li key={k}><button type="button" className="text-left hover:underline" onClick={focus(ind.span)}>{ind.name}{ind.target !== null ? ` ${ind.target}${ind.unit}` : ""}</button></li>
                      ))}
                    </ul>
                  </>
                )}
              </Card>
            )}

            <Card as="div" className="space-y-3" data-testid="report-plan">
              <h2 className="font-semibold">{t("plan")}</h2>
              <div className="grid gap-3 sm:grid-cols-[7rem_1fr]">
                <Field label={te("year")} error={errorOf("year")}>
                  {(control) => <Input name="year" inputMode="numeric" value={plan.year} onChange={(e) => setPlan({ ...plan, year: e.target.value })} {...control} />}
                </Field>
                <Field label={te("title")} error={errorOf("title")}>
                  {(control) => <Input name="title" value={plan.title} onChange={(e) => setPlan({ ...plan, title: e.target.value })} maxLength={200} {...control} />}
                </Field>
              </div>
              <div className="grid gap-3 sm:grid-cols-3">
                <Field label={te("issuingBody")} error={errorOf("issuingBody")}>
                  {(control) => <Input name="issuingBody" value={plan.issuingBody} onChange={(e) => setPlan({ ...plan, issuingBody: e.target.value })} onFocus={focus(report?.fieldSpans.issuingBody ?? null)} {...control} />}
                </Field>
                <Field label={te("meetingDate")} error={errorOf("meetingDate")}>
                  {(control) => <Input name="meetingDate" type="date" value={plan.meetingDate} onChange={(e) => setPlan({ ...plan, meetingDate: e.target.value })} onFocus={focus(report?.fieldSpans.meetingDate ?? null)} {...control} />}
                </Field>
                <Field label={te("cadence")} error={errorOf("cadence")}>
                  {(control) => (
                    <Select name="cadence" value={plan.cadence} onChange={(e) => setPlan({ ...plan, cadence: e.target.value as PlanFields["cadence"] })} {...control}>
                      <option value="monthly">{tc("cadence.monthly")}</option>
                      <option value="quarterly">{tc("cadence.quarterly")}</option>
                    </Select>
                  )}
                </Field>
              </div>
              {err("sourceText")}
              {err("tasks")}
              {!confirming ? (
                <Button variant="primary" disabled={busy} onClick={() => void check().then((ok) => ok && setConfirming(true))} data-testid="report-create">{t("create")}</Button>
              ) : (
                <div className="rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-200" role="alertdialog" aria-labelledby="confirm-text">
                  <p id="confirm-text">{t("confirmText", { title: plan.title, tasks: items.length, measures: measureCount, indicators: indicatorCount })}</p>
                  <div className="mt-2 flex gap-2">
                    <Button variant="primary" disabled={busy} onClick={() => creating.submit(planInput())} data-testid="report-confirm">{t("confirm")}</Button>
                    <Button disabled={creating.pending} onClick={() => setConfirming(false)}>{t("back")}</Button>
                  </div>
                </div>
              )}
            </Card>
          </section>
        </div>
      )}
    </div>
  );
}
