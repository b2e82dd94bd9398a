import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, plans, tasks } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { compareOutline } from "@/lib/domain/outline";
import type { Light } from "@/lib/domain/progress";
import { NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { loadAssignmentProgress } from "./progress-rows";
import { progressByPeriod } from "./progress-series";
import { shanghaiDate } from "@/lib/domain/dates";
import type { Cadence } from "@/lib/domain/periods";

export type RegionAssignment = {
  assignmentId: number;
  planId: number;
  planTitle: string;
  year: number;
  taskNumber: string;
  taskTitle: string;
  taskTitleEn: string;
  parentTitle: string | null;
  leadOffice: string;
  startDate: string;
  dueDate: string;
  progress: number | null;
  completed: boolean;
  light: Light;
  lastPeriod: string | null;
  lastState: "draft" | "submitted" | "returned" | "approved" | null;
};

/**
 * A region's assignments in the plans of a year, with latest approved progress and light.
 * A bureau gets its own region whatever it asks for another: "not found".
 */
export async function listRegionAssignments(regionCode: string, year: number): Promise<RegionAssignment[]> {
  const viewer = await requireViewer("assignment.read");
  if (!can(viewer, "assignment.read", { regionCode })) throw new NotFoundError(`region ${regionCode}`);
  const db = await getDb();
  const where = and(
    eq(assignments.regionCode, regionCode),
    eq(plans.year, year),
    viewer.role === "bureau" ? ne(plans.state, "draft") : undefined,
  );
  const progress = await loadAssignmentProgress(db, where);
  if (progress.length === 0) return [];

  const parents = db.$with("parents").as(db.select({ id: tasks.id, title: tasks.title }).from(tasks));
  const details = await db
    .with(parents)
    .select({
      assignmentId: assignments.id,
      planTitle: plans.title,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      taskTitleEn: tasks.titleEn,
      parentTitle: parents.title,
      leadOffice: tasks.leadOffice,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .leftJoin(parents, eq(parents.id, tasks.parentId))
    .where(where);
  const byId = new Map(details.map((d) => [d.assignmentId, d]));
  return progress
    .map((p) => {
      const d = byId.get(p.assignmentId);
      if (!d) return null;
      return {
        assignmentId: p.assignmentId,
        planId: p.planId,
        planTitle: d.planTitle,
        year: p.planYear,
        taskNumber: d.taskNumber,
        taskTitle: d.taskTitle,
        taskTitleEn: d.taskTitleEn,
        parentTitle: d.parentTitle,
        leadOffice: d.leadOffice,
        startDate: p.startDate,
        dueDate: p.dueDate,
        progress: p.progress,
        completed: p.completed,
        light: p.light,
        lastPeriod: p.lastPeriod,
        lastState: p.lastState,
      };
    })
    .filter((x): x is RegionAssignment => x !== null)
    .sort((a, b) => a.planId - b.planId || compareOutline(a.taskNumber, b.taskNumber));
}

/** A region's progress over the periods of a year (as of each period), for its page; a bureau sees only its own. */
export async function getRegionProgressSeries(regionCode: string, year: number) {
  const viewer = await requireViewer("region.read");
  if (!can(viewer, "region.read", { regionCode })) throw new NotFoundError(`region ${regionCode}`);
  const db = await getDb();
  const [plan] = await db.select({ cadence: plans.cadence }).from(plans).where(and(eq(plans.year, year), ne(plans.state, "draft"))).limit(1);
  if (!plan) return [];
  const where = and(eq(assignments.regionCode, regionCode), eq(plans.year, year), ne(plans.state, "draft"), sql`${tasks.archivedAt} is null`);
  return progressByPeriod(db, where, year, plan.cadence as Cadence, shanghaiDate(new Date()));
}
