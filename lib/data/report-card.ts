import "server-only";
import { asSubmitted, returnedSnapshots, seesWorkInProgress } from "./report-visibility";
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, indicatorRegionTargets, indicators, plans, regions, reportIndicatorValues, reports, reportVersions, tasks, users } from "@/db/schema";
import { can, canReview } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { listReportAttachments, type AttachmentSummary } from "./attachments";
import { NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import type { ReportState } from "./reports";

/** The read-only card of one assignment's report: what leaders read, what every drill-down row leads to. */
export type ReportCard = {
  assignment: {
    id: number;
    regionCode: string;
    regionName: string;
    regionNameEn: string;
    taskId: number;
    taskNumber: string;
    taskTitle: string;
    parentTitle: string | null;
    leadOffice: string;
    planYear: number;
    planTitle: string;
    startDate: string;
    dueDate: string;
    contactName: string | null;
  };
  /** The shown report (the latest the viewer may see, or the one asked for); null when none yet. */
  report: {
    id: number;
    period: string;
    state: ReportState;
    progress: number;
    status: "on_track" | "at_risk" | "behind" | "complete";
    workDone: string;
    problems: string;
    nextSteps: string;
    dropReason: string;
    reviewComment: string | null;
    submittedAt: Date | null;
    reviewedAt: Date | null;
  } | null;
  /** Every report of the assignment the viewer may see, newest period first (to switch periods). */
  periods: { reportId: number; period: string; state: ReportState; progress: number }[];
  /** The task's indicators against this region's target (its own, else the whole region's). */
  indicators: { id: number; name: string; unit: string; direction: "higher" | "lower"; baseline: number | null; target: number | null; value: number | null; met: boolean | null }[];
  files: AttachmentSummary[];
  /** Submissions and decisions with their opinions, oldest first. */
  history: { action: "submit" | "approve" | "return"; at: Date; actorName: string | null; comment: string | null; progress: number }[];
  /** The viewer may decide on it now (a submitted report of a region it reviews). */
  canDecide: boolean;
};

/** Drafts are the bureau's own work in progress: only the bureau that may write them sees them (the same rule as getReport). */
function visibleStates(viewer: Viewer, regionCode: string): ReportState[] {
  return can(viewer, "report.write", { regionCode }) ? ["draft", "submitted", "returned", "approved"] : ["submitted", "returned", "approved"];
}

/**
 * The card of an assignment's report: the latest the viewer may see, or `reportId` when given
 * (which must be one of the assignment's). A bureau reads its own region's and those below it;
 * anyone else is told "not found" for what they may not see.
 */
export async function getReportCard(assignmentId: number, reportId?: number): Promise<ReportCard> {
  const viewer = await requireViewer("report.read");
  const db = await getDb();
  const [a] = await db
    .select({
      id: assignments.id,
      regionCode: assignments.regionCode,
      regionName: regions.nameZh,
      regionNameEn: regions.nameEn,
      taskId: tasks.id,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      parentId: tasks.parentId,
      leadOffice: tasks.leadOffice,
      planYear: plans.year,
      planTitle: plans.title,
      planState: plans.state,
      startDate: assignments.startDate,
      dueDate: assignments.dueDate,
      contactName: assignments.contactName,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(regions, eq(regions.code, assignments.regionCode))
    .where(eq(assignments.id, assignmentId));
  if (!a || !can(viewer, "report.read", { regionCode: a.regionCode })) throw new NotFoundError(`assignment ${assignmentId}`);
  // A draft plan is the department's own work: a bureau never sees it.
  if (a.planState === "draft" && !can(viewer, "plan.readDraft")) throw new NotFoundError(`assignment ${assignmentId}`);

  const states = visibleStates(viewer, a.regionCode);
  const stored = await db
    .select({
      id: reports.id,
      period: reports.period,
      state: reports.state,
      progress: reports.progress,
      status: reports.status,
      workDone: reports.workDone,
      problems: reports.problems,
      nextSteps: reports.nextSteps,
      dropReason: reports.dropReason,
      reviewComment: reports.reviewComment,
      submittedAt: reports.submittedAt,
      reviewedAt: reports.reviewedAt,
    })
    .from(reports)
    .where(and(eq(reports.assignmentId, a.id), inArray(reports.state, states)))
    .orderBy(desc(reports.period));
  // A returned report being corrected shows others what was submitted (lib/data/report-visibility.ts).
  const all = (await asSubmitted(viewer, stored.map((r) => ({ ...r, regionCode: a.regionCode })))).map(({ regionCode: _r, ...r }) => r);
  const report = reportId === undefined ? (all[0] ?? null) : all.find((r) => r.id === reportId);
  if (report === undefined) throw new NotFoundError(`report ${reportId}`);

  const [parent] = a.parentId ? await db.select({ title: tasks.title }).from(tasks).where(eq(tasks.id, a.parentId)) : [];
  const inds = await db
    .select({
      id: indicators.id,
      name: indicators.name,
      unit: indicators.unit,
      direction: indicators.direction,
      baseline: sql<number | null>`coalesce(${indicatorRegionTargets.baseline}, ${indicators.baseline})`,
      target: sql<number | null>`coalesce(${indicatorRegionTargets.target}, ${indicators.target})`,
      value: report ? reportIndicatorValues.value : sql<number | null>`null`,
    })
    .from(indicators)
    .leftJoin(indicatorRegionTargets, and(eq(indicatorRegionTargets.indicatorId, indicators.id), eq(indicatorRegionTargets.regionCode, a.regionCode)))
    .leftJoin(reportIndicatorValues, and(eq(reportIndicatorValues.indicatorId, indicators.id), eq(reportIndicatorValues.reportId, report?.id ?? -1)))
    .where(eq(indicators.taskId, a.taskId))
    .orderBy(asc(indicators.sortOrder), asc(indicators.id));

  const snapshot = report && report.state === "returned" && !seesWorkInProgress(viewer, a) ? (await returnedSnapshots([report.id])).get(report.id) : undefined;
  const shownValues = snapshot ? new Map(snapshot.indicatorValues.map((v) => [v.indicatorId, v.value])) : null;
  const history = report
    ? await db
        .select({ action: reportVersions.action, at: reportVersions.createdAt, actorName: users.name, comment: reportVersions.reviewComment, progress: reportVersions.progress })
        .from(reportVersions)
        .leftJoin(users, eq(users.id, reportVersions.actorId))
        .where(and(eq(reportVersions.reportId, report.id), inArray(reportVersions.action, ["submit", "approve", "return"])))
        .orderBy(asc(reportVersions.version))
    : [];

  return {
    assignment: {
      id: a.id,
      regionCode: a.regionCode,
      regionName: a.regionName,
      regionNameEn: a.regionNameEn,
      taskId: a.taskId,
      taskNumber: a.taskNumber,
      taskTitle: a.taskTitle,
      parentTitle: parent?.title ?? null,
      leadOffice: a.leadOffice,
      planYear: a.planYear,
      planTitle: a.planTitle,
      startDate: a.startDate,
      dueDate: a.dueDate,
      contactName: a.contactName,
    },
    report,
    periods: all.map((r) => ({ reportId: r.id, period: r.period, state: r.state, progress: r.progress })),
    indicators: inds.map((i) => (shownValues ? { ...i, value: shownValues.get(i.id) ?? null } : i)).map((i) => ({
      ...i,
      met: i.value === null || i.target === null ? null : i.direction === "higher" ? i.value >= i.target : i.value <= i.target,
    })),
    files: report ? await listReportAttachments(report.id) : [],
    history: history.map((h) => ({ ...h, action: h.action as "submit" | "approve" | "return", comment: h.action === "submit" ? null : h.comment })),
    canDecide: report !== null && report.state === "submitted" && canReview(viewer, a.regionCode),
  };
}

/**
 * The assignments behind one cell of the matrix (a region × a key task): the task's measures (or
 * the task itself when it is a leaf) given to the region or to the counties below it, in the
 * viewer's reach, worst first is the page's business; here in task order.
 */
export async function listCellAssignments(regionCode: string, taskId: number): Promise<number[]> {
  const viewer = await requireViewer("report.read");
  if (!can(viewer, "report.read", { regionCode })) throw new NotFoundError(`region ${regionCode}`);
  const db = await getDb();
  const below = db.select({ code: regions.code }).from(regions).where(eq(regions.parentCode, regionCode));
  const rows = await db
    .select({ id: assignments.id, regionCode: assignments.regionCode, number: tasks.number, planState: plans.state })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(
      and(
        or(eq(tasks.id, taskId), eq(tasks.parentId, taskId), sql`${tasks.parentId} in (select id from tasks where parent_id = ${taskId})`),
        or(eq(assignments.regionCode, regionCode), inArray(assignments.regionCode, below)),
        isNull(tasks.archivedAt),
      ),
    )
    .orderBy(asc(tasks.sortOrder), asc(assignments.regionCode));
  return rows.filter((r) => can(viewer, "report.read", r) && (r.planState !== "draft" || can(viewer, "plan.readDraft"))).map((r) => r.id);
}
