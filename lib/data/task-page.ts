import "server-only";
import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, auditLog, indicatorRegionTargets, indicators, plans, regions, reportIndicatorValues, reports, tasks, users } from "@/db/schema";
import { can, regionScope } from "@/lib/auth/permissions";
import { NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { loadAssignmentProgress } from "./progress-rows";

/**
 * Everything about one task: its measures, each region's progress and light, its indicators'
 * targets against the latest approved values, and its history. A bureau sees its own region only.
 */
export async function getTaskOverview(taskId: number) {
  const viewer = await requireViewer("plan.read");
  const db = await getDb();
  const [task] = await db
    .select({
      id: tasks.id,
      number: tasks.number,
      title: tasks.title,
      titleEn: tasks.titleEn,
      description: tasks.description,
      leadOffice: tasks.leadOffice,
      startDate: tasks.startDate,
      dueDate: tasks.dueDate,
      parentId: tasks.parentId,
      planId: plans.id,
      planTitle: plans.title,
      planYear: plans.year,
      planState: plans.state,
    })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(eq(tasks.id, taskId));
  if (!task || (task.planState === "draft" && !can(viewer, "plan.readDraft"))) throw new NotFoundError(`task ${taskId}`);

  const measures = await db
    .select({ id: tasks.id, number: tasks.number, title: tasks.title, titleEn: tasks.titleEn, leadOffice: tasks.leadOffice, dueDate: tasks.dueDate })
    .from(tasks)
    .where(and(or(eq(tasks.id, taskId), eq(tasks.parentId, taskId)), sql`${tasks.archivedAt} is null`))
    .orderBy(asc(tasks.sortOrder), asc(tasks.id));
  const leafIds = measures.length > 1 ? measures.filter((m) => m.id !== taskId).map((m) => m.id) : [taskId];
  const scope = regionScope(viewer);
  const progress = await loadAssignmentProgress(db, and(inArray(assignments.taskId, leafIds), scope ? inArray(assignments.regionCode, scope) : undefined, ne(plans.state, "draft")));
  // A bureau's own region and those below it; everyone else the league-cities.
  const regionRows = await db
    .select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(regions)
    .where(scope ? inArray(regions.code, scope) : eq(regions.level, "league_city"))
    // A league-city before the counties below it.
    .orderBy(sql`${regions.level} = 'banner_county'`, asc(regions.sortOrder), asc(regions.code));

  const indicatorRows = await db
    .select({ id: indicators.id, taskId: indicators.taskId, name: indicators.name, nameEn: indicators.nameEn, unit: indicators.unit, direction: indicators.direction, baseline: indicators.baseline, target: indicators.target })
    .from(indicators)
    .where(inArray(indicators.taskId, leafIds))
    .orderBy(asc(indicators.sortOrder), asc(indicators.id));
  const indicatorIds = indicatorRows.map((i) => i.id);
  const regionTargets = indicatorIds.length
    ? await db.select().from(indicatorRegionTargets).where(and(inArray(indicatorRegionTargets.indicatorId, indicatorIds), scope ? inArray(indicatorRegionTargets.regionCode, scope) : undefined))
    : [];
  // The latest approved value of each indicator in each region.
  const actuals = indicatorIds.length
    ? await db
        .selectDistinctOn([reportIndicatorValues.indicatorId, assignments.regionCode], {
          indicatorId: reportIndicatorValues.indicatorId,
          regionCode: assignments.regionCode,
          value: reportIndicatorValues.value,
          period: reports.period,
        })
        .from(reportIndicatorValues)
        .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
        .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
        .where(and(inArray(reportIndicatorValues.indicatorId, indicatorIds), eq(reports.state, "approved"), scope ? inArray(assignments.regionCode, scope) : undefined))
        .orderBy(reportIndicatorValues.indicatorId, assignments.regionCode, desc(reports.period))
    : [];

  const history = await db
    .select({ at: auditLog.at, action: auditLog.action, entityId: auditLog.entityId, actor: users.name, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.entityType, "task"),
        inArray(auditLog.entityId, measures.map((m) => String(m.id))),
        // A bureau sees the department's changes and those of its own tree, nothing of other regions.
        scope ? or(isNull(auditLog.regionCode), inArray(auditLog.regionCode, scope)) : undefined,
      ),
    )
    .orderBy(desc(auditLog.at))
    .limit(50);

  return {
    task,
    measures,
    regions: regionRows,
    progress,
    indicators: indicatorRows.map((i) => ({
      ...i,
      byRegion: Object.fromEntries(
        regionRows.map((r) => [
          r.code,
          {
            target: regionTargets.find((t) => t.indicatorId === i.id && t.regionCode === r.code)?.target ?? i.target,
            actual: actuals.find((a) => a.indicatorId === i.id && a.regionCode === r.code) ?? null,
          },
        ]),
      ),
    })),
    history,
  };
}
