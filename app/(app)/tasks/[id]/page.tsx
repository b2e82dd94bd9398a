import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { auditWords } from "@/components/audit/audit-changes";
import { Card, CardHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { LightBadge } from "@/components/ui/light";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Table, Td, Th } from "@/components/ui/table";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getTaskOverview } from "@/lib/data/task-page";
import { localized } from "@/lib/i18n/localized";

/** Row heads (th scope=row) read as cells: white, the body's weight and colour. */
const rowHeads = "[&_tbody_th]:bg-white [&_tbody_th]:font-normal [&_tbody_th]:text-slate-900 [&_tbody_th]:border-slate-100";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ region?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("taskPage"))("title") };
}

/** One task: its measures, each region's progress and light, indicator targets against actual values, its history. */
export default async function TaskPage({ params, searchParams }: Props) {
  await requirePageViewer();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const t = await getTranslations("taskPage");
  const tc = await getTranslations("common");
  const words = await auditWords();
  const locale = await getLocale();
  const format = await getFormatter();
  const focus = (await searchParams).region;
  const o = await orRefuse(getTaskOverview(id));
  const leafMeasures = o.measures.length > 1 ? o.measures.filter((m) => m.id !== id) : o.measures;
  const regions = focus ? o.regions.filter((r) => r.code === focus) : o.regions;
  const cell = (taskId: number, code: string) => o.progress.find((p) => p.taskId === taskId && p.regionCode === code);
  return (
    <div className="space-y-5">
      <div>
        <p className="text-sm text-slate-500">{o.task.planYear} · {o.task.planTitle}</p>
        <h1 className="text-2xl font-semibold">{o.task.number}. {localized(locale, o.task.title, o.task.titleEn)}</h1>
        <p className="mt-1 text-sm text-slate-500">{tc("leadOffice")} {o.task.leadOffice} · {tc("startDate")} {o.task.startDate} · {tc("dueDate")} {o.task.dueDate}</p>
        {o.task.description && <p className="mt-2 max-w-4xl text-sm text-slate-600">{o.task.description}</p>}
        {focus && <p className="mt-2 text-sm"><Link href={`/tasks/${id}`} className="text-brand-700 underline">{t("allRegions")}</Link></p>}
      </div>
      <Card aria-labelledby="task-by-region">
        <CardHeader title={<span id="task-by-region">{t("progressByRegion")}</span>} />
        <Table className={rowHeads} data-testid="task-region-table">
          <thead className="text-xs">
            <tr><Th>{tc("region")}</Th>{leafMeasures.map((m) => <Th key={m.id} className="min-w-[7rem]" title={m.title}>{m.number} {localized(locale, m.title, m.titleEn).slice(0, 10)}</Th>)}</tr>
          </thead>
          <tbody>
            {regions.map((r) => (
              <tr key={r.code}>
                <Th scope="row"><Link href={`/regions/${r.code}?year=${o.task.planYear}`} className="text-brand-700 hover:underline">{localized(locale, r.nameZh, r.nameEn)}</Link></Th>
                {leafMeasures.map((m) => {
                  const p = cell(m.id, r.code);
                  return (
                    <Td key={m.id}>
                      {p ? <Link href={`/report-card?assignment=${p.assignmentId}`} className="block space-y-0.5 rounded hover:bg-slate-50" data-testid="task-cell-card" title={tc("show")}><ProgressBar value={p.progress} label={tc("progress")} /><LightBadge light={p.light} label={p.completed ? tc("completed") : tc(`lights.${p.light}`)} /></Link> : <span className="text-slate-400">—</span>}
                    </Td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      {o.indicators.length > 0 && (
        <Card aria-labelledby="task-indicators">
          <CardHeader title={<span id="task-indicators">{t("indicators")}</span>} />
          <Table className={cx(rowHeads, "[&_tbody_th]:whitespace-normal")} data-testid="task-indicators">
            <thead className="text-xs">
              <tr><Th>{t("indicator")}</Th>{regions.map((r) => <Th key={r.code}>{localized(locale, r.nameZh, r.nameEn)}</Th>)}</tr>
            </thead>
            <tbody>
              {o.indicators.map((i) => (
                <tr key={i.id}>
                  <Th scope="row" className="align-top">{localized(locale, i.name, i.nameEn)}<div className="text-xs text-slate-400">{i.unit} · {t(i.direction)} · {t("baseline")} {i.baseline ?? "—"}</div></Th>
                  {regions.map((r) => {
                    const v = i.byRegion[r.code];
                    const actual = v?.actual?.value ?? null;
                    const met = actual !== null && v?.target != null ? (i.direction === "higher" ? actual >= v.target : actual <= v.target) : null;
                    return (
                      <Td key={r.code} className="text-xs tabular-nums whitespace-nowrap">
                        {/* Met or not in a mark and its name, not in the number's colour alone. */}
                        <div className={met === null ? "text-slate-400" : met ? "text-emerald-700" : "text-red-600"} data-met={met ?? undefined}>
                          {actual ?? "—"}
                          {met !== null && <span role="img" aria-label={met ? t("met") : t("notMet")} title={met ? t("met") : t("notMet")} className="ml-1">{met ? "✓" : "✗"}</span>}
                        </div>
                        <div className="text-slate-400">{t("target")} {v?.target ?? "—"}</div>
                      </Td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
      <Card aria-labelledby="task-history">
        <CardHeader title={<span id="task-history">{t("history")}</span>} className="mb-2" />
        {o.history.length === 0 ? <p className="text-sm text-slate-500">{t("noHistory")}</p> : (
          <ul className="space-y-1 text-sm">
            {o.history.map((h, i) => <li key={i} className="tabular-nums"><span className="text-slate-500">{format.dateTime(h.at, { dateStyle: "short", timeStyle: "short" })}</span> · {h.actor ?? "—"} · {words.action(h.action)}</li>)}
          </ul>
        )}
      </Card>
    </div>
  );
}
