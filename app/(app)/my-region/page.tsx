import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AcknowledgeForm } from "@/components/reports/acknowledge-form";
import { BreakdownForm, type BreakdownCounty } from "@/components/reports/breakdown-form";
import { CountyProgress, type CountyProgressRow } from "@/components/reports/county-progress";
import { ReportForm } from "@/components/reports/report-form";
import { StateBadge } from "@/components/reports/state-badge";
import { Card } from "@/components/ui/card";
import { can, homePath } from "@/lib/auth/permissions";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import type { Viewer } from "@/lib/auth/viewer";
import { listRegionAssignments, type RegionAssignment } from "@/lib/data/assignments";
import { listAttachmentsForReports } from "@/lib/data/attachments";
import { getPeriodWork, type WorkItem } from "@/lib/data/period-work";
import { listPlans } from "@/lib/data/plans";
import { getRegion } from "@/lib/data/regions";
import { listReviewQueue } from "@/lib/data/review";
import { shanghaiDate } from "@/lib/domain/dates";
import { countLights, rollup } from "@/lib/domain/rollup";
import { localized } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("myRegion") };
}

/** The bureau's home: everything to report this period on one screen, overdue and returned first. */
const filters = {
  overdue: (i: WorkItem) => i.overdue,
  returned: (i: WorkItem) => i.state === "returned",
  todo: (i: WorkItem) => i.state === "none" || i.state === "draft",
  submitted: (i: WorkItem) => i.state === "submitted",
  approved: (i: WorkItem) => i.state === "approved" || i.state === "closed",
} as const;
type Filter = keyof typeof filters;

/** What the bureau still has to do on an item; null when nothing (it waits on review or is done). */
function missing(item: WorkItem): "acknowledge" | "none" | "draft" | "returned" | null {
  if (!item.acknowledged) return "acknowledge";
  return item.state === "none" || item.state === "draft" || item.state === "returned" ? item.state : null;
}

/**
 * The bureau's home: this period's items in the page's order (new to acknowledge and overdue first,
 * then returned). Items waiting on the bureau keep their form open; the others are one compact row with
 * their read-only form behind a disclosure, so the page is a short list rather than every form at once.
 */
export default async function MyRegionPage({ searchParams }: { searchParams: Promise<{ period?: string; show?: string; item?: string }> }) {
  const viewer = await requirePageViewer();
  if (!viewer.regionCode) redirect(homePath(viewer));
  const t = await getTranslations("work");
  const tc = await getTranslations("common");
  const tr = await getTranslations("report");
  const locale = await getLocale();
  const { period: requested, show: requestedShow, item: requestedItem } = await searchParams;
  const show: Filter | null = requestedShow && requestedShow in filters ? (requestedShow as Filter) : null;
  const [region, work] = await Promise.all([orRefuse(getRegion(viewer.regionCode)), orRefuse(getPeriodWork(requested))]);
  const [files, below] = await Promise.all([
    orRefuse(listAttachmentsForReports(work.items.flatMap((i) => (i.report ? [i.report.id] : [])))),
    loadCounties(viewer, work.items, locale),
  ]);
  const count = (pred: (i: WorkItem) => boolean) => work.items.filter(pred).length;
  const href = (key: Filter | null, item?: number) => {
    const q = new URLSearchParams();
    if (work.period) q.set("period", work.period);
    if (key) q.set("show", key);
    if (item !== undefined) q.set("item", String(item));
    const qs = q.toString();
    return `/my-region${qs ? `?${qs}` : ""}${item !== undefined ? `#a${item}` : ""}`;
  };
  const filterHref = (key: Filter | null) => href(key);
  const summary: { key: Filter | null; label: string; value: number; tone?: string }[] = [
    { key: null, label: t("summary.total"), value: work.items.length },
    { key: "overdue", label: t("summary.overdue"), value: count(filters.overdue), tone: "text-red-600" },
    { key: "returned", label: t("summary.returned"), value: count(filters.returned), tone: "text-red-600" },
    { key: "todo", label: t("summary.todo"), value: count(filters.todo) },
    { key: "submitted", label: t("summary.submitted"), value: count(filters.submitted) },
    { key: "approved", label: t("summary.approved"), value: count(filters.approved), tone: "text-emerald-700" },
  ];
  const shown = show ? work.items.filter(filters[show]) : work.items;
  const todo = shown.filter((i) => missing(i) !== null);
  // 下一项 follows the page's order among the items that still need the bureau.
  const nextOf = new Map(todo.map((i, n) => [i.assignmentId, todo[n + 1] ?? null]));
  // One form open at a time: the one asked for (下一项, the list above), else the most pressing report —
  // a returned one, then one still open for reporting — else the first to acknowledge.
  const reportable = todo.filter((i) => i.acknowledged);
  const opened =
    todo.find((i) => String(i.assignmentId) === requestedItem) ??
    reportable.find((i) => i.state === "returned") ??
    reportable.find((i) => i.open) ??
    reportable[0] ??
    todo[0];
  const expanded = (i: WorkItem) => i === opened;
  const dueLine = (item: WorkItem) => `${item.period} · ${t("dueOn", { date: item.periodDue })}`;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">{t("title", { region: localized(locale, region.nameZh, region.nameEn), period: work.period ?? "" })}</h1>
          <p className="mt-1 text-sm text-slate-500">
            {t("subtitle")} · <Link href={`/regions/${region.code}`} className="text-brand-700 underline">{t("allAssignments")}</Link>
          </p>
        </div>
        {work.periods.length > 0 && (
          <nav aria-label={t("periods")} className="flex max-w-xl flex-wrap justify-end gap-1">
            {work.periods.slice(0, 8).map((p) => (
              <Link key={p} href={`/my-region?period=${p}`} aria-current={p === work.period ? "page" : undefined}
                className="rounded px-2 py-0.5 text-xs ring-1 ring-slate-200 aria-[current=page]:bg-brand-600 aria-[current=page]:text-white">{p}</Link>
            ))}
          </nav>
        )}
      </div>
      <nav aria-label={t("filter")} data-testid="work-filters">
        <ul className="grid grid-cols-3 gap-2 sm:grid-cols-6">
          {summary.map((s) => (
            <li key={s.label}>
              <Link href={filterHref(s.key)} aria-current={s.key === show ? "true" : undefined} data-filter={s.key ?? "all"}
                className="block rounded-lg bg-white px-3 py-2 ring-1 ring-slate-200 hover:ring-brand-400 aria-[current=true]:ring-2 aria-[current=true]:ring-brand-600">
                <span className="block text-xs text-slate-500">{s.key === null && show ? t("all") : s.label}</span>
                <span className={`block text-xl font-semibold tabular-nums ${s.tone ?? ""}`}>{s.value}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {below && <CountyProgress rows={below.rows} year={below.year} />}
      {work.items.length === 0 && <p className="text-slate-600">{t("empty")}</p>}
      {work.items.length > 0 && (
        <Card aria-labelledby="todo-heading" padded={false} className="p-3" data-testid="action-list">
          <h2 id="todo-heading" className="mb-1 text-sm font-medium">{t("needsAction", { count: todo.length })}</h2>
          {todo.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noAction")}</p>
          ) : (
            <ol className="divide-y divide-slate-100 text-sm">
              {todo.map((item) => (
                <li key={item.assignmentId} className="flex flex-wrap items-center gap-x-2 py-1">
                  <span className="text-slate-400 tabular-nums">{item.taskNumber}</span>
                  <Link href={href(show, item.assignmentId)} className="min-w-0 flex-1 truncate text-brand-700 underline">{item.taskTitle}</Link>
                  <span className={`text-xs font-medium ${missing(item) === "returned" || item.overdue ? "text-red-700" : "text-slate-700"}`} data-missing={missing(item)}>
                    {t(`missing.${missing(item)!}`)}
                  </span>
                  <span className={`text-xs tabular-nums ${item.overdue ? "text-red-600" : "text-slate-500"}`}>{item.periodDue}</span>
                </li>
              ))}
            </ol>
          )}
        </Card>
      )}
      {show && <p className="text-sm text-slate-500">{t("shown", { shown: shown.length, total: work.items.length })} · <Link href={filterHref(null)} className="text-brand-700 underline">{t("all")}</Link></p>}
      <ol className="space-y-3" data-testid="period-work">
        {shown.map((item) => {
          const report = (
            <>
              {!item.open && item.state !== "closed" && <p className="mb-2 text-xs text-slate-500">{t("periodClosed")}</p>}
              <ReportForm item={item} files={item.report ? files.get(item.report.id) ?? [] : []} noteOutside={!expanded(item)} />
            </>
          );
          if (!expanded(item)) {
            const need = missing(item);
            return (
              <Card as="li" padded={false} key={item.assignmentId} id={`a${item.assignmentId}`} className="scroll-mt-4 px-4 py-2" data-testid="work-item" data-compact="">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <span className="text-slate-400 tabular-nums">{item.taskNumber}</span>
                  <h2 className="min-w-0 flex-1 truncate font-medium">{item.taskTitle}</h2>
                  <StateBadge state={item.state} label={t(`states.${item.state}`)} />
                  {item.overdue && <span className="rounded bg-red-600 px-2 py-0.5 text-xs font-medium text-white">{t("overdue")}</span>}
                  {need && need !== "none" && <span className={`text-xs font-medium ${need === "returned" ? "text-red-700" : "text-slate-700"}`} data-missing={need}>{t(`missing.${need}`)}</span>}
                  {item.report && <span className="text-xs tabular-nums text-slate-600">{t("progress", { value: item.report.progress })}</span>}
                  <span className="text-xs text-slate-500">{dueLine(item)}</span>
                  {(item.state === "submitted" || item.state === "approved") && (
                    <span role="status" className="text-xs font-medium text-emerald-700" data-testid="submitted-note">{tr(item.state === "submitted" ? "submitted" : "approvedNote")}</span>
                  )}
                  {item.report && <Link href={`/reports/${item.report.id}`} className="text-xs text-brand-700 underline">{t("history")}</Link>}
                  {need && <Link href={href(show, item.assignmentId)} className="text-xs text-brand-700 underline" data-testid="open-item">{t("openForm")}</Link>}
                </div>
                <details className="mt-1" data-testid="item-form">
                  <summary className="cursor-pointer text-xs text-slate-500">{t(need ? "viewDraft" : "viewForm")}</summary>
                  <div className="mt-2">
                    {item.state === "returned" && item.report?.reviewComment && (
                      <p className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="note">
                        <span className="font-medium">{t("returnedWith")}</span>{item.report.reviewComment}
                      </p>
                    )}
                    {item.acknowledged ? report : <AcknowledgeForm assignmentId={item.assignmentId} contactName={item.contactName} />}
                  </div>
                </details>
                {below && <BreakdownForm assignmentId={item.assignmentId} counties={below.forItem(item)} closed={item.state === "closed"} />}
              </Card>
            );
          }
          const next = nextOf.get(item.assignmentId) ?? null;
          return (
            <Card as="li" key={item.assignmentId} id={`a${item.assignmentId}`} className="scroll-mt-4" data-testid="work-item">
              <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="text-slate-400 tabular-nums">{item.taskNumber}</span>
                <h2 className="font-medium">{item.taskTitle}</h2>
                <StateBadge state={item.state} label={t(`states.${item.state}`)} />
                {item.overdue && <span className="rounded bg-red-600 px-2 py-0.5 text-xs font-medium text-white">{t("overdue")}</span>}
                <span className="ml-auto text-xs text-slate-500">
                  {dueLine(item)} · {tc("leadOffice")} {item.leadOffice} · {tc("dueDate")} {item.dueDate}
                </span>
                {item.parentTitle && <p className="w-full text-xs text-slate-500">{item.parentTitle}</p>}
              </div>
              {item.state === "returned" && item.report?.reviewComment && (
                <p className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="note">
                  <span className="font-medium">{t("returnedWith")}</span>{item.report.reviewComment}
                </p>
              )}
              {!item.acknowledged ? (
                <AcknowledgeForm assignmentId={item.assignmentId} contactName={item.contactName} />
              ) : report}
              {below && <BreakdownForm assignmentId={item.assignmentId} counties={below.forItem(item)} closed={item.state === "closed"} />}
              <div className="mt-3 flex flex-wrap items-center justify-end gap-x-4 gap-y-1 border-t border-slate-100 pt-3 text-sm">
                {item.acknowledged && item.report && <Link href={`/reports/${item.report.id}`} className="text-brand-700 underline">{t("history")}</Link>}
                {next ? (
                  <Link href={href(show, next.assignmentId)} className="text-brand-700 underline" data-testid="next-item">{t("next")} ›</Link>
                ) : (
                  <span className="text-slate-400">{t("nextNone")}</span>
                )}
              </div>
            </Card>
          );
        })}
      </ol>
    </div>
  );
}

/** Same measure of the same plan: how a county's assignment is matched to the league-city's own. */
const measureKey = (a: { planId: number; taskNumber: string }) => `${a.planId}|${a.taskNumber}`;

/**
 * For a league-city bureau with banner-counties below it: each county's share of the bureau's own
 * assignments (in the years of this period's work), and its reports awaiting review. Null for any other bureau.
 */
async function loadCounties(viewer: Viewer, items: WorkItem[], locale: string) {
  if (!viewer.regionCode || viewer.subRegionCodes.length === 0 || !can(viewer, "assignment.breakDown")) return null;
  const own = viewer.regionCode;
  const [counties, plans, queue] = await Promise.all([
    Promise.all(viewer.subRegionCodes.map((code) => orRefuse(getRegion(code)))),
    orRefuse(listPlans()),
    orRefuse(listReviewQueue()),
  ]);
  const yearOf = new Map(plans.map((p) => [p.id, p.year]));
  const itemYears = items.map((i) => yearOf.get(i.planId)).filter((y): y is number => y !== undefined);
  const years = itemYears.length ? [...new Set(itemYears)] : [Number(shanghaiDate(new Date()).slice(0, 4))];
  const assignmentsOf = async (code: string) => (await Promise.all(years.map((y) => orRefuse(listRegionAssignments(code, y))))).flat();
  const [ownRows, countyRows] = await Promise.all([assignmentsOf(own), Promise.all(counties.map((c) => assignmentsOf(c.code)))]);
  const ownKeys = new Set(ownRows.map(measureKey));
  // Only what came down from the league-city's own assignments counts here.
  const given = counties.map((c, i) => ({ county: c, by: new Map<string, RegionAssignment>(countyRows[i]!.filter((a) => ownKeys.has(measureKey(a))).map((a) => [measureKey(a), a])) }));
  const rows: CountyProgressRow[] = given.map(({ county, by }) => {
    const list = [...by.values()];
    const r = rollup({ total: list.length, completed: list.filter((a) => a.completed).length, progressSum: list.reduce((s, a) => s + (a.progress ?? 0), 0), lights: countLights(list.map((a) => a.light)) });
    return {
      code: county.code,
      name: localized(locale, county.nameZh, county.nameEn),
      given: r.total,
      completed: r.completed,
      meanProgress: r.total ? r.meanProgress : null,
      green: r.green,
      yellow: r.yellow,
      red: r.red,
      pending: queue.filter((q) => q.regionCode === county.code).length,
    };
  });
  return {
    rows,
    year: Math.max(...years),
    forItem: (item: WorkItem): BreakdownCounty[] =>
      given.map(({ county, by }) => {
        const a = by.get(measureKey(item));
        return { code: county.code, name: localized(locale, county.nameZh, county.nameEn), given: a ? { progress: a.progress, light: a.light } : null };
      }),
  };
}
