import "server-only";
import { and, asc, eq, gt, inArray, isNull, or } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, plans, tasks } from "@/db/schema";
import { can, regionScope } from "@/lib/auth/permissions";
import { decodeNumberCursor, pageOf, type Page } from "@/lib/domain/pagination";
import type { Light } from "@/lib/domain/progress";
import { assignmentsQuerySchema, type AssignmentsQuery } from "@/lib/validation/api";
import { NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { loadAssignmentProgress } from "./progress-rows";
import { visiblePlans } from "./plans";

export type AssignmentItem = {
  id: number;
  planId: number;
  taskId: number;
  regionCode: string;
  startDate: string;
  dueDate: string;
  /** Latest approved progress, 0 while nothing is approved. */
  progress: number;
  light: Light;
  completed: boolean;
  expected: number;
  overdue: boolean;
  lastPeriod: string | null;
  lastState: "draft" | "submitted" | "returned" | "approved" | null;
};

/**
 * Assignments in id order with their latest approved progress and light. A bureau gets its own
 * region only (asking for another is "not found") and nothing of draft plans.
 */
export async function listAssignments(query: Partial<AssignmentsQuery>, now: Date = new Date()): Promise<Page<AssignmentItem>> {
  const viewer = await requireViewer("assignment.read");
  const q = assignmentsQuerySchema.parse(query);
  if (q.regionCode && !can(viewer, "assignment.read", { regionCode: q.regionCode })) throw new NotFoundError(`region ${q.regionCode}`);
  const scope = q.regionCode ? [q.regionCode] : regionScope(viewer);
  const after = decodeNumberCursor(q.cursor);
  const db = await getDb();
  const where = and(
    scope ? inArray(assignments.regionCode, scope) : undefined,
    visiblePlans(viewer),
    q.planId ? eq(plans.id, q.planId) : undefined,
    // A key task stands for its measures.
    q.taskId ? or(eq(tasks.id, q.taskId), eq(tasks.parentId, q.taskId)) : undefined,
    isNull(tasks.archivedAt),
  );
  // Keyset on id in SQL first, then progress and light for that page only.
  const ids = await db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(where, after !== undefined ? gt(assignments.id, after) : undefined))
    .orderBy(asc(assignments.id))
    .limit(q.limit + 1);
  const page = pageOf(ids, (r) => r.id, q.limit);
  const pageIds = page.items.map((r) => r.id);
  const rows = pageIds.length === 0 ? [] : (await loadAssignmentProgress(db, and(where, inArray(assignments.id, pageIds)), now)).sort((a, b) => a.assignmentId - b.assignmentId);
  return {
    nextCursor: page.nextCursor,
    items: rows.map((p) => ({
      id: p.assignmentId,
      planId: p.planId,
      taskId: p.taskId,
      regionCode: p.regionCode,
      startDate: p.startDate,
      dueDate: p.dueDate,
      progress: p.progress ?? 0,
      light: p.light,
      completed: p.completed,
      expected: p.expected,
      overdue: p.overdue,
      lastPeriod: p.lastPeriod,
      lastState: p.lastState,
    })),
  };
}
