import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { auditWords } from "@/components/audit/audit-changes";
import { LightBadge } from "@/components/ui/light";
import { ProgressBar } from "@/components/ui/progress-bar";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getTaskOverview } from "@/lib/data/task-page";
import { localized } from "@/lib/i18n/localized";

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
      <section className="overflow-x-auto rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 className="mb-2 font-semibold">{t("progressByRegion")}</h2>
        <table className="w-full text-sm" data-testid="task-region-table">
          <thead className="text-left text-xs text-slate-500">
            <tr><th className="py-1 pr-3 font-normal">{tc("region")}</th>{leafMeasures.map((m) => <th key={m.id} className="min-w-[7rem] px-2 font-normal" title={m.title}>{m.number} {localized(locale, m.title, m.titleEn).slice(0, 10)}</th>)}</tr>
          </thead>
          <tbody>
            {regions.map((r) => (
              <tr key={r.code} className="border-t border-slate-100">
                <th scope="row" className="py-1.5 pr-3 text-left font-normal whitespace-nowrap"><Link href={`/regions/${r.code}?year=${o.task.planYear}`} className="text-brand-700 hover:underline">{localized(locale, r.nameZh, r.nameEn)}</Link></th>
                {leafMeasures.map((m) => {
                  const p = cell(m.id, r.code);
                  return (
                    <td key={m.id} className="px-2 py-1.5">
                      {p ? <Link href={`/report-card?assignment=${p.assignmentId}`} className="block space-y-0.5 rounded hover:bg-slate-50" data-testid="task-cell-card" title={tc("show")}><ProgressBar value={p.progress} label={tc("progress")} /><LightBadge light={p.light} label={p.completed ? tc("completed") : tc(`lights.${p.light}`)} /></Link> : <span className="text-slate-400">—</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {o.indicators.length > 0 && (
        <section className="overflow-x-auto rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <h2 className="mb-2 font-semibold">{t("indicators")}</h2>
          <table className="w-full text-sm" data-testid="task-indicators">
            <thead className="text-left text-xs text-slate-500">
              <tr><th className="py-1 pr-3 font-normal">{t("indicator")}</th>{regions.map((r) => <th key={r.code} className="px-2 font-normal">{localized(locale, r.nameZh, r.nameEn)}</th>)}</tr>
            </thead>
            <tbody>
              {o.indicators.map((i) => (
                <tr key={i.id} className="border-t border-slate-100 align-top">
                  <th scope="row" className="py-1.5 pr-3 text-left font-normal">{localized(locale, i.name, i.nameEn)}<div className="text-xs text-slate-400">{i.unit} · {t(i.direction)} · {t("baseline")} {i.baseline ?? "—"}</div></th>
                  {regions.map((r) => {
                    const v = i.byRegion[r.code];
                    const good = v?.actual?.value != null && v.target != null && (i.direction === "higher" ? v.actual.value >= v.target : v.actual.value <= v.target);
                    return (
                      <td key={r.code} className="px-2 py-1.5 text-xs tabular-nums whitespace-nowrap">
                        <div className={v?.actual?.value == null ? "text-slate-400" : good ? "text-emerald-700" : "text-red-600"}>{v?.actual?.value ?? "—"}</div>
                        <div className="text-slate-400">{t("target")} {v?.target ?? "—"}</div>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 className="mb-2 font-semibold">{t("history")}</h2>
        {o.history.length === 0 ? <p className="text-sm text-slate-500">{t("noHistory")}</p> : (
          <ul className="space-y-1 text-sm">
            {o.history.map((h, i) => <li key={i} className="tabular-nums"><span className="text-slate-500">{format.dateTime(h.at, { dateStyle: "short", timeStyle: "short" })}</span> · {h.actor ?? "—"} · {words.action(h.action)}</li>)}
          </ul>
        )}
      </section>
    </div>
  );
}
