/**
 * The kept state of assignments (assignment_states), written by the one rule in
 * lib/domain/reporting: refreshed in the same transaction as every write that changes an
 * assignment's reports or window, rebuilt in bulk by the seeds, and checked by `npm run db:verify`.
 */
import { asc, getTableColumns, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "./client";
import { assignmentStates, assignments, plans, reports, stateRevisions, tasks } from "./schema";
import { deriveAssignmentState, type AssignmentState, type ReportFacts } from "../lib/domain/reporting";
import type { Cadence } from "../lib/domain/periods";

type StateRow = typeof assignmentStates.$inferInsert;

const UPSERT_SET = Object.fromEntries(
  Object.entries(getTableColumns(assignmentStates))
    .filter(([k]) => k !== "assignmentId")
    .map(([k, c]) => [k, sql.raw(`excluded."${c.name}"`)]),
);

/** Derives the state of these assignments from their own reports only. */
export async function deriveStates(tx: Executor, ids: readonly number[]): Promise<StateRow[]> {
  if (ids.length === 0) return [];
  const heads = await tx
    .select({
      id: assignments.id,
      taskId: assignments.taskId,
      regionCode: assignments.regionCode,
      startDate: assignments.startDate,
      dueDate: assignments.dueDate,
      closedAt: assignments.closedAt,
      planId: tasks.planId,
      year: plans.year,
      cadence: plans.cadence,
      dueDay: plans.dueDay,
    })
    .from(assignments)
    .innerJoin(tasks, sql`${tasks.id} = ${assignments.taskId}`)
    .innerJoin(plans, sql`${plans.id} = ${tasks.planId}`)
    .where(inArray(assignments.id, [...ids]));
  const rows = await tx
    .select({
      assignmentId: reports.assignmentId,
      period: reports.period,
      state: reports.state,
      progress: reports.progress,
      status: reports.status,
      dueOn: reports.dueOn,
      firstSubmittedAt: reports.firstSubmittedAt,
    })
    .from(reports)
    .where(inArray(reports.assignmentId, [...ids]));
  const byAssignment = new Map<number, ReportFacts[]>();
  for (const r of rows) {
    const list = byAssignment.get(r.assignmentId);
    if (list) list.push(r);
    else byAssignment.set(r.assignmentId, [r]);
  }
  return heads.map((a) => {
    const s = deriveAssignmentState(
      { planYear: a.year, cadence: a.cadence as Cadence, startDate: a.startDate, dueDate: a.dueDate, closedAt: a.closedAt, dueDay: a.dueDay },
      byAssignment.get(a.id) ?? [],
    );
    return { assignmentId: a.id, planId: a.planId, taskId: a.taskId, regionCode: a.regionCode, startDate: a.startDate, dueDate: a.dueDate, ...s };
  });
}

/** Recomputes and stores the state of these assignments (call inside the writing transaction). */
export async function refreshAssignmentStates(tx: Executor, ids: readonly number[], now: Date = new Date()): Promise<void> {
  // Ascending ids and one sorted bump of the counters at the end: two writers lock in one order, never in a cycle.
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const touched: (readonly [number, string])[] = [];
  for (let i = 0; i < unique.length; i += 2000) {
    const rows = await deriveStates(tx, unique.slice(i, i + 2000));
    if (rows.length === 0) continue;
    touched.push(...rows.map((r) => [r.planId!, r.regionCode!] as const));
    await tx
      .insert(assignmentStates)
      .values(rows.map((r) => ({ ...r, refreshedAt: now })))
      .onConflictDoUpdate({
        target: assignmentStates.assignmentId,
        set: UPSERT_SET,
      });
  }
  await bumpRevisions(tx, touched);
}

/** Refreshes every assignment that matches a condition on assignments, tasks or plans (plan-wide writes). */
export async function refreshAssignmentStatesWhere(tx: Executor, where: SQL, now: Date = new Date()): Promise<number> {
  const ids = await tx
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(tasks, sql`${tasks.id} = ${assignments.taskId}`)
    .innerJoin(plans, sql`${plans.id} = ${tasks.planId}`)
    .where(where);
  await refreshAssignmentStates(tx, ids.map((r) => r.id), now);
  return ids.length;
}

const COMPARED: (keyof AssignmentState | "planId" | "taskId" | "regionCode" | "startDate" | "dueDate")[] = [
  "planId",
  "taskId",
  "regionCode",
  "startDate",
  "dueDate",
  "approvedPeriod",
  "approvedProgress",
  "approvedStatus",
  "completed",
  "completedOnTime",
  "lastPeriod",
  "lastState",
  "firstIndex",
  "lastIndex",
  "asOf",
  "periodFlags",
];

export type StateDifference = { assignmentId: number; field: string; kept: unknown; derived: unknown };

/**
 * Recomputes every assignment's state from the raw reports, in batches, and compares it with the
 * kept one. With `repair`, writes the derived state where they differ.
 */
export async function verifyAssignmentStates(
  tx: Executor,
  opts: { repair?: boolean; batch?: number; onProgress?: (done: number) => void } = {},
): Promise<{ checked: number; differences: StateDifference[] }> {
  const batch = opts.batch ?? 5000;
  const differences: StateDifference[] = [];
  let after = 0;
  let checked = 0;
  for (;;) {
    const ids = (await tx.select({ id: assignments.id }).from(assignments).where(gt(assignments.id, after)).orderBy(asc(assignments.id)).limit(batch)).map((r) => r.id);
    if (ids.length === 0) break;
    after = ids.at(-1)!;
    const derived = await deriveStates(tx, ids);
    const kept = new Map((await tx.select().from(assignmentStates).where(inArray(assignmentStates.assignmentId, ids))).map((r) => [r.assignmentId, r]));
    const toRepair: number[] = [];
    for (const d of derived) {
      const k = kept.get(d.assignmentId!);
      if (!k) {
        differences.push({ assignmentId: d.assignmentId!, field: "(missing)", kept: null, derived: "state" });
        toRepair.push(d.assignmentId!);
        continue;
      }
      let differs = false;
      for (const f of COMPARED) {
        const a = JSON.stringify((k as Record<string, unknown>)[f] ?? null);
        const b = JSON.stringify((d as Record<string, unknown>)[f] ?? null);
        if (a !== b) {
          differences.push({ assignmentId: d.assignmentId!, field: f, kept: (k as Record<string, unknown>)[f], derived: (d as Record<string, unknown>)[f] });
          differs = true;
        }
      }
      if (differs) toRepair.push(d.assignmentId!);
    }
    if (opts.repair && toRepair.length) await refreshAssignmentStates(tx, toRepair);
    checked += ids.length;
    opts.onProgress?.(checked);
  }
  // States whose assignment is gone cannot exist (the foreign key cascades), so none are checked.
  return { checked, differences };
}

/**
 * A write that changes a plan's figures without refreshing a state (assignments removed, a task
 * moved or archived, the plan published or closed) moves the plan's own counter instead.
 */
export async function markPlanChanged(tx: Executor, planId: number): Promise<void> {
  await bumpRevisions(tx, [[planId, ""]]);
}

/** Moves the counters of these (plan, region) pairs, in one order so that two writers never deadlock. */
async function bumpRevisions(tx: Executor, pairs: readonly (readonly [number, string])[]): Promise<void> {
  const unique = [...new Map(pairs.map(([p, r]) => [`${p}|${r}`, [p, r] as const])).values()].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  if (unique.length === 0) return;
  await tx
    .insert(stateRevisions)
    .values(unique.map(([planId, regionCode]) => ({ planId, regionCode, revision: 1 })))
    .onConflictDoUpdate({ target: [stateRevisions.planId, stateRevisions.regionCode], set: { revision: sql`${stateRevisions.revision} + 1` } });
}

/** Derives the state of assignments that have none yet (a database from before the state was kept). */
export async function fillMissingStates(tx: Executor): Promise<number> {
  const rows = await tx.execute<{ id: number }>(
    sql`select a.id from ${assignments} a where not exists (select 1 from ${assignmentStates} s where s.assignment_id = a.id)`,
  );
  const ids = (rows as unknown as { rows: { id: number }[] }).rows.map((r) => Number(r.id));
  await refreshAssignmentStates(tx, ids);
  return ids.length;
}
