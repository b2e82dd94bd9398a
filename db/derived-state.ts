/**
 * The kept state of assignments (assignment_states), written by the one rule in
 * lib/domain/reporting: refreshed in the same transaction as every write that changes an
 * assignment's reports or window, rebuilt in bulk by the seeds, and checked by `npm run db:verify`.
 */
import { asc, eq, getTableColumns, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { QueryBuilder } from "drizzle-orm/pg-core";
import type { Database, Executor } from "./client";
import { fixedSelect } from "./fixed-select";
import { assignmentStates, assignments, figureStale, plans, reports, stateRevisions, tasks } from "./schema";
import { dayLight, deriveAssignmentState, FLAG_HANDED_IN, FLAG_ON_TIME, lastClosedIndex, type AssignmentState, type ReportFacts } from "../lib/domain/reporting";
import { shanghaiDate, type IsoDate } from "../lib/domain/dates";
import type { Cadence } from "../lib/domain/periods";
import { fromJson } from "./json";
import { withItems, type Alongside } from "./one-statement";

type StateRow = typeof assignmentStates.$inferInsert;

/**
 * Kept states are written as one JSON parameter (json_populate_recordset): the statement's text is
 * the same for one row or two thousand, so the server keeps it prepared, and nothing is built per
 * column at each write.
 */
const STATE_COLUMNS = Object.entries(getTableColumns(assignmentStates)).map(([key, c]) => [key, c.name] as const);
const STATE_COLUMN_LIST = sql.raw(STATE_COLUMNS.map(([, name]) => `"${name}"`).join(", "));
const STATE_UPSERT_SET = sql.raw(
  STATE_COLUMNS.filter(([key]) => key !== "assignmentId")
    .map(([, name]) => `"${name}" = excluded."${name}"`)
    .join(", "),
);

/** The upsert of these states (refreshed at `now`), as a statement. */
function statesUpsert(rows: readonly StateRow[], now: Date): SQL {
  const records = rows.map((r) => Object.fromEntries(STATE_COLUMNS.map(([key, name]) => [name, key === "refreshedAt" ? now : ((r as Record<string, unknown>)[key] ?? null)])));
  return sql`insert into assignment_states (${STATE_COLUMN_LIST})
    select ${STATE_COLUMN_LIST} from json_populate_recordset(null::assignment_states, ${JSON.stringify(records)}::json)
    on conflict (assignment_id) do update set ${STATE_UPSERT_SET}`;
}

/** Each assignment with its plan's rules and its reports' facts, in one round trip (the write path refreshes one assignment per write); its text is built once (fixedSelect). */
const stateHeads = fixedSelect((qb: QueryBuilder) =>
  qb
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
      graceDays: plans.graceDays,
      greenMaxBehind: plans.greenMaxBehind,
      yellowMaxBehind: plans.yellowMaxBehind,
      facts: sql<unknown>`(select coalesce(json_agg(json_build_array(r.period, r.state, r.progress, r.status, r.due_on, r.first_submitted_at)), '[]'::json) from ${reports} r where r.assignment_id = ${assignments.id})`,
    })
    .from(assignments)
    .innerJoin(tasks, sql`${tasks.id} = ${assignments.taskId}`)
    .innerJoin(plans, sql`${plans.id} = ${tasks.planId}`)
    .where(sql`${assignments.id} = any(${sql.placeholder("ids")}::int[])`),
);

/**
 * Derives the state of these assignments from their own reports only, with the light of the day
 * `dayOf` gives each (lib/domain/reporting dayLight; null: no light kept).
 */
export async function deriveStates(tx: Executor, ids: readonly number[], dayOf: (id: number) => IsoDate | null): Promise<StateRow[]> {
  if (ids.length === 0) return [];
  const heads = await stateHeads(tx, { ids: [...ids] });
  type Fact = [string, ReportFacts["state"], number, ReportFacts["status"], string, string | null];
  const factsOf = (v: unknown): ReportFacts[] =>
    fromJson<Fact[]>(v).map(([period, state, progress, status, dueOn, first]) => ({
      period,
      state,
      progress,
      status,
      dueOn,
      firstSubmittedAt: first === null ? null : new Date(first),
    }));
  return heads.map((a) => {
    const s = deriveAssignmentState(
      { planYear: a.year, cadence: a.cadence as Cadence, startDate: a.startDate, dueDate: a.dueDate, closedAt: a.closedAt, dueDay: a.dueDay },
      factsOf(a.facts),
    );
    const day = dayOf(a.id);
    const lit = day
      ? dayLight(s, { start: a.startDate, due: a.dueDate }, day, lastClosedIndex(a.year, a.cadence as Cadence, day, a.dueDay, a.graceDays), {
          greenMaxBehind: a.greenMaxBehind,
          yellowMaxBehind: a.yellowMaxBehind,
        })
      : null;
    const light = { lightOn: day, lightUntil: lit?.until ?? null, light: lit?.light ?? null, behindKey: lit?.behindKey ?? null };
    return { assignmentId: a.id, planId: a.planId, taskId: a.taskId, regionCode: a.regionCode, startDate: a.startDate, dueDate: a.dueDate, ...s, ...light };
  });
}

/**
 * Recomputes and stores the state of these assignments, with today's light (call inside the
 * writing transaction), and the figure cells of every (plan, region) they belong to.
 *
 * A write's own statements can ride along (one round trip fewer each; see one-statement.ts):
 * `alongside` with the counters' move — the changes the states are derived from, which the
 * derivation (the next statement) then reads — and `last` with the states' and cells' write
 * (what comes after the figures in the writers' order: the audit entry, notices).
 */
export async function refreshAssignmentStates(
  tx: Executor,
  ids: readonly number[],
  now: Date = new Date(),
  writes: { alongside?: Alongside; last?: Alongside } = {},
): Promise<void> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const last = writes.last ?? [];
  if (unique.length === 0) {
    if (writes.alongside?.length || last.length) await tx.execute(withItems([...(writes.alongside ?? []), ...last], [], sql`select 1`));
    return;
  }
  // The counters of their (plan, region) pairs first, all in one sorted statement, before any state
  // row: every writer takes counters, then states, then cells, then the audit chain — one order, never
  // a cycle (a plan-wide write takes all the plan's counters first: lockPlanFigures). The states are
  // then derived from reports no concurrent writer of the same county is still changing.
  const pairs = await bumpPairsOf(tx, unique, writes.alongside ?? []);
  const today = shanghaiDate(now);
  const regional = pairs.filter(([, r]) => r !== "");
  if (unique.length <= STATE_BATCH && regional.length <= CELL_PAIR_BATCH) {
    // A write's few assignments: their states, their pairs' cells and `last` in one statement.
    const rows = await deriveStates(tx, unique, () => today);
    await writeStatesAndCells(tx, rows, regional, now, last);
    return;
  }
  for (let i = 0; i < unique.length; i += STATE_BATCH) {
    const rows = await deriveStates(tx, unique.slice(i, i + STATE_BATCH), () => today);
    if (rows.length === 0) continue;
    await tx.execute(statesUpsert(rows, now));
  }
  await refreshCells(tx, pairs);
  if (last.length) await tx.execute(withItems(last, [], sql`select 1`));
}

const STATE_BATCH = 2000;
const CELL_PAIR_BATCH = 500;

/** The kept columns the cells are summed from (cellsSelect reads these of `st`). */
const CELL_SOURCE = sql.raw("assignment_id, plan_id, region_code, task_id, completed, approved_progress, completed_on_time, light, light_on, light_until, as_of, first_index, last_index, period_flags");

/**
 * Upserts these states and sums their pairs' cells again in one statement: the cells read the
 * states as the upsert leaves them (its returned rows in place of the kept ones, which the
 * statement's snapshot still shows), then `last` (each a WITH item of the same statement).
 */
async function writeStatesAndCells(tx: Executor, rows: StateRow[], pairs: readonly Pair[], now: Date, last: Alongside): Promise<void> {
  if (rows.length === 0) {
    await refreshCells(tx, pairs);
    if (last.length) await tx.execute(withItems(last, [], sql`select 1`));
    return;
  }
  const upsert = statesUpsert(rows, now);
  if (pairs.length === 0) {
    await tx.execute(withItems(last, [["up_states", upsert]], sql`select 1`));
    return;
  }
  const list = sql.join(pairs.map(([p, r]) => sql`(${p}::int, ${r}::varchar)`), sql`, `);
  // Only the cells of these states' key tasks change: a state is summed into its own key task's
  // cell of its (plan, region) alone (a task moved to another key task is a plan-wide write).
  // An array (an InitPlan, evaluated once): as a subquery the planner joined it to every summed
  // state, reading the tasks again for each (a 5,000-row import's 2,000 states: 4 s a statement).
  const tops = sql`array(select distinct coalesce(k.parent_id, k.id) from tasks k where k.id = any(${sql.param([...new Set(rows.map((r) => r.taskId))])}::int[]))`;
  const merged = sql`(
    select ${CELL_SOURCE} from assignment_states s
    where (s.plan_id, s.region_code) in (${list}) and s.assignment_id not in (select assignment_id from up_states)
    union all
    select ${CELL_SOURCE} from up_states)`;
  await tx.execute(
    withItems(
      last,
      [
        ["up_states", sql`${upsert} returning ${CELL_SOURCE}`],
        ["fresh", cellsSelect(sql`(st.plan_id, st.region_code) in (${list}) and coalesce(t.parent_id, t.id) = any(${tops})`, merged)],
        ["up", sql`insert into figure_cells (${CELL_COLUMNS}) select ${CELL_COLUMNS} from fresh on conflict (plan_id, region_code, top_task) do update set ${CELL_UPDATE}`],
      ],
      sql`delete from figure_cells c
        where (c.plan_id, c.region_code) in (${list}) and c.top_task = any(${tops})
          and not exists (select 1 from fresh f where f.plan_id = c.plan_id and f.region_code = c.region_code and f.top_task = c.top_task)`,
    ),
  );
}

/** Moves the counters of these assignments' (plan, region) pairs, in the writers' order, in one statement (with `alongside`); gives the pairs. */
async function bumpPairsOf(tx: Executor, ids: readonly number[], alongside: Alongside): Promise<Pair[]> {
  const result = await tx.execute(
    withItems(
      alongside,
      [],
      sql`
    insert into state_revisions (plan_id, region_code, revision)
    select distinct t.plan_id, a.region_code, 1::bigint
    from assignments a join tasks t on t.id = a.task_id
    where a.id = any(${sql.param([...ids])}::int[])
    order by 1, 2
    on conflict (plan_id, region_code) do update set revision = state_revisions.revision + 1
    returning plan_id, region_code`,
    ),
  );
  return (result as unknown as { rows: { plan_id: number; region_code: string }[] }).rows
    .map((r) => [Number(r.plan_id), r.region_code] as const)
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
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

const COMPARED: (keyof AssignmentState | "planId" | "taskId" | "regionCode" | "startDate" | "dueDate" | "lightOn" | "lightUntil" | "light" | "behindKey")[] = [
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
  "lightOn",
  "lightUntil",
  "light",
  "behindKey",
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
    const kept = new Map((await tx.select().from(assignmentStates).where(inArray(assignmentStates.assignmentId, ids))).map((r) => [r.assignmentId, r]));
    // The light is checked for the day it was kept for.
    const derived = await deriveStates(tx, ids, (id) => kept.get(id)?.lightOn ?? null);
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
 * moved or archived, the plan published or closed) moves the plan's own counter instead, and
 * sums the plan's figure cells again. Call it before any state refresh of the same transaction
 * (or call lockPlanFigures first): see lockPlanFigures.
 */
export async function markPlanChanged(tx: Executor, planId: number): Promise<void> {
  await lockPlanFigures(tx, planId);
  await bumpRevisions(tx, [[planId, ""]]);
  await writePlanCells(tx, planId);
}

/**
 * Locks every revision counter of a plan, in the order writers take them, in one statement: a
 * bureau's write to one of its regions then either ends before the plan's cells are summed or
 * waits for them (and sums its county's cells again after). A transaction that writes across the
 * plan takes this first, so it never holds some counters while waiting for others.
 */
export async function lockPlanFigures(tx: Executor, planId: number): Promise<void> {
  await tx.execute(sql`select 1 from state_revisions where plan_id = ${planId} order by region_code for update`);
}

/**
 * Locks, in one statement and in the writers' order, the revision counters of the (plan, region)
 * pairs of these assignments: for a transaction that refreshes several assignments one at a time
 * (a bulk approval), so that it never holds some counters while waiting for others.
 */
export async function lockStatePairs(tx: Executor, assignmentIds: readonly number[]): Promise<void> {
  if (assignmentIds.length === 0) return;
  const ids = sql.join([...new Set(assignmentIds)].map((id) => sql`${id}::int`), sql`, `);
  await tx.execute(sql`
    select 1 from state_revisions v
    where (v.plan_id, v.region_code) in (select t.plan_id, a.region_code from assignments a join tasks t on t.id = a.task_id where a.id in (${ids}))
    order by v.plan_id, v.region_code for update`);
}

type Pair = readonly [number, string];

/** Moves the counters of these (plan, region) pairs, in one order so that two writers never deadlock; gives them in that order. */
async function bumpRevisions(tx: Executor, pairs: readonly Pair[]): Promise<Pair[]> {
  const unique = [...new Map(pairs.map(([p, r]) => [`${p}|${r}`, [p, r] as const])).values()].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  if (unique.length === 0) return [];
  await tx
    .insert(stateRevisions)
    .values(unique.map(([planId, regionCode]) => ({ planId, regionCode, revision: 1 })))
    .onConflictDoUpdate({ target: [stateRevisions.planId, stateRevisions.regionCode], set: { revision: sql`${stateRevisions.revision} + 1` } });
  return unique;
}

/** Periods a cell's arrays run over: the most a plan's year has (monthly); a quarterly plan's tail stays 0. */
const CELL_PERIODS = 12;

/**
 * The figure cells (schema figure_cells) summed from the kept states that match `where` (over
 * assignment_states st and tasks t): one row per (plan, region, key task). Written once, for the
 * refresh and for db:verify.
 */
function cellsSelect(where: SQL, source: SQL = sql`assignment_states`): SQL {
  const idx = Array.from({ length: CELL_PERIODS }, (_, k) => k + 1);
  const per = (f: (i: number) => string) => sql.raw(idx.map(f).join(", "));
  const cum = (name: string) => sql.raw(`array[${idx.map((i) => idx.slice(0, i).map((j) => `${name}${j}`).join(" + ")).join(", ")}]::int[]`);
  const arr = (name: string) => sql.raw(`array[${idx.map((i) => `${name}${i}`).join(", ")}]::int[]`);
  return sql`
    select plan_id, region_code, top_task, total, completed, progress_sum, completed_on_time, green, yellow, red, light_from, light_until,
      ${arr("s")} as as_of_sum, ${arr("d")} as as_of_done, ${cum("w")} as window_cum, ${cum("o")} as on_time_cum, ${arr("m")} as missing
    from (
      select st.plan_id, st.region_code, coalesce(t.parent_id, t.id) as top_task,
        count(*)::int as total,
        (count(*) filter (where st.completed))::int as completed,
        coalesce(sum(case when st.completed then 100 else coalesce(st.approved_progress, 0) end), 0)::int as progress_sum,
        (count(*) filter (where st.completed_on_time))::int as completed_on_time,
        (count(*) filter (where st.light = 'green'))::int as green,
        (count(*) filter (where st.light = 'yellow'))::int as yellow,
        (count(*) filter (where st.light = 'red'))::int as red,
        case when bool_and(st.light_on is not null) then max(st.light_on) end as light_from,
        case when bool_and(st.light_on is not null) then min(st.light_until) end as light_until,
        ${per((i) => `coalesce(sum(st.as_of[${i}]), 0)::int as s${i}`)},
        ${per((i) => `(count(*) filter (where st.as_of[${i}] = 100))::int as d${i}`)},
        ${per((i) => `(count(*) filter (where ${i} between st.first_index and st.last_index))::int as w${i}`)},
        ${per((i) => `(count(*) filter (where ${i} between st.first_index and st.last_index and (coalesce(st.period_flags[${i}], 0) & ${FLAG_ON_TIME}) <> 0))::int as o${i}`)},
        ${per((i) => `(count(*) filter (where not st.completed and ${i} between st.first_index and st.last_index and (coalesce(st.period_flags[${i}], 0) & ${FLAG_HANDED_IN}) = 0))::int as m${i}`)}
      from ${source} st
      join tasks t on t.id = st.task_id
      where t.archived_at is null and ${where}
      group by st.plan_id, st.region_code, coalesce(t.parent_id, t.id)
    ) g`;
}

const CELL_COLUMNS = sql.raw(
  "plan_id, region_code, top_task, total, completed, progress_sum, completed_on_time, green, yellow, red, light_from, light_until, as_of_sum, as_of_done, window_cum, on_time_cum, missing",
);
const CELL_UPDATE = sql.raw(
  ["total", "completed", "progress_sum", "completed_on_time", "green", "yellow", "red", "light_from", "light_until", "as_of_sum", "as_of_done", "window_cum", "on_time_cum", "missing"]
    .map((c) => `${c} = excluded.${c}`)
    .join(", "),
);

/** Sums again the cells of these (plan, region) pairs from their states, and drops the cells left with none. */
async function refreshCells(tx: Executor, pairs: readonly Pair[]): Promise<void> {
  const regional = pairs.filter(([, r]) => r !== "");
  for (let i = 0; i < regional.length; i += CELL_PAIR_BATCH) {
    const list = sql.join(regional.slice(i, i + CELL_PAIR_BATCH).map(([p, r]) => sql`(${p}::int, ${r}::varchar)`), sql`, `);
    await writeCells(tx, sql`(st.plan_id, st.region_code) in (${list})`, sql`(c.plan_id, c.region_code) in (${list})`);
  }
}

async function writeCells(tx: Executor, statesWhere: SQL, cellsWhere: SQL): Promise<void> {
  await tx.execute(sql`
    with fresh as (${cellsSelect(statesWhere)}),
    up as (
      insert into figure_cells (${CELL_COLUMNS}) select ${CELL_COLUMNS} from fresh
      on conflict (plan_id, region_code, top_task) do update set ${CELL_UPDATE}
    )
    delete from figure_cells c
    where ${cellsWhere} and not exists (select 1 from fresh f where f.plan_id = c.plan_id and f.region_code = c.region_code and f.top_task = c.top_task)`);
}

/** Sums every cell of a plan again (the lights job, db:verify --repair), its counters locked first (lockPlanFigures). */
export async function rebuildPlanCells(tx: Executor, planId: number): Promise<void> {
  await lockPlanFigures(tx, planId);
  await writePlanCells(tx, planId);
}

async function writePlanCells(tx: Executor, planId: number): Promise<void> {
  await writeCells(tx, sql`st.plan_id = ${planId}`, sql`c.plan_id = ${planId}`);
  await tx.delete(figureStale).where(eq(figureStale.planId, planId));
}

export type CellDifference = { planId: number; regionCode: string; topTask: number; field: string; kept: unknown; derived: unknown };

/** Every kept figure cell against the sums of the kept states (plans marked stale are skipped: they are read from the states). */
export async function verifyFigureCells(tx: Executor, opts: { repair?: boolean } = {}): Promise<{ checked: number; differences: CellDifference[] }> {
  const fields = ["total", "completed", "progress_sum", "completed_on_time", "green", "yellow", "red", "light_from", "light_until", "as_of_sum", "as_of_done", "window_cum", "on_time_cum", "missing"];
  const result = await tx.execute(sql`
    with fresh as (${cellsSelect(sql`st.plan_id not in (select plan_id from figure_stale)`)}),
    kept as (select * from figure_cells where plan_id not in (select plan_id from figure_stale))
    select coalesce(f.plan_id, k.plan_id) as plan_id, coalesce(f.region_code, k.region_code) as region_code, coalesce(f.top_task, k.top_task) as top_task,
      to_jsonb(f) as derived, to_jsonb(k) as kept
    from fresh f full join kept k on k.plan_id = f.plan_id and k.region_code = f.region_code and k.top_task = f.top_task`);
  const rows = (result as unknown as { rows: { plan_id: number; region_code: string; top_task: number; derived: Record<string, unknown> | null; kept: Record<string, unknown> | null }[] }).rows;
  const differences: CellDifference[] = [];
  const plansToRepair = new Set<number>();
  for (const r of rows) {
    for (const f of fields) {
      const a = JSON.stringify(r.kept?.[f] ?? null);
      const b = JSON.stringify(r.derived?.[f] ?? null);
      if (a !== b || !r.kept || !r.derived) {
        differences.push({ planId: Number(r.plan_id), regionCode: r.region_code, topTask: Number(r.top_task), field: r.kept ? (r.derived ? f : "(no states)") : "(missing)", kept: r.kept?.[f], derived: r.derived?.[f] });
        plansToRepair.add(Number(r.plan_id));
        if (!r.kept || !r.derived) break;
      }
    }
  }
  if (opts.repair) for (const planId of [...plansToRepair].sort((a, b) => a - b)) await rebuildPlanCells(tx, planId);
  return { checked: rows.length, differences };
}

export type SumDifference = { planId: number; kept: string | null; derived: string | null };

/**
 * Each plan's kept sum of its revision counters (plan_revision_sums, added to at every writing
 * commit: migrations 0017 and 0018) against their sum now; a change noted but never added (a row
 * left in plan_revision_deltas) shows as plan 0. `repair` sets the sums that differ, through the
 * owner's function that takes the audit chain's head first (no commit adds to a sum meanwhile).
 */
export async function verifyRevisionSums(tx: Executor, opts: { repair?: boolean } = {}): Promise<{ checked: number; differences: SumDifference[] }> {
  const result = await tx.execute(sql`
    select coalesce(v.plan_id, s.plan_id) as plan_id, s.total::text as kept, v.total::text as derived
    from (select plan_id, sum(revision) as total from state_revisions group by plan_id) v
    full join plan_revision_sums s on s.plan_id = v.plan_id
    order by 1`);
  const rows = (result as unknown as { rows: { plan_id: number; kept: string | null; derived: string | null }[] }).rows;
  const differences: SumDifference[] = rows
    .filter((r) => (r.kept ?? "0") !== (r.derived ?? "0"))
    .map((r) => ({ planId: Number(r.plan_id), kept: r.kept, derived: r.derived }));
  const [left] = (
    (await tx.execute(sql`select count(*)::text as n from plan_revision_deltas`)) as unknown as { rows: { n: string }[] }
  ).rows;
  if (left && left.n !== "0") differences.push({ planId: 0, kept: `${left.n} changes noted and not added`, derived: "0" });
  if (opts.repair && differences.some((d) => d.planId !== 0)) await tx.execute(sql`select plan_revision_sums_repair()`);
  return { checked: rows.length, differences };
}

/**
 * The morning's lights (the "lights" job, db:verify --repair, bench): every kept light that does
 * not hold today is derived again for today through the write path, a few thousand assignments
 * per transaction, and the cells of plans marked stale are summed again. A complete or overdue
 * assignment's light holds on (light_until null), so past years cost nothing.
 */
export async function refreshDayLights(db: Database, now: Date = new Date()): Promise<{ refreshed: number; rebuilt: number }> {
  const today = shanghaiDate(now);
  const stale = await db.execute(sql`
    select assignment_id from assignment_states
    where light_on is null or light_on > ${today}::date or light_until < ${today}::date
    order by plan_id, region_code, assignment_id`);
  const ids = (stale as unknown as { rows: { assignment_id: number }[] }).rows.map((r) => Number(r.assignment_id));
  // A region's assignments together: each transaction then sums the cells of few (plan, region) pairs.
  for (let i = 0; i < ids.length; i += 2000) {
    const slice = ids.slice(i, i + 2000);
    await db.transaction((tx) => refreshAssignmentStates(tx, slice, now));
  }
  const marked = await db.select({ planId: figureStale.planId }).from(figureStale).orderBy(asc(figureStale.planId));
  for (const { planId } of marked) await db.transaction((tx) => rebuildPlanCells(tx, planId));
  return { refreshed: ids.length, rebuilt: marked.length };
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
