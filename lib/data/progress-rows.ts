import "server-only";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db";
import { assignmentStates, assignments, plans, tasks } from "@/db/schema";
import { shanghaiDate, type IsoDate } from "@/lib/domain/dates";
import { periodOf, type Cadence } from "@/lib/domain/periods";
import { expectedProgress, type Light } from "@/lib/domain/progress";
import { lastClosedIndex, stateLight } from "@/lib/domain/reporting";

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
 * Assignments matching `where` (on assignments, tasks and plans), with latest approved progress
 * and light, read from their kept state (assignment_states): no report is read.
 */
export async function loadAssignmentProgress(db: Database, where: SQL | undefined, now: Date = new Date()): Promise<AssignmentProgress[]> {
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
      approvedProgress: assignmentStates.approvedProgress,
      completed: assignmentStates.completed,
      firstIndex: assignmentStates.firstIndex,
      lastIndex: assignmentStates.lastIndex,
      periodFlags: assignmentStates.periodFlags,
      lastPeriod: assignmentStates.lastPeriod,
      lastState: assignmentStates.lastState,
    })
    .from(assignments)
    .innerJoin(assignmentStates, eq(assignmentStates.assignmentId, assignments.id))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(isNull(tasks.archivedAt), where))
    .orderBy(assignments.regionCode, tasks.number);

  const today = shanghaiDate(now);
  const closedIndexOf = new Map<number, number>();
  return rows.map((r) => {
    let closed = closedIndexOf.get(r.planId);
    if (closed === undefined) {
      closed = lastClosedIndex(r.planYear, r.cadence as Cadence, today, r.dueDay, r.graceDays);
      closedIndexOf.set(r.planId, closed);
    }
    return {
      assignmentId: r.assignmentId,
      taskId: r.taskId,
      topTaskId: r.topTaskId,
      planId: r.planId,
      planYear: r.planYear,
      regionCode: r.regionCode,
      startDate: r.startDate,
      dueDate: r.dueDate,
      progress: r.approvedProgress,
      completed: r.completed,
      light: stateLight(r, { start: r.startDate, due: r.dueDate }, today, closed, { greenMaxBehind: r.greenMaxBehind, yellowMaxBehind: r.yellowMaxBehind }),
      expected: expectedProgress(r.startDate, r.dueDate, today),
      overdue: !r.completed && today > r.dueDate,
      lastPeriod: r.lastPeriod,
      lastState: r.lastState,
    };
  });
}

/** The period a plan is collecting reports for today. */
export function currentPeriod(cadence: Cadence, now: Date = new Date()): string {
  return periodOf(shanghaiDate(now), cadence);
}
