import "server-only";
import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db";
import { assignments, plans, reports, tasks } from "@/db/schema";
import { shanghaiDate, type IsoDate } from "@/lib/domain/dates";
import { isPeriodClosed, periodOf, periodsBetween, type Cadence } from "@/lib/domain/periods";
import { expectedProgress, isComplete, statusLight, type Light } from "@/lib/domain/progress";

export type AssignmentProgress = {
  assignmentId: number;
  taskId: number;
  /** The key task (重点任务) the measure belongs to: its parent, or itself at the top. */
  topTaskId: number;
  planId: number;
  planYear: number;
  regionCode: string;
  startDate: IsoDate;
  dueDate: IsoDate;
  /** Latest approved progress, null when nothing is approved yet. */
  progress: number | null;
  completed: boolean;
  light: Light;
  /** Expected progress today, and whether it is past due without completion. */
  expected: number;
  overdue: boolean;
  /** Period and state of the latest report of any state. */
  lastPeriod: string | null;
  lastState: "draft" | "submitted" | "returned" | "approved" | null;
};

/**
 * Every assignment matching `where`, with its latest approved progress and its light. One query
 * for the assignments (latest reports through DISTINCT ON), one for last-period presence.
 */
export async function loadAssignmentProgress(db: Database, where: SQL | undefined, now: Date = new Date()): Promise<AssignmentProgress[]> {
  const latestApproved = db
    .selectDistinctOn([reports.assignmentId], {
      assignmentId: reports.assignmentId,
      progress: reports.progress,
      status: reports.status,
    })
    .from(reports)
    .where(eq(reports.state, "approved"))
    .orderBy(reports.assignmentId, sql`${reports.period} desc`)
    .as("la");
  const latestAny = db
    .selectDistinctOn([reports.assignmentId], {
      assignmentId: reports.assignmentId,
      period: reports.period,
      state: reports.state,
    })
    .from(reports)
    .orderBy(reports.assignmentId, sql`${reports.period} desc`)
    .as("lr");

  const rows = await db
    .select({
      assignmentId: assignments.id,
      taskId: assignments.taskId,
      topTaskId: sql<number>`coalesce(${tasks.parentId}, ${tasks.id})`,
      planId: tasks.planId,
      planYear: plans.year,
      cadence: plans.cadence,
      dueDay: plans.dueDay,
      graceDays: plans.graceDays,
      greenMaxBehind: plans.greenMaxBehind,
      yellowMaxBehind: plans.yellowMaxBehind,
      regionCode: assignments.regionCode,
      startDate: assignments.startDate,
      dueDate: assignments.dueDate,
      closedAt: assignments.closedAt,
      progress: latestApproved.progress,
      status: latestApproved.status,
      lastPeriod: latestAny.period,
      lastState: latestAny.state,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .leftJoin(latestApproved, eq(latestApproved.assignmentId, assignments.id))
    .leftJoin(latestAny, eq(latestAny.assignmentId, assignments.id))
    .where(and(isNull(tasks.archivedAt), where))
    .orderBy(assignments.regionCode, tasks.number);

  const today = shanghaiDate(now);
  // Which assignments have a report (beyond draft) for the last closed period of their plan.
  const lastClosedOf = (r: (typeof rows)[number]): string | null => {
    const periods = periodsBetween(r.startDate, r.dueDate, r.cadence as Cadence).filter((p) =>
      isPeriodClosed(p, today, r.dueDay, r.graceDays),
    );
    return periods.at(-1) ?? null;
  };
  const wanted = new Map<number, string>();
  for (const r of rows) {
    if (r.closedAt) continue;
    const p = lastClosedOf(r);
    if (p) wanted.set(r.assignmentId, p);
  }
  const present = new Set<number>();
  if (wanted.size > 0) {
    const periodSet = [...new Set(wanted.values())];
    const found = await db
      .select({ assignmentId: reports.assignmentId, period: reports.period })
      .from(reports)
      .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(
        and(
          isNull(tasks.archivedAt),
          where,
          inArray(reports.period, periodSet),
          inArray(reports.state, ["submitted", "approved", "returned"]),
        ),
      );
    for (const f of found) if (wanted.get(f.assignmentId) === f.period) present.add(f.assignmentId);
  }

  return rows.map((r) => {
    const approved = r.progress === null ? null : { progress: r.progress, status: r.status ?? undefined };
    const completed = r.closedAt !== null || isComplete(approved);
    return {
      assignmentId: r.assignmentId,
      taskId: r.taskId,
      topTaskId: r.topTaskId,
      planId: r.planId,
      planYear: r.planYear,
      regionCode: r.regionCode,
      startDate: r.startDate,
      dueDate: r.dueDate,
      progress: r.progress,
      completed,
      light: statusLight({
        progress: r.progress,
        completed,
        start: r.startDate,
        due: r.dueDate,
        on: today,
        lastPeriodMissing: wanted.has(r.assignmentId) && !present.has(r.assignmentId),
        thresholds: { greenMaxBehind: r.greenMaxBehind, yellowMaxBehind: r.yellowMaxBehind },
      }),
      expected: expectedProgress(r.startDate, r.dueDate, today),
      overdue: !completed && today > r.dueDate,
      lastPeriod: r.lastPeriod,
      lastState: r.lastState,
    };
  });
}

/** The period a plan is collecting reports for today. */
export function currentPeriod(cadence: Cadence, now: Date = new Date()): string {
  return periodOf(shanghaiDate(now), cadence);
}
