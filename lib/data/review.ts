import "server-only";
import { lockStatePairs, refreshAssignmentStates } from "@/db/derived-state";
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db";
import { assignments, indicatorRegionTargets, indicators, plans, regions, reportIndicatorValues, reports, tasks } from "@/db/schema";
import { isComplete } from "@/lib/domain/progress";
import { reviewFilterSchema, reviewSchema, type ReviewFilter } from "@/lib/validation/review";
import { recordAudit, type AuditEntry } from "./audit";
import { appendReportVersion } from "./report-versions";
import { asSubmitted, returnedSnapshots, seesWorkInProgress } from "./report-visibility";
import { purgeRemovedAttachments } from "./attachments";
import { ConflictError, NotFoundError, UnauthenticatedError } from "./errors";
import { denyAccess } from "./guard";
import { can, canReview } from "@/lib/auth/permissions";
import { getViewer, type Viewer } from "@/lib/auth/viewer";
import { notifyRegion } from "./notifications";

export type QueueItem = {
  reportId: number;
  version: number;
  period: string;
  progress: number;
  status: string;
  submittedAt: Date | null;
  regionCode: string;
  regionName: string;
  regionNameEn: string;
  planId: number;
  taskId: number;
  taskNumber: string;
  taskTitle: string;
};

/** Submitted reports, oldest first, filtered by plan, task, region and period. */
export async function listReviewQueue(filter: ReviewFilter = {}, limit = 500): Promise<QueueItem[]> {
  const viewer = await requireReviewer();
  const below = reviewScope(viewer);
  const f = reviewFilterSchema.parse(filter);
  const db = await getDb();
  return db
    .select({
      reportId: reports.id,
      version: reports.version,
      period: reports.period,
      progress: reports.progress,
      status: reports.status,
      submittedAt: reports.submittedAt,
      regionCode: assignments.regionCode,
      regionName: regions.nameZh,
      regionNameEn: regions.nameEn,
      planId: tasks.planId,
      taskId: tasks.id,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
    })
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .innerJoin(regions, eq(regions.code, assignments.regionCode))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(
      and(
        eq(reports.state, "submitted"),
        below ? (below.length ? inArray(assignments.regionCode, below) : sql`false`) : undefined,
        f.planId ? eq(tasks.planId, f.planId) : undefined,
        f.taskId ? eq(tasks.id, f.taskId) : undefined,
        f.regionCode ? eq(assignments.regionCode, f.regionCode) : undefined,
        f.period ? eq(reports.period, f.period) : undefined,
      ),
    )
    .orderBy(asc(reports.submittedAt), asc(reports.id))
    .limit(limit);
}

/** One submitted (or any) report for review: with the previous period's report and the assignment's targets. */
export async function getReviewItem(reportId: number) {
  const viewer = await requireReviewer();
  const db = await getDb();
  const [r] = await db
    .select({
      id: reports.id,
      assignmentId: reports.assignmentId,
      period: reports.period,
      state: reports.state,
      version: reports.version,
      progress: reports.progress,
      status: reports.status,
      workDone: reports.workDone,
      problems: reports.problems,
      nextSteps: reports.nextSteps,
      reviewComment: reports.reviewComment,
      submittedAt: reports.submittedAt,
      regionCode: assignments.regionCode,
      regionName: regions.nameZh,
      taskId: tasks.id,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      startDate: assignments.startDate,
      dueDate: assignments.dueDate,
      planTitle: plans.title,
    })
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .innerJoin(regions, eq(regions.code, assignments.regionCode))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(eq(reports.id, reportId));
  if (!r || r.state === "draft" || !canReview(viewer, r.regionCode)) throw new NotFoundError(`report ${reportId}`);
  const [previous] = await db
    .select({ id: reports.id, period: reports.period, progress: reports.progress, status: reports.status, workDone: reports.workDone, problems: reports.problems, nextSteps: reports.nextSteps, state: reports.state })
    .from(reports)
    .where(and(eq(reports.assignmentId, r.assignmentId), lt(reports.period, r.period), sql`${reports.state} <> 'draft'`))
    .orderBy(desc(reports.period))
    .limit(1);
  const targets = await db
    .select({
      indicatorId: indicators.id,
      name: indicators.name,
      unit: indicators.unit,
      direction: indicators.direction,
      baseline: indicators.baseline,
      target: sql<number | null>`coalesce(${indicatorRegionTargets.target}, ${indicators.target})`,
      value: reportIndicatorValues.value,
    })
    .from(indicators)
    .leftJoin(indicatorRegionTargets, and(eq(indicatorRegionTargets.indicatorId, indicators.id), eq(indicatorRegionTargets.regionCode, r.regionCode)))
    .leftJoin(reportIndicatorValues, and(eq(reportIndicatorValues.indicatorId, indicators.id), eq(reportIndicatorValues.reportId, r.id)))
    .where(eq(indicators.taskId, r.taskId))
    .orderBy(asc(indicators.sortOrder));
  // A returned report being corrected (this one, or the previous period's) shows what was submitted.
  const [report] = await asSubmitted(viewer, [r]);
  const [shownPrevious] = previous ? await asSubmitted(viewer, [{ ...previous, regionCode: r.regionCode }]) : [];
  const snapshot = r.state === "returned" && !seesWorkInProgress(viewer, r) ? (await returnedSnapshots([r.id])).get(r.id) : undefined;
  const values = snapshot ? new Map(snapshot.indicatorValues.map((v) => [v.indicatorId, v.value])) : null;
  return {
    report: report!,
    previous: shownPrevious ? (({ regionCode: _r, ...p }) => p)(shownPrevious) : null,
    indicators: values ? targets.map((t) => ({ ...t, value: values.get(t.indicatorId) ?? null })) : targets,
  };
}

/**
 * A reviewer: department staff (every region), or a league-city bureau (the regions below it).
 * Each function then checks the report's region with canReview.
 */
export async function requireReviewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new UnauthenticatedError();
  if (!can(viewer, "report.review") && !(can(viewer, "report.reviewBelow") && viewer.subRegionCodes.length > 0)) throw await denyAccess(viewer, "report.review");
  return viewer;
}

/** The regions whose reports a reviewer may decide on: null for all. */
function reviewScope(viewer: Viewer): string[] | null {
  return can(viewer, "report.review") ? null : viewer.subRegionCodes;
}

type Decision = { reportId: number; version: number; comment?: string };

/** Approves a submitted report; an approved completion closes the assignment (办结). */
export async function approveReport(input: Decision, now: Date = new Date()): Promise<{ version: number; closed: boolean }> {
  const viewer = await requireReviewer();
  const d = reviewSchema.parse({ ...input, decision: "approve" });
  const db = await getDb();
  const result = await db.transaction((tx) => decide(tx, viewer, d.reportId, d.version, "approve", d.comment ?? null, now));
  // Evidence files taken off the report before its approval are not needed any more: their bytes go.
  await purgeRemovedAttachments(now, { reportIds: [d.reportId] });
  return result;
}

/** Returns a submitted report to its bureau with a comment (required). */
export async function returnReport(input: Decision, now: Date = new Date()): Promise<{ version: number; closed: boolean }> {
  const viewer = await requireReviewer();
  const d = reviewSchema.parse({ ...input, decision: "return" });
  const db = await getDb();
  return db.transaction((tx) => decide(tx, viewer, d.reportId, d.version, "return", d.comment ?? null, now));
}

/** Approves several reports in one transaction: all of them, or none when one has changed. */
export async function approveReports(items: { reportId: number; version: number }[], now: Date = new Date()): Promise<{ approved: number }> {
  const viewer = await requireReviewer();
  // A list of decisions, each checked as a single one is (a bad list is bad input, not a crash).
  const parsed = z.array(z.object({}).passthrough()).parse(items).map((i) => reviewSchema.parse({ ...i, decision: "approve" }));
  if (parsed.length === 0) return { approved: 0 };
  const db = await getDb();
  await db.transaction(async (tx) => {
    // The audit entries after every decision: the audit chain's lock is the last a write takes, so
    // this never holds it while waiting for a bureau's county that waits for it.
    const audits: AuditEntry[] = [];
    // Every county's counter in one round first: the decisions refresh them one at a time.
    const decided = await tx.select({ assignmentId: reports.assignmentId }).from(reports).where(inArray(reports.id, parsed.map((d) => d.reportId)));
    await lockStatePairs(tx, decided.map((r) => r.assignmentId));
    for (const d of parsed) await decide(tx, viewer, d.reportId, d.version, "approve", null, now, audits);
    for (const audit of audits) await recordAudit(tx, audit);
  });
  await purgeRemovedAttachments(now, { reportIds: parsed.map((d) => d.reportId) });
  return { approved: parsed.length };
}

async function decide(tx: Executor, viewer: Viewer, reportId: number, version: number, decision: "approve" | "return", comment: string | null, now: Date, audits?: AuditEntry[]) {
  const [row] = await tx
    .select({ report: reports, regionCode: assignments.regionCode, taskNumber: tasks.number, taskTitle: tasks.title })
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(eq(reports.id, reportId))
    .for("update", { of: reports });
  if (!row || row.report.state === "draft" || !canReview(viewer, row.regionCode)) throw new NotFoundError(`report ${reportId}`);
  const actorId = viewer.id;
  const r = row.report;
  if (r.version !== version) throw new ConflictError("The report changed since you opened it; reload it", "versionConflict");
  if (r.state !== "submitted") throw new ConflictError("Only a submitted report can be reviewed", "notSubmitted");
  const next = r.version + 1;
  const state = decision === "approve" ? "approved" : "returned";
  await tx
    .update(reports)
    .set({ state, version: next, reviewComment: comment, reviewedAt: now, reviewedBy: actorId, updatedAt: now, updatedBy: actorId })
    .where(eq(reports.id, r.id));
  await appendReportVersion(tx, { reportId: r.id, version: next, action: decision, state, fields: r, reviewComment: comment, actorId, now });
  const closed = decision === "approve" && isComplete({ progress: r.progress, status: r.status });
  if (closed) await tx.update(assignments).set({ closedAt: now, updatedAt: now }).where(eq(assignments.id, r.assignmentId));
  await refreshAssignmentStates(tx, [r.assignmentId], now);
  const audit: AuditEntry = {
    actorId,
    action: decision === "approve" ? "report.approve" : "report.return",
    entityType: "report",
    entityId: r.id,
    regionCode: row.regionCode,
    before: { state: r.state, version: r.version },
    after: { state, version: next, comment, assignmentClosed: closed },
  };
  if (audits) audits.push(audit);
  else await recordAudit(tx, audit);
  await notifyRegion(tx, row.regionCode, {
    kind: decision === "approve" ? "approved" : "returned",
    title: `${row.taskNumber} ${row.taskTitle}`,
    body: decision === "return" ? `${r.period} · ${comment ?? ""}` : r.period,
    link: `/my-region?period=${r.period}#a${r.assignmentId}`,
    assignmentId: r.assignmentId,
    reportId: r.id,
  });
  return { version: next, closed };
}

/** How many reports wait for the viewer's decision (0 for those who review none): the count on the 审核 menu. */
export async function countReviewQueue(): Promise<number> {
  const viewer = await getViewer();
  if (!viewer || !(can(viewer, "report.review") || (can(viewer, "report.reviewBelow") && viewer.subRegionCodes.length > 0))) return 0;
  const below = reviewScope(viewer);
  const db = await getDb();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .where(and(eq(reports.state, "submitted"), below ? (below.length ? inArray(assignments.regionCode, below) : sql`false`) : undefined));
  return row?.n ?? 0;
}
