import "server-only";
import { and, asc, desc, eq, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import type { QueryBuilder } from "drizzle-orm/pg-core";
import { getDb, type Executor } from "@/db";
import { fixedSelect, fixedStatement } from "@/db/fixed-select";
import { fromJson } from "@/db/json";
import { assignments, indicators, periodReopenings, plans, regions, reportIndicatorValues, reportVersions, reports, tasks } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { shanghaiDate } from "@/lib/domain/dates";
import { isPeriodClosed, isPeriodKey, periodDueDate, periodRange, type Cadence } from "@/lib/domain/periods";
import { reportDraftSchema, reportSubmitSchema, submissionErrors, type ReportDraftInput } from "@/lib/validation/report";
import { refreshAssignmentStates } from "@/db/derived-state";
import { auditInsert } from "./audit";
import { asSubmitted, historyAsSubmitted } from "./report-visibility";
import { reviewerNotices } from "./notifications";
import { reportVersionInsert } from "./report-versions";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";

export type ReportState = "draft" | "submitted" | "returned" | "approved";

export type ReportDetail = {
  id: number;
  assignmentId: number;
  regionCode: string;
  period: string;
  state: ReportState;
  version: number;
  progress: number;
  status: "on_track" | "at_risk" | "behind" | "complete";
  workDone: string;
  problems: string;
  nextSteps: string;
  dropReason: string;
  reviewComment: string | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  indicatorValues: { indicatorId: number; value: number | null }[];
};

/** The columns of a report as pages and the API show it. */
export const reportColumns = {
  id: reports.id,
  assignmentId: reports.assignmentId,
  regionCode: assignments.regionCode,
  period: reports.period,
  state: reports.state,
  version: reports.version,
  progress: reports.progress,
  status: reports.status,
  workDone: reports.workDone,
  problems: reports.problems,
  nextSteps: reports.nextSteps,
  dropReason: reports.dropReason,
  reviewComment: reports.reviewComment,
  submittedAt: reports.submittedAt,
  reviewedAt: reports.reviewedAt,
};

/** A draft is the bureau's own work in progress: nobody else sees it (not even the league-city above it). */
function canSeeReport(viewer: Viewer, r: { regionCode: string; state: ReportState }): boolean {
  if (!can(viewer, "report.read", { regionCode: r.regionCode })) return false;
  return r.state !== "draft" || can(viewer, "report.write", { regionCode: r.regionCode });
}

export async function getReport(id: number): Promise<ReportDetail> {
  const viewer = await requireViewer("report.read");
  const db = await getDb();
  // The report and its indicator values in one statement (an API write answers with this re-read).
  const [found] = await db
    .select({
      ...reportColumns,
      values: indicatorValuesSql,
    })
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .where(eq(reports.id, id));
  if (!found || !canSeeReport(viewer, found)) throw new NotFoundError(`report ${id}`);
  const { values, ...row } = found;
  const indicatorValues = jsonRows(values);
  // A returned report being corrected shows others what was submitted.
  const [shown] = await asSubmitted(viewer, [{ ...row, indicatorValues }]);
  return shown!;
}

/** The reports of one assignment, newest period first (drafts only for their own bureau). */
export async function listAssignmentReports(assignmentId: number): Promise<Omit<ReportDetail, "indicatorValues">[]> {
  const viewer = await requireViewer("report.read");
  const db = await getDb();
  const [a] = await db.select({ regionCode: assignments.regionCode }).from(assignments).where(eq(assignments.id, assignmentId));
  if (!a || !can(viewer, "report.read", a)) throw new NotFoundError(`assignment ${assignmentId}`);
  const rows = await db
    .select(reportColumns)
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .where(eq(reports.assignmentId, assignmentId))
    .orderBy(desc(reports.period));
  return asSubmitted(viewer, rows.filter((r) => canSeeReport(viewer, r)));
}

export async function listReportVersions(reportId: number) {
  const report = await getReport(reportId); // the same visibility rule as the report itself
  const viewer = await requireViewer("report.read");
  const db = await getDb();
  const versions = await db
    .select({
      version: reportVersions.version,
      action: reportVersions.action,
      state: reportVersions.state,
      progress: reportVersions.progress,
      status: reportVersions.status,
      workDone: reportVersions.workDone,
      problems: reportVersions.problems,
      nextSteps: reportVersions.nextSteps,
      dropReason: reportVersions.dropReason,
      indicatorValues: reportVersions.indicatorValues,
      reviewComment: reportVersions.reviewComment,
      createdAt: reportVersions.createdAt,
    })
    .from(reportVersions)
    .where(eq(reportVersions.reportId, reportId))
    .orderBy(asc(reportVersions.version));
  return historyAsSubmitted(viewer, report, versions);
}

/** A write's result: the report's version, and the report as its writer (its own bureau) now sees it, so that nobody reads it again. */
export type WrittenReport = { id: number; version: number; report: ReportDetail };

/**
 * Creates or updates the bureau's draft for an assignment and period. Only the assigned region's
 * bureau may; a submitted or approved report cannot change; `version` guards concurrent edits.
 */
export async function saveReportDraft(input: ReportDraftInput, now: Date = new Date()): Promise<WrittenReport> {
  const viewer = await requireViewer("report.write");
  const data = reportDraftSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const a = await loadAssignmentForWrite(tx, viewer, data.assignmentId);
    if (!isPeriodKey(data.period, a.cadence)) throw new InvalidInputError({ period: "badPeriod" });
    const { start, end } = periodRange(data.period);
    if (end < a.startDate || start > a.dueDate) throw new InvalidInputError({ period: "outsideWindow" });
    if (start > shanghaiDate(now)) throw new InvalidInputError({ period: "future" });
    if (!(await isPeriodOpen(tx, a, data.period, now))) throw new ConflictError("The period is closed", "periodClosed");
    if (a.closedAt) throw new ConflictError("The assignment is closed", "assignmentClosed");

    const allowed = new Set(a.indicatorIds);
    const badIndicator = data.indicatorValues.find((v) => !allowed.has(v.indicatorId));
    if (badIndicator) throw new InvalidInputError({ indicatorValues: "unknownIndicator" });
    const values = byIndicator(data.indicatorValues);

    // The period's report, created empty (version 0) when there is none, and locked: one statement
    // (a conflict "updates" the row to itself, which locks it and returns it as it stands).
    const [current] = await tx
      .insert(reports)
      .values({ assignmentId: a.id, period: data.period, dueOn: periodDueDate(data.period, a.dueDay), version: 0, updatedBy: viewer.id })
      .onConflictDoUpdate({ target: [reports.assignmentId, reports.period], set: { assignmentId: sql`excluded.assignment_id` } })
      .returning();
    if (!current) throw new Error("report row vanished");
    const isNew = current.version === 0;
    if (!isNew && data.version !== current.version) {
      throw new ConflictError("The report was changed by someone else; reload it", "versionConflict");
    }
    if (current.state === "submitted" || current.state === "approved") {
      throw new ConflictError("A submitted report cannot be changed until it is returned", "notEditable");
    }
    if (!isNew && (await sameAsStored(tx, current, data))) return { id: current.id, version: current.version, report: detailOf(current, a.regionCode, values) };
    const version = current.version + 1;
    const state: ReportState = current.state === "returned" ? "returned" : "draft";
    const fields = {
      progress: data.progress,
      status: data.status,
      workDone: data.workDone,
      problems: data.problems,
      nextSteps: data.nextSteps,
      dropReason: data.dropReason,
    };
    // The report, its values and its version go with the counters' move, the states and cells
    // with the audit entry: three statements (refreshAssignmentStates).
    await refreshAssignmentStates(tx, [a.id], now, {
      alongside: [
        draftUpdate(tx, { ...fields, version, state, updatedBy: viewer.id, updatedAt: now, id: current.id }),
        ...valueWrites(tx, current.id, values, isNew),
        reportVersionInsert(tx, { reportId: current.id, version, action: "save", state, fields, indicatorValues: values, reviewComment: current.reviewComment, actorId: viewer.id, now }),
      ],
      last: [
        await auditInsert(tx, {
          actorId: viewer.id,
          action: isNew ? "report.create" : "report.save",
          entityType: "report",
          entityId: current.id,
          regionCode: a.regionCode,
          before: isNew ? null : pick(current),
          after: { ...fields, version, state, period: data.period },
        }),
      ],
    });
    return { id: current.id, version, report: detailOf({ ...current, ...fields, version, state }, a.regionCode, values) };
  });
}

/** Submits a draft or a corrected returned report for review. */
export async function submitReport(input: { reportId: number; version?: number }, now: Date = new Date()): Promise<WrittenReport> {
  const viewer = await requireViewer("report.write");
  const data = reportSubmitSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    // The report, locked, with its assignment, the progress it may not drop below, its indicator
    // values and the names its reviewers' notice gives: one statement.
    const [current] = await reportForSubmission(tx, { reportId: data.reportId });
    if (!current || !can(viewer, "report.write", { regionCode: current.regionCode })) throw new NotFoundError(`report ${data.reportId}`);
    const r = current.report;
    if (data.version !== undefined && data.version !== r.version) throw new ConflictError("The report was changed; reload it", "versionConflict");
    if (r.state !== "draft" && r.state !== "returned") throw new ConflictError("Only a draft or a returned report can be submitted", "notSubmittable");
    const a = assignmentForWrite(viewer, current.assignment, r.assignmentId);
    if (!(await isPeriodOpen(tx, a, r.period, now))) throw new ConflictError("The period is closed", "periodClosed");
    const missing = submissionErrors(r, current.previous);
    if (Object.keys(missing).length > 0) throw new InvalidInputError(missing);
    const version = r.version + 1;
    const values = jsonRows(current.values);
    const submitted = { state: "submitted" as const, version, submittedAt: now, firstSubmittedAt: r.firstSubmittedAt ?? now, submittedBy: viewer.id, updatedBy: viewer.id, updatedAt: now };
    await refreshAssignmentStates(tx, [r.assignmentId], now, {
      alongside: [
        submissionUpdate(tx, { ...submitted, id: r.id }),
        reportVersionInsert(tx, { reportId: r.id, version, action: "submit", state: "submitted", fields: r, indicatorValues: values, reviewComment: r.reviewComment, actorId: viewer.id, now }),
      ],
      last: [
        // Each submission and resubmission tells those who review it (staff, or the league-city above a county).
        reviewerNotices(current, {
          kind: r.state === "returned" ? "resubmitted" : "submitted",
          title: `${current.number} ${current.title}`,
          body: `${current.regionName} · ${r.period}`,
          link: `/review/${r.id}`,
          assignmentId: r.assignmentId,
          reportId: r.id,
        }),
        await auditInsert(tx, {
          actorId: viewer.id,
          action: "report.submit",
          entityType: "report",
          entityId: r.id,
          regionCode: current.regionCode,
          before: { state: r.state, version: r.version },
          after: { state: "submitted", version },
        }),
      ],
    });
    return { id: r.id, version, report: detailOf({ ...r, ...submitted }, current.regionCode, values) };
  });
}

/** An update of these fields of one report, its text built once (fixedStatement): a draft's and a submission's. */
function reportUpdate<F extends keyof typeof reports.$inferSelect>(fields: readonly F[]) {
  return fixedStatement<Pick<typeof reports.$inferSelect, F | "id">>((db) =>
    db
      .update(reports)
      .set(Object.fromEntries(fields.map((f) => [f, sql.placeholder(f)])))
      .where(eq(reports.id, sql.placeholder("id"))),
  );
}
const draftUpdate = reportUpdate(["progress", "status", "workDone", "problems", "nextSteps", "dropReason", "version", "state", "updatedBy", "updatedAt"]);
const submissionUpdate = reportUpdate(["state", "version", "submittedAt", "firstSubmittedAt", "submittedBy", "updatedBy", "updatedAt"]);

/** A report row as its own bureau sees it (the writer's answer), its indicator values in indicator order. */
function detailOf(r: typeof reports.$inferSelect, regionCode: string, indicatorValues: { indicatorId: number; value: number | null }[]): ReportDetail {
  // The fields reportColumns gives a read of the report: its region from the assignment, the rest from the row.
  const fields = Object.fromEntries(Object.keys(reportColumns).map((key) => [key, key === "regionCode" ? regionCode : r[key as keyof typeof r]]));
  return { ...(fields as Omit<ReportDetail, "indicatorValues">), indicatorValues };
}

/** Indicator values in indicator order (as a report's are read). */
function byIndicator(values: readonly { indicatorId: number; value: number | null }[]) {
  return [...values].sort((x, y) => x.indicatorId - y.indicatorId).map((v) => ({ indicatorId: v.indicatorId, value: v.value }));
}

/**
 * A draft's indicator values as writes that can go in one statement: each given value upserted,
 * and (for a report that had values) the others removed — different rows, so in no set order.
 */
function valueWrites(tx: Executor, reportId: number, values: readonly { indicatorId: number; value: number | null }[], isNew: boolean): SQL[] {
  const writes: SQL[] = [];
  if (values.length) {
    writes.push(
      tx
        .insert(reportIndicatorValues)
        .values(values.map((v) => ({ reportId, ...v })))
        .onConflictDoUpdate({ target: [reportIndicatorValues.reportId, reportIndicatorValues.indicatorId], set: { value: sql`excluded.value` } })
        .getSQL(),
    );
  }
  // A new report has no values yet.
  if (!isNew) {
    const kept = values.map((v) => v.indicatorId);
    writes.push(
      tx
        .delete(reportIndicatorValues)
        .where(and(eq(reportIndicatorValues.reportId, reportId), kept.length ? notInArray(reportIndicatorValues.indicatorId, kept) : undefined))
        .getSQL(),
    );
  }
  return writes;
}

/** The progress of the report of the assignment's latest earlier period that was handed in (not a draft): what a drop is measured against. */
/**
 * The progress a submission may not drop below without a reason: the assignment's latest report
 * before this period that was ever handed in (not a draft). A column of a query on `reports`.
 */
const previousProgressSql = sql<number | null>`(select p.progress from ${reports} p where p.assignment_id = ${reports.assignmentId} and p.period < ${reports.period} and p.state <> 'draft' order by p.period desc limit 1)`;

/** A report's indicator values as JSON rows (a column of a query on `reports`). */
const indicatorValuesSql = sql<unknown>`(select coalesce(json_agg(json_build_object('indicatorId', v.indicator_id, 'value', v.value) order by v.indicator_id), '[]'::json) from ${reportIndicatorValues} v where v.report_id = ${reports.id})`;

/** JSON rows of a json_agg column (db/json fromJson). */
function jsonRows<T = { indicatorId: number; value: number | null }>(value: unknown): T[] {
  return fromJson<T[] | null>(value) ?? [];
}

/** What a bureau's write needs of an assignment, its plan and its task (a select of assignments ⋈ tasks ⋈ plans). */
const assignmentWriteColumns = {
  id: assignments.id,
  taskId: assignments.taskId,
  regionCode: assignments.regionCode,
  startDate: assignments.startDate,
  dueDate: assignments.dueDate,
  closedAt: assignments.closedAt,
  planId: plans.id,
  planState: plans.state,
  cadence: plans.cadence,
  dueDay: plans.dueDay,
  graceDays: plans.graceDays,
  archivedAt: tasks.archivedAt,
  indicatorIds: sql<unknown>`(select coalesce(json_agg(i.id order by i.id), '[]'::json) from ${indicators} i where i.task_id = ${assignments.taskId})`,
};

/** Every draft runs it: its text is built once (fixedSelect). */
const assignmentForWriteRows = fixedSelect((qb: QueryBuilder) =>
  qb
    .select(assignmentWriteColumns)
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(eq(assignments.id, sql.placeholder("assignmentId"))),
);

function selectAssignmentForWrite(tx: Executor, assignmentId: number) {
  return assignmentForWriteRows(tx, { assignmentId });
}

/** A submission's one read (its text built once): the report, locked, with its assignment, the progress it may not drop below, its indicator values and the names its reviewers' notice gives. */
const reportForSubmission = fixedSelect((qb: QueryBuilder) =>
  qb
    .select({
      report: reports,
      regionCode: assignments.regionCode,
      assignment: assignmentWriteColumns,
      previous: previousProgressSql,
      values: indicatorValuesSql,
      number: tasks.number,
      title: tasks.title,
      regionName: regions.nameZh,
      parentCode: regions.parentCode,
      level: regions.level,
    })
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(regions, eq(regions.code, assignments.regionCode))
    .where(eq(reports.id, sql.placeholder("reportId")))
    .for("update", { of: reports }),
);

/** The assignment a bureau writes on: its own region's, of a task not archived, in a published plan (else not found / forbidden). */
function assignmentForWrite(viewer: Viewer, a: Awaited<ReturnType<typeof selectAssignmentForWrite>>[number] | undefined, assignmentId: number) {
  if (!a || a.archivedAt !== null || !can(viewer, "report.write", { regionCode: a.regionCode }) || a.planState === "draft") {
    throw new NotFoundError(`assignment ${assignmentId}`);
  }
  if (a.planState !== "published") throw new ForbiddenError("report.write (plan closed)");
  return { ...a, cadence: a.cadence as Cadence, indicatorIds: jsonRows<number>(a.indicatorIds) };
}

async function loadAssignmentForWrite(tx: Executor, viewer: Viewer, assignmentId: number) {
  const [a] = await selectAssignmentForWrite(tx, assignmentId);
  return assignmentForWrite(viewer, a, assignmentId);
}

/** Open for drafting: not yet past its grace days, or reopened by staff for this region until a later day. */
export async function isPeriodOpen(
  tx: Executor,
  a: { planId: number; regionCode: string; dueDay: number; graceDays: number },
  period: string,
  now: Date,
): Promise<boolean> {
  const today = shanghaiDate(now);
  if (!isPeriodClosed(period, today, a.dueDay, a.graceDays)) return true;
  const [reopened] = await tx
    .select({ openUntil: periodReopenings.openUntil })
    .from(periodReopenings)
    .where(and(eq(periodReopenings.planId, a.planId), eq(periodReopenings.regionCode, a.regionCode), eq(periodReopenings.period, period)));
  return reopened !== undefined && reopened.openUntil >= today;
}

/** Nothing to save: the draft holds these very fields and indicator values already (a save that changes nothing makes no version). */
async function sameAsStored(tx: Executor, current: typeof reports.$inferSelect, data: { progress: number; status: string; workDone: string; problems: string; nextSteps: string; dropReason: string; indicatorValues: { indicatorId: number; value: number | null }[] }): Promise<boolean> {
  if (current.progress !== data.progress || current.status !== data.status || current.workDone !== data.workDone || current.problems !== data.problems || current.nextSteps !== data.nextSteps || current.dropReason !== data.dropReason) return false;
  const stored = await tx.select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value }).from(reportIndicatorValues).where(eq(reportIndicatorValues.reportId, current.id));
  const key = (vs: { indicatorId: number; value: number | null }[]) => JSON.stringify([...vs].sort((a, b) => a.indicatorId - b.indicatorId).map((v) => [v.indicatorId, v.value]));
  return key(stored) === key(data.indicatorValues);
}

function pick(r: typeof reports.$inferSelect) {
  return { progress: r.progress, status: r.status, workDone: r.workDone, problems: r.problems, nextSteps: r.nextSteps, dropReason: r.dropReason, version: r.version, state: r.state };
}

/**
 * Locks a report for a change by its bureau (evidence files, edits): the viewer must be the
 * bureau of the report's region, the report a draft or returned, its plan published and its
 * period open. Returns what the caller needs for its audit entry.
 */
export async function lockReportForWrite(tx: Executor, viewer: Viewer, reportId: number, now: Date = new Date()) {
  const [row] = await tx
    .select({ id: reports.id, assignmentId: reports.assignmentId, period: reports.period, state: reports.state, version: reports.version, regionCode: assignments.regionCode })
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .where(eq(reports.id, reportId))
    .for("update", { of: reports });
  if (!row || !can(viewer, "report.write", { regionCode: row.regionCode })) throw new NotFoundError(`report ${reportId}`);
  if (row.state !== "draft" && row.state !== "returned") throw new ConflictError("A submitted report cannot be changed until it is returned", "notEditable");
  const a = await loadAssignmentForWrite(tx, viewer, row.assignmentId);
  if (!(await isPeriodOpen(tx, a, row.period, now))) throw new ConflictError("The period is closed", "periodClosed");
  return row;
}

/** A report with what its page shows: task, region, plan, indicator names and every version. */
export async function getReportHistory(id: number) {
  const report = await getReport(id);
  const db = await getDb();
  const [context] = await db
    .select({ taskId: tasks.id, taskNumber: tasks.number, taskTitle: tasks.title, planTitle: plans.title, regionName: regions.nameZh, regionNameEn: regions.nameEn })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(regions, eq(regions.code, assignments.regionCode))
    .where(eq(assignments.id, report.assignmentId));
  const names = await db.select({ id: indicators.id, name: indicators.name, unit: indicators.unit }).from(indicators).where(eq(indicators.taskId, context!.taskId));
  return { report, context: context!, indicators: names, versions: await listReportVersions(id) };
}

/** Of these report ids, those the viewer may see (the same rule as getReport), in one query. */
export async function filterVisibleReports(ids: number[]): Promise<number[]> {
  const viewer = await requireViewer("report.read");
  if (ids.length === 0) return [];
  const db = await getDb();
  const rows = await db
    .select({ id: reports.id, state: reports.state, regionCode: assignments.regionCode })
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .where(inArray(reports.id, ids));
  return rows.filter((r) => canSeeReport(viewer, r)).map((r) => r.id);
}
