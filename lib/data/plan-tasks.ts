import "server-only";
import { markPlanChanged, refreshAssignmentStatesWhere } from "@/db/derived-state";
import { and, eq, inArray, isNull, max, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, indicatorRegionTargets, indicators, notifications, tasks } from "@/db/schema";
import { descendantIds, moveInTree } from "@/lib/domain/task-tree";
import { taskCreateSchema, taskDeleteSchema, taskMoveSchema, taskPatchSchema, taskUpdateSchema } from "@/lib/validation/plan";
import { recordAudit } from "./audit";
import { ConflictError, InvalidInputError } from "./errors";
import { requireViewer } from "./guard";
import { lockTaskForWrite, lockWritablePlan, recordAuditMany, renumberPlan, taskSnapshotColumns, tasksWithReports } from "./plan-store";

/** The task tree's writes: add, edit, move, delete or archive. Each recomputes the outline numbers and is audited. */

type Snapshot = { number: string; parentId: number | null; sortOrder: number; title: string; titleEn: string; description: string; leadOffice: string; startDate: string; dueDate: string; weight: number };
const snapshot = (t: Snapshot) => ({ number: t.number, parentId: t.parentId, sortOrder: t.sortOrder, title: t.title, titleEn: t.titleEn, description: t.description, leadOffice: t.leadOffice, startDate: t.startDate, dueDate: t.dueDate, weight: t.weight });

/** A parent must be an active task of the same plan that nothing is assigned on (assignments belong to leaves). */
async function checkParent(tx: Parameters<typeof lockWritablePlan>[0], planId: number, parentId: number): Promise<void> {
  const [parent] = await tx.select({ planId: tasks.planId, archivedAt: tasks.archivedAt }).from(tasks).where(eq(tasks.id, parentId));
  if (!parent || parent.planId !== planId || parent.archivedAt) throw new InvalidInputError({ parentId: "badParent" });
  const [assigned] = await tx.select({ id: assignments.id }).from(assignments).where(eq(assignments.taskId, parentId)).limit(1);
  if (assigned) throw new ConflictError("The parent task is assigned to regions", "parentHasAssignments");
}

/** Adds a task (top level) or a measure under a task, last among its siblings. */
export async function createTask(input: unknown): Promise<{ id: number; number: string }> {
  const viewer = await requireViewer("plan.write");
  const data = taskCreateSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockWritablePlan(tx, data.planId);
    if (data.parentId !== null) await checkParent(tx, data.planId, data.parentId);
    const [last] = await tx
      .select({ n: max(tasks.sortOrder) })
      .from(tasks)
      .where(and(eq(tasks.planId, data.planId), data.parentId === null ? isNull(tasks.parentId) : eq(tasks.parentId, data.parentId), isNull(tasks.archivedAt)));
    const { planId, parentId, ...fields } = data;
    const [row] = await tx
      .insert(tasks)
      .values({ planId, parentId, ...fields, sortOrder: (last?.n ?? -1) + 1, number: `~new-${crypto.randomUUID().slice(0, 8)}` })
      .returning({ id: tasks.id });
    const numbers = await renumberPlan(tx, planId);
    const number = numbers.get(row!.id)!;
    await recordAudit(tx, { actorId: viewer.id, action: "task.create", entityType: "task", entityId: row!.id, after: { ...fields, parentId, number } });
    return { id: row!.id, number };
  });
}

/**
 * Edits a task's text, dates and weight. Assignments that kept the task's dates follow them;
 * those given dates of their own keep theirs.
 */
export async function updateTask(input: unknown): Promise<void> {
  const viewer = await requireViewer("plan.write");
  const { taskId, ...data } = taskUpdateSchema.parse(input);
  await changeTask(viewer.id, taskId, data);
}

/** Edits some of a task's fields (the API's PATCH): what is left out stays, the same rules apply. */
export async function patchTask(input: unknown): Promise<{ id: number; number: string }> {
  const viewer = await requireViewer("plan.write");
  const { taskId, ...changes } = taskPatchSchema.parse(input);
  return changeTask(viewer.id, taskId, changes);
}

type TaskFields = Omit<Snapshot, "number" | "parentId" | "sortOrder">;

async function changeTask(actorId: number, taskId: number, changes: Partial<TaskFields>): Promise<{ id: number; number: string }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { task } = await lockTaskForWrite(tx, taskId);
    const data = { title: task.title, titleEn: task.titleEn, description: task.description, leadOffice: task.leadOffice, startDate: task.startDate, dueDate: task.dueDate, weight: task.weight, ...changes };
    if (data.startDate > data.dueDate) throw new InvalidInputError({ dueDate: "dateOrder" });
    await tx.update(tasks).set({ ...data, updatedAt: new Date() }).where(eq(tasks.id, taskId));
    if (task.startDate !== data.startDate || task.dueDate !== data.dueDate) {
      const start = sql`case when ${assignments.startDate} = ${task.startDate} then ${data.startDate}::date else ${assignments.startDate} end`;
      const due = sql`case when ${assignments.dueDate} = ${task.dueDate} then ${data.dueDate}::date else ${assignments.dueDate} end`;
      await tx
        .update(assignments)
        .set({ startDate: sql`${start}`, dueDate: sql`${due}`, updatedAt: new Date() })
        .where(and(eq(assignments.taskId, taskId), sql`(${assignments.startDate} = ${task.startDate} or ${assignments.dueDate} = ${task.dueDate})`, sql`${start} <= ${due}`));
      await refreshAssignmentStatesWhere(tx, eq(assignments.taskId, taskId));
    }
    await recordAudit(tx, { actorId, action: "task.update", entityType: "task", entityId: taskId, before: snapshot(task), after: { ...snapshot(task), ...data } });
    return { id: taskId, number: task.number };
  });
}

/** Reorders a task among its siblings or moves it under another parent (or to the top level); never under itself. */
export async function moveTask(input: unknown): Promise<{ number: string }> {
  const viewer = await requireViewer("plan.write");
  const data = taskMoveSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { plan, task } = await lockTaskForWrite(tx, data.taskId);
    const rows = await tx.select({ id: tasks.id, parentId: tasks.parentId, sortOrder: tasks.sortOrder }).from(tasks).where(and(eq(tasks.planId, plan.id), isNull(tasks.archivedAt)));
    if (data.parentId !== null) {
      if (data.parentId === task.id || descendantIds(rows, task.id).has(data.parentId)) throw new InvalidInputError({ parentId: "cycle" });
      if (data.parentId !== task.parentId) await checkParent(tx, plan.id, data.parentId);
    }
    const changes = moveInTree(rows, task.id, data.parentId, data.position);
    if (changes.length > 0) {
      const values = sql.join(changes.map((c) => sql`(${c.id}::int, ${c.parentId}::int, ${c.sortOrder}::int)`), sql`, `);
      await tx.execute(sql`update tasks set parent_id = v.parent_id, sort_order = v.sort_order, updated_at = now() from (values ${values}) as v(id, parent_id, sort_order) where tasks.id = v.id`);
    }
    const numbers = await renumberPlan(tx, plan.id);
    if (changes.length > 0) await markPlanChanged(tx, plan.id);
    const moved = changes.find((c) => c.id === task.id);
    const number = numbers.get(task.id)!;
    if (moved || number !== task.number) {
      await recordAudit(tx, {
        actorId: viewer.id,
        action: "task.move",
        entityType: "task",
        entityId: task.id,
        before: { parentId: task.parentId, sortOrder: task.sortOrder, number: task.number },
        after: { parentId: data.parentId, sortOrder: moved?.sortOrder ?? task.sortOrder, number },
      });
    }
    return { number };
  });
}

/**
 * Deletes a task with its measures, indicators and assignments, after an explicit confirmation.
 * When anything under it has been reported on, the whole branch is archived instead: reports
 * are never lost. Archived tasks leave the outline (their number becomes "0.<id>").
 */
export async function deleteTask(input: unknown): Promise<{ result: "deleted" | "archived"; count: number }> {
  const viewer = await requireViewer("plan.write");
  const data = taskDeleteSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { plan, task } = await lockTaskForWrite(tx, data.taskId);
    const all = await tx.select(taskSnapshotColumns).from(tasks).where(eq(tasks.planId, plan.id));
    const branchIds = [task.id, ...descendantIds(all, task.id)];
    const branch = all.filter((t) => branchIds.includes(t.id));
    const reported = await tasksWithReports(tx, branchIds);
    const archive = reported.size > 0 || branch.some((t) => t.archivedAt !== null);
    const now = new Date();
    let audited: Parameters<typeof recordAuditMany>[1];
    if (archive) {
      const active = branch.filter((t) => t.archivedAt === null);
      await tx
        .update(tasks)
        .set({ archivedAt: now, number: sql`'0.' || ${tasks.id}`, updatedAt: now })
        .where(inArray(tasks.id, active.map((t) => t.id)));
      audited = active.map((t) => ({ actorId: viewer.id, action: "task.archive", entityType: "task", entityId: t.id, before: snapshot(t), after: { archivedAt: now.toISOString(), number: `0.${t.id}` } }));
    } else {
      const indicatorIds = (await tx.select({ id: indicators.id }).from(indicators).where(inArray(indicators.taskId, branchIds))).map((r) => r.id);
      const assignmentIds = (await tx.select({ id: assignments.id }).from(assignments).where(inArray(assignments.taskId, branchIds))).map((r) => r.id);
      if (indicatorIds.length) {
        await tx.delete(indicatorRegionTargets).where(inArray(indicatorRegionTargets.indicatorId, indicatorIds));
        await tx.delete(indicators).where(inArray(indicators.id, indicatorIds));
      }
      if (assignmentIds.length) {
        // Reminders sent about an assignment stay in the bell, without the link.
        await tx.update(notifications).set({ assignmentId: null }).where(inArray(notifications.assignmentId, assignmentIds));
        await tx.delete(assignments).where(inArray(assignments.id, assignmentIds));
      }
      await tx.delete(tasks).where(inArray(tasks.id, branchIds));
      audited = branch.map((t) => ({ actorId: viewer.id, action: "task.delete", entityType: "task", entityId: t.id, before: snapshot(t) }));
    }
    await renumberPlan(tx, plan.id);
    // The plan's sums before the audit entries: the audit chain's lock is the last a write takes (db/derived-state rebuildPlanCells).
    await markPlanChanged(tx, plan.id);
    await recordAuditMany(tx, audited);
    return { result: archive ? "archived" : "deleted", count: archive ? branch.filter((t) => t.archivedAt === null).length : branch.length };
  });
}
