import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AcknowledgeForm } from "@/components/reports/acknowledge-form";
import { BreakdownForm, type BreakdownCounty } from "@/components/reports/breakdown-form";
import { CountyProgress, type CountyProgressRow } from "@/components/reports/county-progress";
import { ReportForm } from "@/components/reports/report-form";
import { StateBadge } from "@/components/reports/state-badge";
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
export default async function MyRegionPage({ searchParams }: { searchParams: Promise<{ period?: string }> }) {
  const viewer = await requirePageViewer();
  if (!viewer.regionCode) redirect(homePath(viewer));
  const t = await getTranslations("work");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  const requested = (await searchParams).period;
  const [region, work] = await Promise.all([orRefuse(getRegion(viewer.regionCode)), orRefuse(getPeriodWork(requested))]);
  const [files, below] = await Promise.all([
    orRefuse(listAttachmentsForReports(work.items.flatMap((i) => (i.report ? [i.report.id] : [])))),
    loadCounties(viewer, work.items, locale),
  ]);
  const count = (pred: (i: (typeof work.items)[number]) => boolean) => work.items.filter(pred).length;
  const summary = [
    { label: t("summary.total"), value: work.items.length },
    { label: t("summary.overdue"), value: count((i) => i.overdue), tone: "text-red-600" },
    { label: t("summary.returned"), value: count((i) => i.state === "returned"), tone: "text-red-600" },
    { label: t("summary.todo"), value: count((i) => i.state === "none" || i.state === "draft") },
    { label: t("summary.submitted"), value: count((i) => i.state === "submitted") },
    { label: t("summary.approved"), value: count((i) => i.state === "approved" || i.state === "closed"), tone: "text-emerald-700" },
  ];

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
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
      <dl className="grid grid-cols-3 gap-2 sm:grid-cols-6">
        {summary.map((s) => (
          <div key={s.label} className="rounded-lg bg-white px-3 py-2 ring-1 ring-slate-200">
            <dt className="text-xs text-slate-500">{s.label}</dt>
            <dd className={`text-xl font-semibold tabular-nums ${s.tone ?? ""}`}>{s.value}</dd>
          </div>
        ))}
      </dl>
      {below && <CountyProgress rows={below.rows} year={below.year} />}
      {work.items.length === 0 && <p className="text-slate-600">{t("empty")}</p>}
      <ol className="space-y-4" data-testid="period-work">
        {work.items.map((item) => (
          <li key={item.assignmentId} id={`a${item.assignmentId}`} className="scroll-mt-4 rounded-xl bg-white p-4 ring-1 ring-slate-200" data-testid="work-item">
            <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="text-slate-400 tabular-nums">{item.taskNumber}</span>
              <h2 className="font-medium">{item.taskTitle}</h2>
              <StateBadge state={item.state} label={t(`states.${item.state}`)} />
              {item.overdue && <span className="rounded bg-red-600 px-2 py-0.5 text-xs font-medium text-white">{t("overdue")}</span>}
              <span className="ml-auto text-xs text-slate-500">
                {item.period} · {t("dueOn", { date: item.periodDue })} · {tc("leadOffice")} {item.leadOffice} · {tc("dueDate")} {item.dueDate}
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
            ) : (
              <>
                {!item.open && item.state !== "closed" && <p className="mb-2 text-xs text-slate-500">{t("periodClosed")}</p>}
                <ReportForm item={item} files={item.report ? files.get(item.report.id) ?? [] : []} />
                {item.report && (
                  <div className="mt-3 flex justify-end border-t border-slate-100 pt-3">
                    <Link href={`/reports/${item.report.id}`} className="text-sm text-brand-700 underline">{t("history")}</Link>
                  </div>
                )}
              </>
            )}
            {below && <BreakdownForm assignmentId={item.assignmentId} counties={below.forItem(item)} closed={item.state === "closed"} />}
          </li>
        ))}
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
