import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, plans, regions, reports, tasks } from "@/db/schema";
import { countLights, rank, rollup, type Rollup } from "@/lib/domain/rollup";
import { requireViewer } from "./guard";
import { loadAssignmentProgress } from "./progress-rows";

export type RegionCompletion = Rollup & { regionCode: string; nameZh: string; nameEn: string; rank: number };

export type DashboardFilter = { year: number; planId?: number };

/**
 * Completion by league-city for a year (optionally one plan). Counts and sums are SQL aggregates
 * over each assignment's latest approved report; lights come from the per-assignment rule.
 */
export async function getRegionCompletion(filter: DashboardFilter): Promise<{ rows: RegionCompletion[]; total: Rollup }> {
  await requireViewer("dashboard.read");
  const db = await getDb();
  const where = and(eq(plans.year, filter.year), filter.planId ? eq(plans.id, filter.planId) : undefined);

  const latestApproved = db
    .selectDistinctOn([reports.assignmentId], { assignmentId: reports.assignmentId, progress: reports.progress, status: reports.status })
    .from(reports)
    .where(eq(reports.state, "approved"))
    .orderBy(reports.assignmentId, sql`${reports.period} desc`)
    .as("la");
  // Same rule as lib/domain/progress isComplete, expressed for the aggregate.
  const completedExpr = sql`(${assignments.closedAt} is not null or ${latestApproved.progress} >= 100 or ${latestApproved.status} = 'complete')`;
  const aggregates = await db
    .select({
      regionCode: regions.code,
      nameZh: regions.nameZh,
      nameEn: regions.nameEn,
      total: sql<number>`count(${assignments.id})::int`,
      completed: sql<number>`(count(*) filter (where ${completedExpr}))::int`,
      progressSum: sql<number>`coalesce(sum(${latestApproved.progress}), 0)::int`,
    })
    .from(regions)
    .innerJoin(assignments, eq(assignments.regionCode, regions.code))
    .innerJoin(tasks, and(eq(tasks.id, assignments.taskId), sql`${tasks.archivedAt} is null`))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .leftJoin(latestApproved, eq(latestApproved.assignmentId, assignments.id))
    .where(where)
    .groupBy(regions.code, regions.nameZh, regions.nameEn, regions.sortOrder)
    .orderBy(asc(regions.sortOrder));

  const progress = await loadAssignmentProgress(db, where);
  const lightsByRegion = new Map<string, ReturnType<typeof countLights>>();
  for (const code of new Set(progress.map((p) => p.regionCode))) {
    lightsByRegion.set(code, countLights(progress.filter((p) => p.regionCode === code).map((p) => p.light)));
  }
  const rows = rank(
    aggregates.map((a) => ({
      regionCode: a.regionCode,
      nameZh: a.nameZh,
      nameEn: a.nameEn,
      ...rollup({ total: a.total, completed: a.completed, progressSum: a.progressSum, lights: lightsByRegion.get(a.regionCode) }),
    })),
  );
  const total = rollup({
    total: aggregates.reduce((n, a) => n + a.total, 0),
    completed: aggregates.reduce((n, a) => n + a.completed, 0),
    progressSum: aggregates.reduce((n, a) => n + a.progressSum, 0),
    lights: countLights(progress.map((p) => p.light)),
  });
  return { rows, total };
}
