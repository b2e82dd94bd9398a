import "server-only";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db";
import { assignmentStates, assignments, plans, tasks } from "@/db/schema";
import { periodRange, periodsOfYear, type Cadence } from "@/lib/domain/periods";
import { rollup } from "@/lib/domain/rollup";
import { asOfSums, readAsOfSums } from "./progress-core";

export type PeriodPoint = { period: string; month: number; completionRate: number; meanProgress: number };

/** The periods of a year that have begun by `today`, as curve points from per-period sums. */
export function toPeriodPoints(year: number, cadence: Cadence, today: string, sums: { total: number; completed: number[]; progressSum: number[] }): PeriodPoint[] {
  const periods = periodsOfYear(year, cadence).filter((p) => periodRange(p).start <= today);
  return periods.map((period, i) => {
    const roll = rollup({ total: sums.total, completed: sums.completed[i] ?? 0, progressSum: sums.progressSum[i] ?? 0 });
    const month = period.includes("Q") ? Number(period.slice(-1)) * 3 : Number(period.slice(5, 7));
    return { period, month, completionRate: roll.completionRate, meanProgress: roll.meanProgress };
  });
}

/**
 * Completion and mean progress as of each period of the year, from each assignment's kept
 * "approved progress as of period" (one pass over the assignments' states, no report read).
 */
export async function progressByPeriod(db: Database, where: SQL | undefined, year: number, cadence: Cadence, today: string): Promise<PeriodPoint[]> {
  const n = periodsOfYear(year, cadence).filter((p) => periodRange(p).start <= today).length;
  if (n === 0) return [];
  const [row] = await db
    .select({ total: sql<number>`count(*)::int`, sums: asOfSums(n) })
    .from(assignments)
    .innerJoin(assignmentStates, eq(assignmentStates.assignmentId, assignments.id))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(isNull(tasks.archivedAt), where));
  if (!row || row.total === 0) return [];
  return toPeriodPoints(year, cadence, today, { total: row.total, ...readAsOfSums(row.sums, n) });
}
