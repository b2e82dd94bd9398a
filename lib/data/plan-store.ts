import "server-only";
import { refreshAssignmentStates } from "@/db/derived-state";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { assignments, auditLog, indicatorRegionTargets, indicators, plans, regions, tasks } from "@/db/schema";
import { outlineNumbers } from "@/lib/domain/task-tree";
import type { AuditEntry } from "./audit";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";

/** Writes shared by the plan editor, copy-a-year and the Excel import: each runs inside the caller's transaction. */

export type WritablePlan = { id: number; year: number; state: "draft" | "published" | "closed" };

/** The plan, locked for this transaction so tree edits of one plan run one after the other; a closed plan is read-only. */
export async function lockWritablePlan(tx: Executor, planId: number): Promise<WritablePlan> {
  const [plan] = await tx.select({ id: plans.id, year: plans.year, state: plans.state }).from(plans).where(eq(plans.id, planId)).for("update");
  if (!plan) throw new NotFoundError(`plan ${planId}`);
  if (plan.state === "closed") throw new ConflictError("A closed plan is read-only", "planClosed");
  return plan;
}

/** The task's plan, locked and writable, and the task itself (which must not be archived). */
export async function lockTaskForWrite(tx: Executor, taskId: number) {
  const [row] = await tx.select({ planId: tasks.planId }).from(tasks).where(eq(tasks.id, taskId));
  if (!row) throw new NotFoundError(`task ${taskId}`);
  const plan = await lockWritablePlan(tx, row.planId);
  const [task] = await tx.select(taskSnapshotColumns).from(tasks).where(eq(tasks.id, taskId));
  if (!task) throw new NotFoundError(`task ${taskId}`);
  if (task.archivedAt) throw new ConflictError("The task is archived", "taskArchived");
  return { plan, task };
}

export const taskSnapshotColumns = {
  id: tasks.id,
  planId: tasks.planId,
  parentId: tasks.parentId,
  number: tasks.number,
  sortOrder: tasks.sortOrder,
  title: tasks.title,
  titleEn: tasks.titleEn,
  description: tasks.description,
  leadOffice: tasks.leadOffice,
  startDate: tasks.startDate,
  dueDate: tasks.dueDate,
  weight: tasks.weight,
  archivedAt: tasks.archivedAt,
};

/** Many audit entries in a few statements (an import or a copy writes thousands). */
export async function recordAuditMany(tx: Executor, entries: AuditEntry[]): Promise<void> {
  for (const batch of chunks(entries, 1000)) {
    await tx.insert(auditLog).values(
      batch.map((e) => ({ actorId: e.actorId, action: e.action, entityType: e.entityType, entityId: String(e.entityId), regionCode: e.regionCode ?? null, before: e.before ?? null, after: e.after ?? null })),
    );
  }
}

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Recomputes the outline numbers of a plan's active tasks from the tree's shape. Two bulk
 * statements: the changed rows step aside first, because the unique (plan, number) index is
 * checked row by row and a swap would otherwise collide.
 */
export async function renumberPlan(tx: Executor, planId: number): Promise<Map<number, string>> {
  const rows = await tx
    .select({ id: tasks.id, parentId: tasks.parentId, sortOrder: tasks.sortOrder, number: tasks.number })
    .from(tasks)
    .where(and(eq(tasks.planId, planId), isNull(tasks.archivedAt)));
  const numbers = outlineNumbers(rows);
  const changed = rows.filter((r) => numbers.get(r.id) !== r.number).map((r) => ({ id: r.id, number: numbers.get(r.id)! }));
  for (const batch of chunks(changed, 2000)) {
    await tx.update(tasks).set({ number: sql`'~#' || ${tasks.id}` }).where(inArray(tasks.id, batch.map((c) => c.id)));
  }
  for (const batch of chunks(changed, 2000)) {
    const values = sql.join(batch.map((c) => sql`(${c.id}::int, ${c.number}::varchar)`), sql`, `);
    await tx.execute(sql`update tasks set number = v.number, updated_at = now() from (values ${values}) as v(id, number) where tasks.id = v.id`);
  }
  return numbers;
}

/** Region codes that exist; an unknown one is an input error on `field`. */
export async function requireRegions(tx: Executor, codes: readonly string[], field: string): Promise<void> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return;
  const found = await tx.select({ code: regions.code }).from(regions).where(inArray(regions.code, unique));
  if (found.length !== unique.length) throw new InvalidInputError({ [field]: "badRegion" });
}

export type NewIndicator = { name: string; nameEn: string; unit: string; direction: "higher" | "lower"; baseline: number | null; target: number | null; regionTargets: { regionCode: string; baseline: number | null; target: number }[] };
export type NewTask = {
  /** Outline number in the source (sheet or copied plan); parents are found by it. */
  number: string;
  parentNumber: string | null;
  sortOrder: number;
  title: string;
  titleEn: string;
  description: string;
  leadOffice: string;
  startDate: string;
  dueDate: string;
  weight: number;
  indicators: NewIndicator[];
  assignments: { regionCode: string; startDate: string; dueDate: string; contactName: string | null; contactPhone: string | null }[];
};

/**
 * Inserts a task tree into a plan, level by level, in batches: a handful of statements whatever
 * its size. Parents are found among the new tasks by number, or else among the plan's `existing` ones.
 */
export async function insertTaskTree(
  tx: Executor,
  planId: number,
  nodes: readonly NewTask[],
  existing: ReadonlyMap<string, number> = new Map(),
): Promise<{ tasks: { id: number; number: string; title: string }[]; indicators: number; assignments: number }> {
  const depthOf = (n: NewTask) => n.number.split(".").length;
  const idByNumber = new Map<string, number>();
  const created: { id: number; number: string; title: string }[] = [];
  const maxDepth = Math.max(0, ...nodes.map(depthOf));
  for (let depth = 1; depth <= maxDepth; depth++) {
    const level = nodes.filter((n) => depthOf(n) === depth);
    for (const batch of chunks(level, 500)) {
      const inserted = await tx
        .insert(tasks)
        .values(
          batch.map((n) => ({
            planId,
            parentId: n.parentNumber === null ? null : (idByNumber.get(n.parentNumber) ?? existing.get(n.parentNumber) ?? null),
            // Placeholder until renumberPlan: unique, and never an outline number.
            number: `~${n.number}`.slice(0, 32),
            sortOrder: n.sortOrder,
            title: n.title,
            titleEn: n.titleEn,
            description: n.description,
            leadOffice: n.leadOffice,
            startDate: n.startDate,
            dueDate: n.dueDate,
            weight: n.weight,
          })),
        )
        .returning({ id: tasks.id, number: tasks.number, title: tasks.title });
      for (const row of inserted) {
        idByNumber.set(row.number.slice(1), row.id);
        created.push({ id: row.id, number: row.number.slice(1), title: row.title });
      }
    }
  }

  const indicatorRows = nodes.flatMap((n) => n.indicators.map((ind, k) => ({ taskId: idByNumber.get(n.number)!, sortOrder: k, ind })));
  let indicatorCount = 0;
  for (const batch of chunks(indicatorRows, 500)) {
    const inserted = await tx
      .insert(indicators)
      .values(batch.map((r) => ({ taskId: r.taskId, name: r.ind.name, nameEn: r.ind.nameEn, unit: r.ind.unit, direction: r.ind.direction, baseline: r.ind.baseline, target: r.ind.target, sortOrder: r.sortOrder })))
      .returning({ id: indicators.id });
    indicatorCount += inserted.length;
    // Rows come back in the order they were given.
    const targets = batch.flatMap((r, i) => r.ind.regionTargets.map((t) => ({ indicatorId: inserted[i]!.id, regionCode: t.regionCode, baseline: t.baseline, target: t.target })));
    for (const tb of chunks(targets, 2000)) await tx.insert(indicatorRegionTargets).values(tb);
  }

  const assignmentRows = nodes.flatMap((n) =>
    n.assignments.map((a) => ({ taskId: idByNumber.get(n.number)!, regionCode: a.regionCode, startDate: a.startDate, dueDate: a.dueDate, contactName: a.contactName, contactPhone: a.contactPhone })),
  );
  for (const batch of chunks(assignmentRows, 2000)) {
    const inserted = await tx.insert(assignments).values(batch).returning({ id: assignments.id });
    await refreshAssignmentStates(tx, inserted.map((r) => r.id));
  }
  return { tasks: created, indicators: indicatorCount, assignments: assignmentRows.length };
}

/** Whether any of these tasks' assignments has a report (such tasks are archived, never deleted). */
export async function tasksWithReports(tx: Executor, taskIds: readonly number[]): Promise<Set<number>> {
  if (taskIds.length === 0) return new Set();
  const rows = await tx.execute(sql`
    select distinct a.task_id as id from assignments a
    where a.task_id in (${sql.join(taskIds.map((id) => sql`${id}`), sql`, `)})
      and exists (select 1 from reports r where r.assignment_id = a.id)`);
  return new Set((rows as unknown as { rows: { id: number }[] }).rows.map((r) => Number(r.id)));
}
