import "server-only";
import { inArray, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db";
import { plans } from "@/db/schema";
import type { IsoDate } from "@/lib/domain/dates";
import { periodRange, periodsOfYear, type Cadence } from "@/lib/domain/periods";
import type { Light } from "@/lib/domain/progress";
import { COUNTING_PLAN_STATES, FLAG_HANDED_IN, FLAG_ON_TIME, lastClosedIndex, lastDueIndex, lastStartedIndex } from "@/lib/domain/reporting";

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

/** Expected progress today (lib/domain/progress expectedProgress), over s.start_date → s.due_date. */
function expectedSql(today: IsoDate): SQL {
  return sql`(case when ${today}::date >= s.due_date then 100 when ${today}::date <= s.start_date then 0
    else round(((${today}::date - s.start_date) * 1000)::numeric / (s.due_date - s.start_date)) / 10 end)`;
}

/** lastPeriodMissing of lib/domain/reporting; `s.closed_idx` is the plan's last closed period today. */
function missingSql(): SQL {
  return sql.raw(`(not s.completed and s.first_index is not null and least(s.closed_idx, s.last_index) >= s.first_index
    and (coalesce(s.period_flags[least(s.closed_idx, s.last_index)], 0) & ${FLAG_HANDED_IN}) = 0)`);
}

/** statusLight of lib/domain/progress, as SQL over a state row with its plan's thresholds (s.g, s.y). */
export function lightSql(today: IsoDate): SQL {
  const behind = sql`(${expectedSql(today)} - coalesce(s.approved_progress, 0))`;
  return sql`(case when s.completed then 'green'
    when ${today}::date > s.due_date then 'red'
    when ${behind} > s.y then 'red'
    when ${behind} > s.g or ${missingSql()} then 'yellow'
    else 'green' end)`;
}

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
};

type FigureQuery = { year: number; plans: PlanOfYear[]; taskId?: number; scope: RegionScope; today: IsoDate };

function groupRegionSql(scope: RegionScope): SQL {
  return scope.kind === "province" ? sql`(case when rg.level = 'banner_county' then rg.parent_code else rg.code end)` : sql`rg.code`;
}

function scopeWhere(scope: RegionScope): SQL {
  if (scope.kind === "province") return sql`true`;
  if (scope.kind === "league") return sql`(rg.code = ${scope.code} or rg.parent_code = ${scope.code})`;
  return sql`rg.code = ${scope.code}`;
}

/** The year's figures in one pass over its kept states (GROUPING SETS by region, key task, both, total). */
async function computeYearFigures(db: Database, q: FigureQuery): Promise<YearFigures> {
  const counting = q.plans.filter((p) => (COUNTING_PLAN_STATES as readonly string[]).includes(p.state));
  const cadence: Cadence = counting[0]?.cadence ?? "monthly";
  const periods = periodsOfYear(q.year, cadence).filter((p) => periodRange(p).start <= q.today).length;
  const started = lastStartedIndex(q.year, cadence, q.today);
  const currentIndex = Number(q.today.slice(0, 4)) === q.year ? started : 0;
  const closedIndex = counting[0] ? lastClosedIndex(q.year, cadence, q.today, counting[0].dueDay, counting[0].graceDays) : 0;
  const empty: YearFigures = { year: q.year, cadence, periods, currentIndex, closedIndex, total: null, byRegion: [], byTask: [], byRegionTask: [] };
  if (counting.length === 0) return empty;

  const pp = sql.join(
    counting.map(
      (p) =>
        sql`(${p.id}::int, ${lastClosedIndex(p.year, p.cadence, q.today, p.dueDay, p.graceDays)}::int, ${lastDueIndex(p.year, p.cadence, q.today, p.dueDay)}::int, ${p.state === "published"}::boolean, ${currentIndex > 0 ? lastStartedIndex(p.year, p.cadence, q.today) : 0}::int, ${p.cadence === "monthly"}::boolean)`,
    ),
    sql`, `,
  );
  const taskWhere = q.taskId ? sql`(t.id = ${q.taskId} or t.parent_id = ${q.taskId})` : sql`true`;
  // Each plan's own period that a point of the year's curve stands for (a year may mix monthly and quarterly plans).
  const ownIndex = (i: number) =>
    cadence === "monthly" ? `(case when s.monthly then ${i} else ${Math.ceil(i / 3)} end)` : `(case when s.monthly then ${i * 3} else ${i} end)`;
  const curve = Array.from({ length: periods }, (_, k) => {
    const at = `s.as_of[${ownIndex(k + 1)}]`;
    return `coalesce(sum(${at}), 0)::int, (count(*) filter (where ${at} = 100))::int`;
  });
  const curveSql = periods > 0 ? sql.raw(`array[${curve.join(", ")}]::int[]`) : sql`array[]::int[]`;
  // Not handed in for each plan's own current period.
  const missingNow = sql.raw(
    `(count(*) filter (where s.published and not s.completed and s.cur_idx > 0 and s.cur_idx between s.first_index and s.last_index and (coalesce(s.period_flags[s.cur_idx], 0) & ${FLAG_HANDED_IN}) = 0))::int`,
  );

  const result = await db.execute(sql`
    with pp(plan_id, closed_idx, due_idx, published, cur_idx, monthly) as (values ${pp}),
    s as (
      select st.*, coalesce(t.parent_id, t.id) as top_task, ${groupRegionSql(q.scope)} as grp,
        p.green_max_behind as g, p.yellow_max_behind as y, pp.closed_idx, pp.due_idx, pp.published, pp.cur_idx, pp.monthly
      from assignment_states st
      join pp on pp.plan_id = st.plan_id
      join plans p on p.id = st.plan_id
      join tasks t on t.id = st.task_id
      join regions rg on rg.code = st.region_code
      where t.archived_at is null and ${taskWhere} and ${scopeWhere(q.scope)}
    ),
    l as (select s.*, ${lightSql(q.today)} as light, ${onTimeSql(periods)} as on_time_n, ${dueCountSql()} as due_n from s)
    select s.grp as region, s.top_task, grouping(s.grp)::int as g_region, grouping(s.top_task)::int as g_task,
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
    group by grouping sets ((s.grp), (s.top_task), (s.grp, s.top_task), ())`);
  type Row = {
    region: string | null; top_task: number | null; g_region: number; g_task: number; total: number; completed: number; progress_sum: number;
    completed_on_time: number; green: number; yellow: number; red: number; reports_due: number; reports_on_time: number; missing_now: number; curve: unknown;
  };
  const rows = (result as unknown as { rows: Row[] }).rows;
  const toGroup = (r: Row): FigureGroup => ({
    region: r.region,
    topTask: r.top_task === null ? null : Number(r.top_task),
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
  });
  const totalRow = rows.find((r) => Number(r.g_region) === 1 && Number(r.g_task) === 1);
  return {
    ...empty,
    total: totalRow && Number(totalRow.total) > 0 ? toGroup(totalRow) : null,
    byRegion: rows.filter((r) => Number(r.g_region) === 0 && Number(r.g_task) === 1).map(toGroup),
    byTask: rows.filter((r) => Number(r.g_region) === 1 && Number(r.g_task) === 0).map(toGroup),
    byRegionTask: rows.filter((r) => Number(r.g_region) === 0 && Number(r.g_task) === 0).map(toGroup),
  };
}

/**
 * A year's figures, remembered per process against the year's stamp: each plan's state and the
 * sum of its revision counters (db/derived-state), which every write that changes a figure moves
 * in its own transaction, and the region tree's newest change. So a remembered answer is never
 * stale, on one server or many.
 */
const cache = new Map<string, { stamp: string; value: YearFigures }>();
const CACHE_LIMIT = 200;

async function yearStamp(db: Database, year: number): Promise<string> {
  const result = await db.execute(sql`
    select p.id, p.state,
      (select coalesce(sum(v.revision), 0)::text from state_revisions v where v.plan_id = p.id) as revision,
      (select count(*)::text || max(r.updated_at)::text from regions r) as regions_at
    from plans p where p.year = ${year} order by p.id`);
  return JSON.stringify((result as unknown as { rows: unknown[] }).rows);
}

export async function getYearFigures(db: Database, q: FigureQuery, opts: { useCache?: boolean } = {}): Promise<YearFigures> {
  if (opts.useCache === false) return computeYearFigures(db, q);
  const key = JSON.stringify([q.year, q.plans.map((p) => p.id), q.taskId ?? null, q.scope, q.today]);
  const stamp = await yearStamp(db, q.year);
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit.value;
  const value = await computeYearFigures(db, q);
  // The stamp is read before the figures: a write in between makes the next read recompute.
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, { stamp, value });
  return value;
}

export type { Light };
