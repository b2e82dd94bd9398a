import "server-only";
import { markPlanChanged, refreshAssignmentStates } from "@/db/derived-state";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, notifications, regions, tasks } from "@/db/schema";
import { assignmentMatrixSchema, assignmentUpdateSchema } from "@/lib/validation/plan";
import { assignedStart } from "@/lib/domain/reporting";
import { recordAudit } from "./audit";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { notifyNewAssignments } from "./notifications";
import { lockTaskForWrite, lockWritablePlan, recordAuditMany } from "./plan-store";

/**
 * The assignment matrix (leaf tasks × regions): ticks add or remove assignments in one
 * transaction. An assignment with reports cannot be removed. Audited per task: the regions
 * before and after.
 */
export async function setAssignments(input: unknown, now: Date = new Date()): Promise<{ added: number; removed: number }> {
  const viewer = await requireViewer("plan.write");
  const data = assignmentMatrixSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const plan = await lockWritablePlan(tx, data.planId);
    const taskIds = [...new Set(data.cells.map((c) => c.taskId))];
    if (taskIds.length === 0) return { added: 0, removed: 0 };
    const taskRows = await tx
      .select({ id: tasks.id, startDate: tasks.startDate, dueDate: tasks.dueDate, hasChildren: sql<boolean>`exists (select 1 from tasks c where c.parent_id = "tasks"."id" and c.archived_at is null)` })
      .from(tasks)
      .where(and(inArray(tasks.id, taskIds), eq(tasks.planId, plan.id), isNull(tasks.archivedAt)));
    if (taskRows.length !== taskIds.length || taskRows.some((t) => t.hasChildren)) throw new InvalidInputError({ cells: "notALeaf" });
    const codes = [...new Set(data.cells.map((c) => c.regionCode))];
    const known = await tx.select({ code: regions.code }).from(regions).where(and(inArray(regions.code, codes), eq(regions.active, true)));
    if (known.length !== codes.length) throw new InvalidInputError({ cells: "badRegion" });

    const current = await tx
      .select({ id: assignments.id, taskId: assignments.taskId, regionCode: assignments.regionCode, reported: sql<boolean>`exists (select 1 from reports r where r.assignment_id = "assignments"."id")` })
      .from(assignments)
      .where(inArray(assignments.taskId, taskIds));
    const key = (taskId: number, code: string) => `${taskId}|${code}`;
    const existing = new Map(current.map((a) => [key(a.taskId, a.regionCode), a]));
    const byTask = new Map(taskRows.map((t) => [t.id, t]));
    const toAdd = data.cells.filter((c) => c.assigned && !existing.has(key(c.taskId, c.regionCode)));
    const toRemove = data.cells.filter((c) => !c.assigned && existing.has(key(c.taskId, c.regionCode))).map((c) => existing.get(key(c.taskId, c.regionCode))!);
    if (toRemove.some((a) => a.reported)) throw new ConflictError("An assignment with reports cannot be removed", "assignmentHasReports");

    const addRows = [...new Map(toAdd.map((c) => [key(c.taskId, c.regionCode), c])).values()].map((c) => {
      const t = byTask.get(c.taskId)!;
      // In a published plan an assignment starts on the day it is given (or on the day staff chose), never back-dated to the task's start.
      const startDate = plan.state !== "published" ? t.startDate : data.startDate && data.startDate <= t.dueDate ? data.startDate : assignedStart(t, now);
      return { taskId: c.taskId, regionCode: c.regionCode, startDate, dueDate: t.dueDate };
    });
    const addedIds: number[] = [];
    for (let i = 0; i < addRows.length; i += 2000) {
      const inserted = await tx.insert(assignments).values(addRows.slice(i, i + 2000)).returning({ id: assignments.id });
      addedIds.push(...inserted.map((r) => r.id));
    }
    await refreshAssignmentStates(tx, addedIds, now);
    if (plan.state === "published") await notifyNewAssignments(tx, addedIds);
    const removeIds = toRemove.map((a) => a.id);
    if (removeIds.length) {
      await tx.update(notifications).set({ assignmentId: null }).where(inArray(notifications.assignmentId, removeIds));
      await tx.delete(assignments).where(inArray(assignments.id, removeIds));
      await markPlanChanged(tx, data.planId);
    }

    const changedTasks = new Set([...addRows.map((r) => r.taskId), ...toRemove.map((a) => a.taskId)]);
    const beforeOf = (taskId: number) => current.filter((a) => a.taskId === taskId).map((a) => a.regionCode).sort();
    const removed = new Set(removeIds);
    await recordAuditMany(
      tx,
      [...changedTasks].map((taskId) => ({
        actorId: viewer.id,
        action: "assignment.set",
        entityType: "task",
        entityId: taskId,
        before: { regions: beforeOf(taskId) },
        after: { regions: [...current.filter((a) => a.taskId === taskId && !removed.has(a.id)).map((a) => a.regionCode), ...addRows.filter((r) => r.taskId === taskId).map((r) => r.regionCode)].sort() },
      })),
    );
    return { added: addRows.length, removed: removeIds.length };
  });
}

/** One assignment's own dates and contact. */
export async function updateAssignment(input: unknown): Promise<void> {
  const viewer = await requireViewer("plan.write");
  const { assignmentId, ...data } = assignmentUpdateSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [a] = await tx
      .select({ taskId: assignments.taskId, regionCode: assignments.regionCode, startDate: assignments.startDate, dueDate: assignments.dueDate, contactName: assignments.contactName, contactPhone: assignments.contactPhone })
      .from(assignments)
      .where(eq(assignments.id, assignmentId));
    if (!a) throw new NotFoundError(`assignment ${assignmentId}`);
    await lockTaskForWrite(tx, a.taskId);
    const values = { startDate: data.startDate, dueDate: data.dueDate, contactName: data.contactName || null, contactPhone: data.contactPhone || null };
    await tx.update(assignments).set({ ...values, updatedAt: new Date() }).where(eq(assignments.id, assignmentId));
    await refreshAssignmentStates(tx, [assignmentId]);
    const { taskId, ...before } = a;
    await recordAudit(tx, { actorId: viewer.id, action: "assignment.update", entityType: "task", entityId: taskId, regionCode: a.regionCode, before: { assignmentId, ...before }, after: { assignmentId, regionCode: a.regionCode, ...values } });
  });
}
