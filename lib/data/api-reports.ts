import "server-only";
import { and, asc, eq, gt, inArray, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, reportIndicatorValues, reports } from "@/db/schema";
import { regionScope } from "@/lib/auth/permissions";
import type { Page } from "@/lib/domain/pagination";
import { decodeNumberCursor, pageOf } from "@/lib/domain/pagination";
import { reportStates, reportsQuerySchema, type ReportsQuery } from "@/lib/validation/api";
import { requireViewer } from "./guard";
import { filterVisibleReports, getReport, type ReportDetail, reportColumns } from "./reports";
import { asSubmitted } from "./report-visibility";
import { approveReport, requireReviewer, returnReport } from "./review";

export type ReportItem = ReportDetail;

/**
 * Reports in id order, filtered, with the same visibility as getReport: the bureau's region in the
 * WHERE, then filterVisibleReports for the rest of the rule (drafts only for their own bureau).
 */
export async function listReports(query: Partial<ReportsQuery>): Promise<Page<ReportItem>> {
  const viewer = await requireViewer("report.read");
  const q = reportsQuerySchema.parse(query);
  const scope = regionScope(viewer);
  const isState = (v: string): v is (typeof reportStates)[number] => (reportStates as readonly string[]).includes(v);
  const filters: (SQL | undefined)[] = [
    scope ? inArray(assignments.regionCode, scope) : undefined,
    q.assignmentId ? eq(reports.assignmentId, q.assignmentId) : undefined,
    q.period ? eq(reports.period, q.period) : undefined,
    q.state ? eq(reports.state, q.state) : undefined,
    q.status ? (isState(q.status) ? eq(reports.state, q.status) : eq(reports.status, q.status)) : undefined,
  ];
  const db = await getDb();
  const visible: number[] = [];
  let after = decodeNumberCursor(q.cursor) ?? 0;
  const batch = Math.max(q.limit + 1, 200);
  // Fetch in id order until one more than a page is visible (or nothing is left).
  while (visible.length <= q.limit) {
    const ids = (
      await db
        .select({ id: reports.id })
        .from(reports)
        .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
        .where(and(gt(reports.id, after), ...filters))
        .orderBy(asc(reports.id))
        .limit(batch)
    ).map((r) => r.id);
    if (ids.length === 0) break;
    const seen = new Set(await filterVisibleReports(ids));
    visible.push(...ids.filter((i) => seen.has(i)));
    after = ids.at(-1)!;
    if (ids.length < batch) break;
  }
  const page = pageOf(visible, (i) => i, q.limit);
  return { items: await loadReports(page.items), nextCursor: page.nextCursor };
}

/** Reports by id (already checked as visible), in the order given, with their indicator values. */
async function loadReports(ids: number[]): Promise<ReportItem[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  const rows = await db
    .select(reportColumns)
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .where(inArray(reports.id, ids));
  const values = await db
    .select({ reportId: reportIndicatorValues.reportId, indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value })
    .from(reportIndicatorValues)
    .where(inArray(reportIndicatorValues.reportId, ids))
    .orderBy(asc(reportIndicatorValues.indicatorId));
  const byId = new Map(rows.map((r) => [r.id, { ...r, indicatorValues: [] as ReportDetail["indicatorValues"] }]));
  for (const v of values) byId.get(v.reportId)?.indicatorValues.push({ indicatorId: v.indicatorId, value: v.value });
  // A returned report being corrected shows others what was submitted.
  return asSubmitted(await requireViewer("report.read"), ids.map((i) => byId.get(i)!).filter(Boolean));
}

/**
 * Approves or returns a report for the API, where `version` may be left out: then the version the
 * caller can see now is decided on (getReport applies the visibility rule first).
 */
export async function reviewReportLatest(reportId: number, decision: "approve" | "return", body: { version?: number; comment?: string }, now: Date = new Date()) {
  await requireReviewer();
  const version = body.version ?? (await getReport(reportId)).version;
  const input = { reportId, version, comment: body.comment };
  return decision === "approve" ? approveReport(input, now) : returnReport(input, now);
}
