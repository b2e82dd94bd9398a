import "server-only";
import { lockPlanFigures, markPlanChanged, refreshAssignmentStates } from "@/db/derived-state";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { assignments, indicators, notifications, regions, tasks } from "@/db/schema";
import { assignmentMatrixSchema, assignmentUpdateSchema, taskAssignmentsSchema } from "@/lib/validation/plan";
import { assignedStart } from "@/lib/domain/reporting";
import { recordAudit } from "./audit";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { notifyNewAssignments } from "./notifications";
import { indicatorState, writeIndicator } from "./plan-indicators";
import { lockTaskForWrite, lockWritablePlan, recordAuditMany, type WritablePlan } from "./plan-store";

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
    return applyCells(tx, viewer.id, plan, data, now);
  });
}

type Cells = { cells: { taskId: number; regionCode: string; assigned: boolean }[]; startDate?: string };

/**
 * The matrix's ticks in the caller's transaction, the plan locked. With `only` (one task and the
 * field its regions came in), the listed regions are all the task's: its other assignments go.
 */
async function applyCells(tx: Executor, actorId: number, plan: WritablePlan, data: Cells, now: Date, only?: { taskId: number; field: string }): Promise<{ added: number; removed: number }> {
  const taskField = only ? "taskId" : "cells";
  const regionField = only?.field ?? "cells";
  const taskIds = only ? [only.taskId] : [...new Set(data.cells.map((c) => c.taskId))];
  if (taskIds.length === 0) return { added: 0, removed: 0 };
  const taskRows = await tx
    .select({ id: tasks.id, startDate: tasks.startDate, dueDate: tasks.dueDate, hasChildren: sql<boolean>`exists (select 1 from tasks c where c.parent_id = "tasks"."id" and c.archived_at is null)` })
    .from(tasks)
    .where(and(inArray(tasks.id, taskIds), eq(tasks.planId, plan.id), isNull(tasks.archivedAt)));
  if (taskRows.length !== taskIds.length || taskRows.some((t) => t.hasChildren)) throw new InvalidInputError({ [taskField]: "notALeaf" });
  const codes = [...new Set(data.cells.map((c) => c.regionCode))];
  const known = codes.length ? await tx.select({ code: regions.code }).from(regions).where(and(inArray(regions.code, codes), eq(regions.active, true))) : [];
  if (known.length !== codes.length) throw new InvalidInputError({ [regionField]: "badRegion" });

  const current = await tx
    .select({ id: assignments.id, taskId: assignments.taskId, regionCode: assignments.regionCode, reported: sql<boolean>`exists (select 1 from reports r where r.assignment_id = "assignments"."id")` })
    .from(assignments)
    .where(inArray(assignments.taskId, taskIds));
  const key = (taskId: number, code: string) => `${taskId}|${code}`;
  const existing = new Map(current.map((a) => [key(a.taskId, a.regionCode), a]));
  const byTask = new Map(taskRows.map((t) => [t.id, t]));
  const listed = new Set(data.cells.map((c) => key(c.taskId, c.regionCode)));
  const cells = only ? [...data.cells, ...current.filter((a) => !listed.has(key(a.taskId, a.regionCode))).map((a) => ({ taskId: a.taskId, regionCode: a.regionCode, assigned: false }))] : data.cells;
  const toAdd = cells.filter((c) => c.assigned && !existing.has(key(c.taskId, c.regionCode)));
  const toRemove = cells.filter((c) => !c.assigned && existing.has(key(c.taskId, c.regionCode))).map((c) => existing.get(key(c.taskId, c.regionCode))!);
  if (toRemove.some((a) => a.reported)) throw new ConflictError("An assignment with reports cannot be removed", "assignmentHasReports");

  const addRows = [...new Map(toAdd.map((c) => [key(c.taskId, c.regionCode), c])).values()].map((c) => {
    const t = byTask.get(c.taskId)!;
    // In a published plan an assignment starts on the day it is given (or on the day staff chose), never back-dated to the task's start.
    const startDate = plan.state !== "published" ? t.startDate : data.startDate && data.startDate <= t.dueDate ? data.startDate : assignedStart(t, now);
    return { taskId: c.taskId, regionCode: c.regionCode, startDate, dueDate: t.dueDate };
  });
  // Counters of the whole plan first (db/derived-state lockPlanFigures): the states added below and a removal's sums.
  if (addRows.length || toRemove.length) await lockPlanFigures(tx, plan.id);
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
    await markPlanChanged(tx, plan.id);
  }

  const changedTasks = new Set([...addRows.map((r) => r.taskId), ...toRemove.map((a) => a.taskId)]);
  const beforeOf = (taskId: number) => current.filter((a) => a.taskId === taskId).map((a) => a.regionCode).sort();
  const removed = new Set(removeIds);
  await recordAuditMany(
    tx,
    [...changedTasks].map((taskId) => ({
      actorId,
      action: "assignment.set",
      entityType: "task",
      entityId: taskId,
      before: { regions: beforeOf(taskId) },
      after: { regions: [...current.filter((a) => a.taskId === taskId && !removed.has(a.id)).map((a) => a.regionCode), ...addRows.filter((r) => r.taskId === taskId).map((r) => r.regionCode)].sort() },
    })),
  );
  return { added: addRows.length, removed: removeIds.length };
}

/** One assignment's own dates and contact. */
export async function updateAssignment(input: unknown): Promise<void> {
  const viewer = await requireViewer("plan.write");
  const { assignmentId, ...data } = assignmentUpdateSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [a] = await tx.select(assignmentColumns).from(assignments).where(eq(assignments.id, assignmentId));
    if (!a) throw new NotFoundError(`assignment ${assignmentId}`);
    await lockTaskForWrite(tx, a.taskId);
    await writeAssignment(tx, viewer.id, a, { startDate: data.startDate, dueDate: data.dueDate, contactName: data.contactName || null, contactPhone: data.contactPhone || null });
  });
}

const assignmentColumns = { id: assignments.id, taskId: assignments.taskId, regionCode: assignments.regionCode, startDate: assignments.startDate, dueDate: assignments.dueDate, contactName: assignments.contactName, contactPhone: assignments.contactPhone };
type AssignmentRow = { id: number; taskId: number; regionCode: string; startDate: string; dueDate: string; contactName: string | null; contactPhone: string | null };
type AssignmentValues = Pick<AssignmentRow, "startDate" | "dueDate" | "contactName" | "contactPhone">;

/** Writes an assignment's dates and contact over `a`, audited, its state recomputed; the caller has locked its task. */
async function writeAssignment(tx: Executor, actorId: number, a: AssignmentRow, values: AssignmentValues): Promise<void> {
  await tx.update(assignments).set({ ...values, updatedAt: new Date() }).where(eq(assignments.id, a.id));
  await refreshAssignmentStates(tx, [a.id]);
  const { id: assignmentId, taskId, ...before } = a;
  await recordAudit(tx, { actorId, action: "assignment.update", entityType: "task", entityId: taskId, regionCode: a.regionCode, before: { assignmentId, ...before }, after: { assignmentId, regionCode: a.regionCode, ...values } });
}

export type TaskAssignments = { taskId: number; added: number; removed: number; assignments: (Omit<AssignmentRow, "taskId">)[] };

/**
 * A task's assignments as a whole, in one transaction (the API's PUT /assignments): the matrix's
 * ticks for the listed regions (the others' assignments removed, 409 when one has reports), then
 * each region's dates and contact where sent and different, then, where `targets` are sent, the
 * region's targets of the task's indicators. Each step is audited as the page's own.
 */
export async function setTaskAssignments(input: unknown, now: Date = new Date()): Promise<TaskAssignments> {
  const viewer = await requireViewer("plan.write");
  const { taskId, regions: list } = taskAssignmentsSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { plan, task } = await lockTaskForWrite(tx, taskId);
    const { added, removed } = await applyCells(tx, viewer.id, plan, { cells: list.map((r) => ({ taskId, regionCode: r.regionCode, assigned: true })) }, now, { taskId, field: "regions" });

    const rows = new Map((await tx.select(assignmentColumns).from(assignments).where(eq(assignments.taskId, taskId))).map((a) => [a.regionCode, a]));
    for (const [i, r] of list.entries()) {
      const a = rows.get(r.regionCode)!;
      const values = {
        startDate: r.startDate ?? a.startDate,
        dueDate: r.dueDate ?? a.dueDate,
        contactName: r.contactName === undefined ? a.contactName : r.contactName || null,
        contactPhone: r.contactPhone === undefined ? a.contactPhone : r.contactPhone || null,
      };
      if (values.startDate > values.dueDate) throw new InvalidInputError({ [`regions.${i}.${r.dueDate === undefined ? "startDate" : "dueDate"}`]: "dateOrder" });
      if (values.startDate === a.startDate && values.dueDate === a.dueDate && values.contactName === a.contactName && values.contactPhone === a.contactPhone) continue;
      await writeAssignment(tx, viewer.id, a, values);
      rows.set(r.regionCode, { ...a, ...values });
    }

    const withTargets = list.flatMap((r, i) => (r.targets ? [{ ...r, i, targets: r.targets }] : []));
    if (withTargets.length > 0) {
      const owned = new Set((await tx.select({ id: indicators.id }).from(indicators).where(eq(indicators.taskId, task.id))).map((r) => r.id));
      for (const r of withTargets) {
        const j = r.targets.findIndex((t) => !owned.has(t.indicatorId));
        if (j >= 0) throw new InvalidInputError({ [`regions.${r.i}.targets.${j}.indicatorId`]: "badIndicator" });
      }
      const regionsSent = new Set(withTargets.map((r) => r.regionCode));
      for (const indicatorId of [...owned].sort((x, y) => x - y)) {
        const before = (await indicatorState(tx, indicatorId))!;
        const sent = withTargets.flatMap((r) => r.targets.filter((t) => t.indicatorId === indicatorId).map((t) => ({ regionCode: r.regionCode, baseline: t.baseline, target: t.target })));
        const regionTargets = [...before.regionTargets.filter((t) => !regionsSent.has(t.regionCode)), ...sent].sort((x, y) => x.regionCode.localeCompare(y.regionCode));
        if (JSON.stringify(regionTargets) !== JSON.stringify(before.regionTargets)) await writeIndicator(tx, viewer.id, before, { regionTargets });
      }
    }
    const listed = new Set(list.map((r) => r.regionCode));
    return { taskId, added, removed, assignments: [...rows.values()].filter((a) => listed.has(a.regionCode)).map(({ taskId: _t, ...a }) => a).sort((x, y) => x.regionCode.localeCompare(y.regionCode)) };
  });
}
