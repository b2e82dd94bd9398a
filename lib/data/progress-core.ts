import "server-only";
import { inArray, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db";
import { plans } from "@/db/schema";
import type { IsoDate } from "@/lib/domain/dates";
import { periodRange, periodsOfYear, type Cadence } from "@/lib/domain/periods";
import type { Light } from "@/lib/domain/progress";
import { behindTenthsOfKey, COUNTING_PLAN_STATES, FLAG_HANDED_IN, FLAG_ON_TIME, lastClosedIndex, lastDueIndex, lastStartedIndex } from "@/lib/domain/reporting";

/**
 * The reporting rules of lib/domain/reporting spelled once for SQL aggregates over
 * assignment_states (alias `s`), and the year figures every roll-up reads: one pass over one
 * year's kept states, grouped by region (league-city, or a league-city's counties) and key task.
 */

/** Only published and closed plans count (never drafts). */
export function countingPlans(): SQL {
  return inArray(plans.state, [...COUNTING_PLAN_STATES]);
}

/** `array[sum(as_of[1]), count(as_of[1] = 100), …]` for the first n periods: the curve in one pass. */
export function asOfSums(n: number): SQL<number[]> {
  const parts = Array.from({ length: n }, (_, i) => sql.raw(`coalesce(sum(assignment_states.as_of[${i + 1}]), 0)::int, (count(*) filter (where assignment_states.as_of[${i + 1}] = 100))::int`));
  return sql<number[]>`array[${sql.join(parts, sql`, `)}]::int[]`;
}

export function readAsOfSums(arr: unknown, n: number): { completed: number[]; progressSum: number[] } {
  const values = parseIntArray(arr);
  const completed: number[] = [];
  const progressSum: number[] = [];
  for (let i = 0; i < n; i++) {
    progressSum.push(values[2 * i] ?? 0);
    completed.push(values[2 * i + 1] ?? 0);
  }
  return { completed, progressSum };
}

function parseIntArray(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === "string") return v.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
  return [];
}

/**
 * Expected progress today in tenths of a point (lib/domain/progress expectedProgress × 10), over
 * s.start_date → s.due_date, in integer arithmetic: round half up of (t − s) × 1000 / (d − s),
 * exactly as the domain's one division and Math.round give it.
 */
export function expectedTenthsSql(today: IsoDate): SQL {
  return sql`(case when ${today}::date >= s.due_date then 1000 when ${today}::date <= s.start_date then 0
    else ((${today}::date - s.start_date) * 2000 + (s.due_date - s.start_date)) / (2 * (s.due_date - s.start_date)) end)`;
}

/** lastPeriodMissing of lib/domain/reporting; `s.closed_idx` is the plan's last closed period today. */
function missingSql(): SQL {
  return sql.raw(`(not s.completed and s.first_index is not null and least(s.closed_idx, s.last_index) >= s.first_index
    and (coalesce(s.period_flags[least(s.closed_idx, s.last_index)], 0) & ${FLAG_HANDED_IN}) = 0)`);
}

/** statusLight of lib/domain/progress, as SQL over a state row with its plan's thresholds (s.g, s.y). */
export function lightSql(today: IsoDate): SQL {
  const behindTenths = sql`(${expectedTenthsSql(today)} - 10 * coalesce(s.approved_progress, 0))`;
  return sql`(case when s.completed then 'green'
    when ${today}::date > s.due_date then 'red'
    when ${behindTenths} > 10 * s.y then 'red'
    when ${behindTenths} > 10 * s.g or ${missingSql()} then 'yellow'
    else 'green' end)`;
}

/**
 * Periods of a monthly plan's year: the punctuality terms run over each plan's own periods, which
 * may be more than the year's first plan's (a monthly plan beside a quarterly one).
 */
const MAX_PERIODS = 12;

/** Reports handed in by their due day over the window's periods due by today (punctuality of lib/domain/reporting). */
function onTimeSql(n: number): SQL {
  if (n === 0) return sql`0`;
  const terms = Array.from({ length: n }, (_, i) =>
    `(case when ${i + 1} between s.first_index and least(s.last_index, s.due_idx) and (coalesce(s.period_flags[${i + 1}], 0) & ${FLAG_ON_TIME}) <> 0 then 1 else 0 end)`,
  );
  return sql.raw(`(${terms.join(" + ")})`);
}

function dueCountSql(): SQL {
  return sql.raw(`(case when s.first_index is null then 0 else greatest(0, least(s.last_index, s.due_idx) - s.first_index + 1) end)`);
}

/** The league-city a region rolls up to (itself for a league-city), over the regions row aliased `alias`. */
export function leagueOfSql(alias: string): SQL {
  return sql.raw(`(case when ${alias}.level = 'banner_county' then ${alias}.parent_code else ${alias}.code end)`);
}

export type PlanOfYear = { id: number; year: number; cadence: Cadence; dueDay: number; graceDays: number; state: "draft" | "published" | "closed" };

export type RegionScope =
  /** Province view: one row per league-city, its counties rolled up through parent_code. */
  | { kind: "province" }
  /** A league-city: its own assignments and one row per county below it. */
  | { kind: "league"; code: string }
  | { kind: "region"; code: string };

export type FigureGroup = {
  region: string | null;
  topTask: number | null;
  total: number;
  completed: number;
  progressSum: number;
  completedOnTime: number;
  green: number;
  yellow: number;
  red: number;
  reportsDue: number;
  reportsOnTime: number;
  missingNow: number;
  /** As of each period that has begun: completed and progress sums. */
  curve: { completed: number[]; progressSum: number[] };
};

export type YearFigures = {
  year: number;
  cadence: Cadence;
  /** Periods of the year begun today (the curve's length) and the current period's index (0: none). */
  periods: number;
  currentIndex: number;
  /** Last closed period's index (the ranking's "now") and the one before. */
  closedIndex: number;
  total: FigureGroup | null;
  byRegion: FigureGroup[];
  byTask: FigureGroup[];
  byRegionTask: FigureGroup[];
  /** The worst assignments that are not green (up to the query's behindLimit). */
  behind: BehindItem[];
  /** Where the figures were read: the kept cells and lights, or a pass over the kept states (some partitions may come from each when remembered). */
  source: "cells" | "states";
};

type FigureQuery = { year: number; plans: PlanOfYear[]; taskId?: number; scope: RegionScope; today: IsoDate; behindLimit?: number };

function groupRegionSql(scope: RegionScope): SQL {
  return scope.kind === "province" ? leagueOfSql("rg") : sql`rg.code`;
}

function scopeWhere(scope: RegionScope): SQL {
  if (scope.kind === "province") return sql`true`;
  if (scope.kind === "league") return sql`(rg.code = ${scope.code} or rg.parent_code = ${scope.code})`;
  return sql`rg.code = ${scope.code}`;
}

/** What one year's figures are computed against: the counting plans, today's period indices, the curve's SQL. */
type YearContext = {
  counting: PlanOfYear[];
  cadence: Cadence;
  periods: number;
  currentIndex: number;
  closedIndex: number;
  pp: SQL;
  taskWhere: SQL;
};

function yearContext(q: FigureQuery): YearContext {
  const counting = q.plans.filter((p) => (COUNTING_PLAN_STATES as readonly string[]).includes(p.state));
  const cadence: Cadence = counting[0]?.cadence ?? "monthly";
  const periods = periodsOfYear(q.year, cadence).filter((p) => periodRange(p).start <= q.today).length;
  const started = lastStartedIndex(q.year, cadence, q.today);
  const currentIndex = Number(q.today.slice(0, 4)) === q.year ? started : 0;
  const closedIndex = counting[0] ? lastClosedIndex(q.year, cadence, q.today, counting[0].dueDay, counting[0].graceDays) : 0;
  const pp = sql.join(
    counting.map(
      (p) =>
        sql`(${p.id}::int, ${lastClosedIndex(p.year, p.cadence, q.today, p.dueDay, p.graceDays)}::int, ${lastDueIndex(p.year, p.cadence, q.today, p.dueDay)}::int, ${p.state === "published"}::boolean, ${currentIndex > 0 ? lastStartedIndex(p.year, p.cadence, q.today) : 0}::int, ${p.cadence === "monthly"}::boolean)`,
    ),
    sql`, `,
  );
  const taskWhere = q.taskId ? sql`(t.id = ${q.taskId} or t.parent_id = ${q.taskId})` : sql`true`;
  return { counting, cadence, periods, currentIndex, closedIndex, pp, taskWhere };
}

/** Restricts a pass to some league-cities' partitions (null: all). */
function partsWhere(parts: string[] | null): SQL {
  return parts === null ? sql`true` : sql`${leagueOfSql("rg")} in (${sql.join(parts.length ? parts.map((p) => sql`${p}`) : [sql`null`], sql`, `)})`;
}

type Cell = FigureGroup & { part: string };

/**
 * The (region, key task) cells of the year in one pass over its kept states, for the given
 * league-city partitions. A cell never spans two partitions: a league-city's counties roll up to it.
 */
async function computeCells(db: Database, ctx: YearContext, q: FigureQuery, parts: string[] | null): Promise<Cell[]> {
  const { counting, cadence, periods } = ctx;
  // Each plan's own period that a point of the year's curve stands for (a year may mix monthly and quarterly plans).
  const mixed = counting.some((p) => p.cadence !== cadence);
  const ownIndex = (i: number) =>
    !mixed ? String(i) : cadence === "monthly" ? `(case when s.monthly then ${i} else ${Math.ceil(i / 3)} end)` : `(case when s.monthly then ${i * 3} else ${i} end)`;
  const curve = Array.from({ length: periods }, (_, k) => {
    const at = `s.as_of[${ownIndex(k + 1)}]`;
    return `coalesce(sum(${at}), 0)::int, (count(*) filter (where ${at} = 100))::int`;
  });
  const curveSql = periods > 0 ? sql.raw(`array[${curve.join(", ")}]::int[]`) : sql`array[]::int[]`;
  // Not handed in for each plan's own current period.
  const missingNow = sql.raw(
    `(count(*) filter (where s.published and not s.completed and s.cur_idx > 0 and s.cur_idx between s.first_index and s.last_index and (coalesce(s.period_flags[s.cur_idx], 0) & ${FLAG_HANDED_IN}) = 0))::int`,
  );

  // Only the columns the figures need travel through the join: the scan stays narrow.
  const cells = await db.execute(sql`
    with pp(plan_id, closed_idx, due_idx, published, cur_idx, monthly) as (values ${ctx.pp}),
    s as (
      select st.start_date, st.due_date, st.approved_progress, st.completed, st.completed_on_time,
        st.first_index, st.last_index, st.as_of, st.period_flags,
        coalesce(t.parent_id, t.id) as top_task, ${groupRegionSql(q.scope)} as grp, ${leagueOfSql("rg")} as part,
        p.green_max_behind as g, p.yellow_max_behind as y, pp.closed_idx, pp.due_idx, pp.published, pp.cur_idx, pp.monthly
      from assignment_states st
      join pp on pp.plan_id = st.plan_id
      join plans p on p.id = st.plan_id
      join tasks t on t.id = st.task_id
      join regions rg on rg.code = st.region_code
      where t.archived_at is null and ${ctx.taskWhere} and ${scopeWhere(q.scope)} and ${partsWhere(parts)}
    ),
    l as (select s.*, ${lightSql(q.today)} as light, ${onTimeSql(MAX_PERIODS)} as on_time_n, ${dueCountSql()} as due_n from s)
    select s.part, s.grp as region, s.top_task,
      count(*)::int as total,
      (count(*) filter (where s.completed))::int as completed,
      coalesce(sum(case when s.completed then 100 else coalesce(s.approved_progress, 0) end), 0)::int as progress_sum,
      (count(*) filter (where s.completed_on_time))::int as completed_on_time,
      (count(*) filter (where s.light = 'green'))::int as green,
      (count(*) filter (where s.light = 'yellow'))::int as yellow,
      (count(*) filter (where s.light = 'red'))::int as red,
      coalesce(sum(s.due_n), 0)::int as reports_due,
      coalesce(sum(s.on_time_n), 0)::int as reports_on_time,
      ${missingNow} as missing_now,
      ${curveSql} as curve
    from l s
    group by s.part, s.grp, s.top_task`);
  return (cells as unknown as { rows: CellRowSql[] }).rows.map((r) => cellOf(r, periods));
}

type CellRowSql = {
  part: string; region: string; top_task: number; total: number; completed: number; progress_sum: number;
  completed_on_time: number; green: number; yellow: number; red: number; reports_due: number; reports_on_time: number; missing_now: number; curve: unknown;
};

function cellOf(r: CellRowSql, periods: number): Cell {
  return {
    part: r.part,
    region: r.region,
    topTask: Number(r.top_task),
    total: Number(r.total),
    completed: Number(r.completed),
    progressSum: Number(r.progress_sum),
    completedOnTime: Number(r.completed_on_time),
    green: Number(r.green),
    yellow: Number(r.yellow),
    red: Number(r.red),
    reportsDue: Number(r.reports_due),
    reportsOnTime: Number(r.reports_on_time),
    missingNow: Number(r.missing_now),
    curve: readAsOfSums(r.curve, periods),
  };
}

/** The year's figures from its cells (every figure is a count or a sum) and its behind list. */
function assembleYearFigures(q: FigureQuery, ctx: YearContext, cells: Cell[], behind: BehindItem[], source: YearFigures["source"] = "states"): YearFigures {
  const empty: YearFigures = { year: q.year, cadence: ctx.cadence, periods: ctx.periods, currentIndex: ctx.currentIndex, closedIndex: ctx.closedIndex, total: null, byRegion: [], byTask: [], byRegionTask: [], behind: [], source };
  if (ctx.counting.length === 0) return empty;
  const byRegionTask = cells.map(({ part: _part, ...g }): FigureGroup => g);
  const sumBy = (key: (g: FigureGroup) => string) => {
    const out = new Map<string, FigureGroup>();
    for (const g of byRegionTask) {
      const k = key(g);
      out.set(k, addGroups(out.get(k), g));
    }
    return out;
  };
  const byRegion = [...sumBy((g) => g.region!).entries()].map(([region, g]) => ({ ...g, region, topTask: null }));
  const byTask = [...sumBy((g) => String(g.topTask)).values()].map((g) => ({ ...g, region: null }));
  const totalGroup = byRegionTask.length ? { ...[...sumBy(() => "all").values()][0]!, region: null, topTask: null } : null;
  return { ...empty, total: totalGroup, byRegion, byTask, byRegionTask, behind: q.behindLimit ? mergeBehind(behind, q.behindLimit) : [] };
}

/** The year's figures, every partition: from the kept cells when they hold for today, else in one pass over the kept states. */
async function computeYearFigures(db: Database, q: FigureQuery, opts: FigureOptions): Promise<YearFigures> {
  const ctx = yearContext(q);
  if (ctx.counting.length === 0) return assembleYearFigures(q, ctx, [], []);
  const { cells, behind, source } = await figuresOf(db, ctx, q, null, opts);
  return assembleYearFigures(q, ctx, cells, behind, source);
}

export type FigureOptions = {
  useCache?: boolean;
  /** false: always sum the states (the cells' reference, in tests and the bench). */
  useCells?: boolean;
};

/**
 * Some partitions' cells, and a behind list: from figure_cells and the kept lights when every one
 * read holds today (the behind list is then the whole scope's first, whatever the partitions), else
 * from the states (each of these partitions' own first).
 */
async function figuresOf(
  db: Database,
  ctx: YearContext,
  q: FigureQuery,
  parts: string[] | null,
  opts: FigureOptions,
): Promise<{ cells: Cell[]; behind: (BehindItem & { part: string })[]; source: YearFigures["source"] }> {
  const kept = opts.useCells === false ? null : await keptFigures(db, ctx, q, parts);
  if (kept) return { ...kept, source: "cells" };
  const [cells, behind] = await Promise.all([computeCells(db, ctx, q, parts), listBehind(db, ctx, q, parts)]);
  return { cells, behind, source: "states" };
}

/**
 * The (region, key task) cells from the kept figure cells (db/derived-state): the date-free sums
 * as kept, each plan's punctuality and missing counts read at its own due and current period,
 * the lights as kept for the days they hold; and the behind list from the kept lights' order key.
 * Null when that cannot answer: a plan whose cells are not known whole, a cell whose lights do not
 * hold today, or a task filter below a key task.
 */
async function keptFigures(db: Database, ctx: YearContext, q: FigureQuery, parts: string[] | null): Promise<{ cells: Cell[]; behind: (BehindItem & { part: string })[] } | null> {
  const { counting, cadence, periods } = ctx;
  const planIds = sql.join(counting.map((p) => sql`${p.id}::int`), sql`, `);
  const [stalePlans, topTask] = await Promise.all([
    db.execute(sql`select count(*)::int as n from figure_stale where plan_id in (${planIds})`),
    q.taskId ? db.execute(sql`select parent_id from tasks where id = ${q.taskId}`) : Promise.resolve(null),
  ]);
  if (Number((stalePlans as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0) > 0) return null;
  if (topTask && (topTask as unknown as { rows: { parent_id: number | null }[] }).rows[0]?.parent_id != null) return null;
  const mixed = counting.some((p) => p.cadence !== cadence);
  const ownIndex = (i: number) =>
    !mixed ? String(i) : cadence === "monthly" ? `(case when c.monthly then ${i} else ${Math.ceil(i / 3)} end)` : `(case when c.monthly then ${i * 3} else ${i} end)`;
  const curve = Array.from({ length: periods }, (_, k) => `coalesce(sum(c.as_of_sum[${ownIndex(k + 1)}]), 0)::int, coalesce(sum(c.as_of_done[${ownIndex(k + 1)}]), 0)::int`);
  const curveSql = periods > 0 ? sql.raw(`array[${curve.join(", ")}]::int[]`) : sql`array[]::int[]`;
  const taskWhere = q.taskId ? sql`c.top_task = ${q.taskId}` : sql`true`;
  const today = q.today;
  const [cellRows, behind, staleElsewhere] = await Promise.all([
    db.execute(sql`
      with pp(plan_id, closed_idx, due_idx, published, cur_idx, monthly) as (values ${ctx.pp}),
      c as (
        select c.*, ${groupRegionSql(q.scope)} as grp, ${leagueOfSql("rg")} as part, pp.due_idx, pp.published, pp.cur_idx, pp.monthly
        from figure_cells c
        join pp on pp.plan_id = c.plan_id
        join regions rg on rg.code = c.region_code
        where ${taskWhere} and ${scopeWhere(q.scope)} and ${partsWhere(parts)}
      )
      select c.part, c.grp as region, c.top_task,
        sum(c.total)::int as total, sum(c.completed)::int as completed, sum(c.progress_sum)::int as progress_sum,
        sum(c.completed_on_time)::int as completed_on_time, sum(c.green)::int as green, sum(c.yellow)::int as yellow, sum(c.red)::int as red,
        coalesce(sum(case when c.due_idx > 0 then c.window_cum[c.due_idx] else 0 end), 0)::int as reports_due,
        coalesce(sum(case when c.due_idx > 0 then c.on_time_cum[c.due_idx] else 0 end), 0)::int as reports_on_time,
        coalesce(sum(case when c.published and c.cur_idx > 0 then c.missing[c.cur_idx] else 0 end), 0)::int as missing_now,
        ${curveSql} as curve,
        (count(*) filter (where c.light_from is null or c.light_from > ${today}::date or c.light_until < ${today}::date))::int as stale
      from c
      group by c.part, c.grp, c.top_task`),
    q.behindLimit ? keptBehind(db, ctx, q, q.behindLimit) : Promise.resolve([]),
    // The behind list is the whole scope's: with only some partitions' cells read, the others' lights must hold today too.
    q.behindLimit && parts !== null
      ? db.execute(sql`
          select count(*)::int as n from figure_cells c join regions rg on rg.code = c.region_code
          where c.plan_id in (${planIds}) and ${taskWhere} and ${scopeWhere(q.scope)}
            and (c.light_from is null or c.light_from > ${today}::date or c.light_until < ${today}::date)`)
      : Promise.resolve(null),
  ]);
  type Row = CellRowSql & { stale: number };
  const rows = (cellRows as unknown as { rows: Row[] }).rows;
  if (rows.some((r) => Number(r.stale) > 0)) return null;
  if (staleElsewhere && Number((staleElsewhere as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0) > 0) return null;
  return { cells: rows.map((r) => cellOf(r, periods)), behind };
}

/**
 * The first `limit` of the whole behind list (every partition of the scope) from the kept lights:
 * a walk down the kept order key's index per plan, merged — never a sort of the year's states.
 */
async function keptBehind(db: Database, ctx: YearContext, q: FigureQuery, limit: number): Promise<(BehindItem & { part: string })[]> {
  const taskWhere = q.taskId ? sql`(t.id = ${q.taskId} or t.parent_id = ${q.taskId})` : sql`true`;
  const planList = sql.join(ctx.counting.map((p) => sql`(${p.id}::int)`), sql`, `);
  const result = await db.execute(sql`
    with pl(plan_id) as (values ${planList}),
    cand as (
      select x.* from pl cross join lateral (
        select st.assignment_id, st.region_code, st.task_id, st.due_date, st.approved_progress, st.light, st.behind_key, ${leagueOfSql("rg")} as part
        from assignment_states st
        join tasks t on t.id = st.task_id
        join regions rg on rg.code = st.region_code
        where st.plan_id = pl.plan_id and st.behind_key is not null and t.archived_at is null and ${taskWhere} and ${scopeWhere(q.scope)}
        order by st.behind_key desc nulls last, st.assignment_id
        limit ${limit}) x
      order by x.behind_key desc, x.assignment_id
      limit ${limit})
    select r.part, r.assignment_id, r.region_code, rg.name_zh, rg.name_en, r.task_id, t.number as task_number, t.title as task_title,
      r.due_date::text as due_date, r.approved_progress, r.light, r.behind_key
    from cand r join tasks t on t.id = r.task_id join regions rg on rg.code = r.region_code`);
  type Row = Omit<BehindRowSql, "expected10" | "overdue" | "total"> & { behind_key: number };
  return (result as unknown as { rows: Row[] }).rows.map((r) => {
    const key = Number(r.behind_key);
    const behind10 = behindTenthsOfKey(key);
    return behindItem({ ...r, expected10: behind10 + 10 * Number(r.approved_progress ?? 0), overdue: key >= 20000, total: 0 });
  });
}

function addGroups(a: FigureGroup | undefined, b: FigureGroup): FigureGroup {
  if (!a) return { ...b, curve: { completed: [...b.curve.completed], progressSum: [...b.curve.progressSum] } };
  return {
    region: a.region,
    topTask: a.topTask,
    total: a.total + b.total,
    completed: a.completed + b.completed,
    progressSum: a.progressSum + b.progressSum,
    completedOnTime: a.completedOnTime + b.completedOnTime,
    green: a.green + b.green,
    yellow: a.yellow + b.yellow,
    red: a.red + b.red,
    reportsDue: a.reportsDue + b.reportsDue,
    reportsOnTime: a.reportsOnTime + b.reportsOnTime,
    missingNow: a.missingNow + b.missingNow,
    curve: { completed: a.curve.completed.map((x, i) => x + (b.curve.completed[i] ?? 0)), progressSum: a.curve.progressSum.map((x, i) => x + (b.curve.progressSum[i] ?? 0)) },
  };
}

export type BehindItem = {
  assignmentId: number;
  regionCode: string;
  regionName: string;
  regionNameEn: string;
  taskId: number;
  taskNumber: string;
  taskTitle: string;
  dueDate: string;
  progress: number | null;
  expected: number;
  behind: number;
  overdue: boolean;
  light: Light;
};

/** The order of the behind list: overdue first, then red, then furthest behind (the SQL below sorts alike). */
function compareBehind(a: BehindItem, b: BehindItem): number {
  return Number(b.overdue) - Number(a.overdue) || Number(b.light === "red") - Number(a.light === "red") || b.behind - a.behind || a.assignmentId - b.assignmentId;
}

/** The first `limit` of partitions' behind lists: each holds its own first `limit`, so the union holds the whole list's. */
function mergeBehind(items: BehindItem[], limit: number): BehindItem[] {
  return [...items].sort(compareBehind).slice(0, limit);
}

/** The assignments that are not green, overdue first, then red, then furthest behind: at most `limit` per league-city partition. */
async function listBehind(db: Database, ctx: YearContext, q: FigureQuery, parts: string[] | null): Promise<(BehindItem & { part: string })[]> {
  const limit = q.behindLimit ?? 0;
  if (ctx.counting.length === 0 || limit === 0) return [];
  return (await queryBehind(db, ctx, q, parts, { perPart: limit })).map(behindItem);
}

/**
 * One page of the whole behind list of a year (same rule and order as the dashboard's top of it),
 * and how many there are in all: for "查看全部". Bounded: at most `limit` rows are read.
 */
export async function getBehindPage(db: Database, q: Omit<FigureQuery, "behindLimit">, page: { offset: number; limit: number }): Promise<{ items: BehindItem[]; total: number }> {
  const ctx = yearContext(q);
  if (ctx.counting.length === 0) return { items: [], total: 0 };
  const rows = await queryBehind(db, ctx, q, null, { page });
  return { items: rows.map(behindItem), total: rows.length ? Number(rows[0]!.total) : 0 };
}

type BehindRowSql = { part: string; assignment_id: number; region_code: string; name_zh: string; name_en: string; task_id: number; task_number: string; task_title: string; due_date: string; approved_progress: number | null; expected10: number; overdue: boolean; light: Light; total: number };

async function queryBehind(db: Database, ctx: YearContext, q: FigureQuery, parts: string[] | null, take: { perPart: number } | { page: { offset: number; limit: number } }): Promise<BehindRowSql[]> {
  const today = q.today;
  const order = sql`(${today}::date > due_date) desc, (light = 'red') desc, expected10 - 10 * coalesce(approved_progress, 0) desc, assignment_id`;
  const top =
    "perPart" in take
      ? sql`top as (select ranked.*, 0 as total from ranked where n <= ${take.perPart})`
      : sql`top as (select l.*, count(*) over () as total from l where light <> 'green' order by ${order} limit ${take.page.limit} offset ${take.page.offset})`;
  const result = await db.execute(sql`
    with pp(plan_id, closed_idx, due_idx, published, cur_idx, monthly) as (values ${ctx.pp}),
    s as (
      select st.assignment_id, st.region_code, st.task_id, st.start_date, st.due_date, st.approved_progress, st.completed,
        st.first_index, st.last_index, st.period_flags, p.green_max_behind as g, p.yellow_max_behind as y, pp.closed_idx,
        ${leagueOfSql("rg")} as part
      from assignment_states st
      join pp on pp.plan_id = st.plan_id
      join plans p on p.id = st.plan_id
      join tasks t on t.id = st.task_id
      join regions rg on rg.code = st.region_code
      where t.archived_at is null and ${ctx.taskWhere} and ${scopeWhere(q.scope)} and ${partsWhere(parts)} and not st.completed
    ),
    l as (select s.*, ${lightSql(today)} as light, ${expectedTenthsSql(today)} as expected10 from s),
    ranked as (select l.*, row_number() over (partition by part order by ${order}) as n from l where light <> 'green'),
    ${top}
    select top.part, top.assignment_id, top.region_code, rg.name_zh, rg.name_en, top.task_id, t.number as task_number, t.title as task_title,
      top.due_date::text as due_date, top.approved_progress, top.expected10, (${today}::date > top.due_date) as overdue, top.light, top.total
    from top join tasks t on t.id = top.task_id join regions rg on rg.code = top.region_code
    order by (${today}::date > top.due_date) desc, (top.light = 'red') desc, top.expected10 - 10 * coalesce(top.approved_progress, 0) desc, top.assignment_id`);
  return (result as unknown as { rows: BehindRowSql[] }).rows;
}

function behindItem(r: BehindRowSql): BehindItem & { part: string } {
    const expected = Number(r.expected10) / 10;
    return {
      part: r.part,
      assignmentId: Number(r.assignment_id),
      regionCode: r.region_code,
      regionName: r.name_zh,
      regionNameEn: r.name_en,
      taskId: Number(r.task_id),
      taskNumber: r.task_number,
      taskTitle: r.task_title,
      dueDate: r.due_date,
      progress: r.approved_progress === null ? null : Number(r.approved_progress),
      expected,
      behind: (Number(r.expected10) - 10 * Number(r.approved_progress ?? 0)) / 10,
      overdue: Boolean(r.overdue),
      light: r.light,
    };
}

/**
 * A year's figures, remembered per process per league-city partition against stamps the write
 * path moves in its own transaction (db/derived-state): each (plan, region)'s revision counter,
 * summed per league-city, and — for everything else — the plans' states, their plan-level
 * counters and the region tree's newest change. A report approved in one county recomputes only
 * its league-city's partition; a remembered answer is never stale, on one server or many.
 */
type CacheEntry = {
  global: string;
  stamps: Map<string, string>;
  cells: Map<string, Cell[]>;
  /** Per partition: its own first `behindLimit` (from the states), or its share of the whole list's first (from the kept lights). */
  behind: Map<string, (BehindItem & { part: string })[]>;
  behindPerPart: boolean;
  source: YearFigures["source"];
};
const cache = new Map<string, CacheEntry>();
const CACHE_LIMIT = 200;

/** The stamps a year's figures are valid under (see the cache above); also the year-against-year snapshots' (lib/data/dashboard). */
export async function yearStamps(db: Database, year: number): Promise<{ global: string; stamps: Map<string, string> }> {
  const [planRows, partRows] = await Promise.all([
    db.execute(sql`
      select p.id, p.state,
        (select coalesce(sum(v.revision), 0)::text from state_revisions v where v.plan_id = p.id and v.region_code = '') as revision,
        (select count(*)::text || max(r.updated_at)::text from regions r) as regions_at
      from plans p where p.year = ${year} order by p.id`),
    db.execute(sql`
      select coalesce(${leagueOfSql("rg")}, '?' || v.region_code) as part, sum(v.revision)::text as revision
      from state_revisions v join plans p on p.id = v.plan_id and p.year = ${year}
      left join regions rg on rg.code = v.region_code
      where v.region_code <> ''
      group by 1`),
  ]);
  const stamps = new Map<string, string>();
  for (const r of (partRows as unknown as { rows: { part: string; revision: string }[] }).rows) stamps.set(r.part, String(r.revision));
  return { global: JSON.stringify((planRows as unknown as { rows: unknown[] }).rows), stamps };
}

/**
 * A stamp per year for the year-against-year snapshots (lib/data/dashboard): its plans with their
 * states and the sums of their revision counters (plan_revision_sums, added to at each writing
 * commit; counters only grow, so any write to the year changes a sum), and the region tree's
 * newest change. One query of one row per plan, whatever the number of counties.
 */
export async function yearsStamps(db: Database, years: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (years.length === 0) return out;
  const list = sql.join(years.map((y) => sql`${y}`), sql`, `);
  const result = await db.execute(sql`
    select p.year, p.id, p.state, coalesce(s.total, 0)::text as total,
      (select count(*)::text || max(r.updated_at)::text from regions r) as regions_at
    from plans p left join plan_revision_sums s on s.plan_id = p.id
    where p.year in (${list}) order by p.year, p.id`);
  const plansOf = new Map<number, unknown[]>();
  let regionsAt: string | null = null;
  for (const r of (result as unknown as { rows: { year: number; id: number; state: string; total: string; regions_at: string }[] }).rows) {
    regionsAt = r.regions_at;
    const list = plansOf.get(Number(r.year)) ?? [];
    list.push([Number(r.id), r.state, r.total]);
    plansOf.set(Number(r.year), list);
  }
  for (const y of years) out.set(y, JSON.stringify([plansOf.get(y) ?? [], regionsAt]));
  return out;
}

export async function getYearFigures(db: Database, q: FigureQuery, opts: FigureOptions = {}): Promise<YearFigures> {
  if (opts.useCache === false) return computeYearFigures(db, q, opts);
  const key = JSON.stringify([q.year, q.plans.map((p) => p.id), q.taskId ?? null, q.scope, q.today, q.behindLimit ?? 0]);
  // The stamps are read before the figures: a write in between makes the next read recompute.
  const { global, stamps } = await yearStamps(db, q.year);
  const ctx = yearContext(q);
  const hit = cache.get(key);
  let entry: CacheEntry;
  if (!hit || hit.global !== global || ctx.counting.length === 0) {
    const { cells, behind, source } = ctx.counting.length === 0 ? { cells: [], behind: [], source: "states" as const } : await figuresOf(db, ctx, q, null, opts);
    entry = { global, stamps, cells: groupByPart(cells), behind: groupByPart(behind), behindPerPart: source === "states", source };
  } else {
    const changed = [...new Set([...stamps.keys(), ...hit.stamps.keys()])].filter((part) => stamps.get(part) !== hit.stamps.get(part));
    if (changed.length === 0) return assembleYearFigures(q, ctx, [...hit.cells.values()].flat(), [...hit.behind.values()].flat(), hit.source);
    const { cells, behind, source } = await figuresOf(db, ctx, q, changed, opts);
    const fresh = groupByPart(cells);
    entry = { global, stamps, cells: new Map(hit.cells), behind: new Map(hit.behind), behindPerPart: hit.behindPerPart, source: source === hit.source ? source : "states" };
    for (const part of changed) entry.cells.set(part, fresh.get(part) ?? []);
    if (source === "cells") {
      // The kept lights give the whole list's first at once: it replaces every partition's share.
      entry.behind = groupByPart(behind);
      entry.behindPerPart = false;
    } else if (hit.behindPerPart) {
      const own = groupByPart(behind);
      for (const part of changed) entry.behind.set(part, own.get(part) ?? []);
    } else {
      // Shares of a whole list cannot be mended one partition at a time: every partition's own first, from the states.
      entry.behind = groupByPart(await listBehind(db, ctx, q, null));
      entry.behindPerPart = true;
    }
  }
  if (cache.size >= CACHE_LIMIT && !cache.has(key)) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
  return assembleYearFigures(q, ctx, [...entry.cells.values()].flat(), [...entry.behind.values()].flat(), entry.source);
}

function groupByPart<T extends { part: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.part);
    if (list) list.push(item);
    else out.set(item.part, [item]);
  }
  return out;
}

export type { Light };
