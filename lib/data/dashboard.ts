import "server-only";
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Database } from "@/db";
import { assignments, plans, regions, reports, tasks } from "@/db/schema";
import { shanghaiDate } from "@/lib/domain/dates";
import { isPeriodClosed, periodOf, periodRange, periodsOfYear, type Cadence } from "@/lib/domain/periods";
import type { Light } from "@/lib/domain/progress";
import { countLights, rank, rollup, worstLight, type Rollup } from "@/lib/domain/rollup";
import { dashboardFilterSchema, type DashboardFilterInput } from "@/lib/validation/dashboard";
import { requireViewer } from "./guard";
import { loadAssignmentProgress, type AssignmentProgress } from "./progress-rows";
import { progressByPeriod, type PeriodPoint } from "./progress-series";

export type DashboardFilter = { year: number; planId?: number; taskId?: number; regionCode?: string };

export type RegionRow = Rollup & { regionCode: string; nameZh: string; nameEn: string; rank: number; previousRank: number | null };
export type TaskRow = Rollup & { taskId: number; number: string; title: string; titleEn: string };
export type { PeriodPoint };
export type YearRow = Rollup & { year: number; byPeriod: PeriodPoint[] };
export type MatrixCell = { regionCode: string; taskId: number; light: Light; total: number; completed: number };
export type BehindRow = {
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

export type Dashboard = {
  filter: DashboardFilter;
  asOf: string;
  plans: { id: number; title: string; titleEn: string; cadence: Cadence; isDemo: boolean }[];
  headline: Rollup & { onTime: number; missingThisPeriod: number; currentPeriod: string | null };
  byRegion: RegionRow[];
  byTask: TaskRow[];
  byPeriod: PeriodPoint[];
  byYear: YearRow[];
  matrix: MatrixCell[];
  /** The worst first, at most 100; behindCount says how many there are in all. */
  behind: BehindRow[];
  behindCount: number;
  /** The last closed period and the one before it: what the ranking's change compares. */
  rankingPeriods: { current: string | null; previous: string | null };
};

/** Where-clause of a filter; a key task includes its measures. */
function filterWhere(f: DashboardFilter): SQL | undefined {
  return and(
    eq(plans.year, f.year),
    f.planId ? eq(plans.id, f.planId) : undefined,
    f.taskId ? or(eq(tasks.id, f.taskId), eq(tasks.parentId, f.taskId)) : undefined,
    f.regionCode ? eq(assignments.regionCode, f.regionCode) : undefined,
    isNull(tasks.archivedAt),
  );
}

/**
 * Everything the leaders' dashboard shows for a year, with the filters applied. Counts and sums
 * are SQL aggregates (GROUPING SETS by region, by key task and in total; a LATERAL join for
 * progress as of each period); lights follow the per-assignment rule of lib/domain/progress.
 */
export async function getDashboard(input: DashboardFilterInput, now: Date = new Date()): Promise<Dashboard> {
  await requireViewer("dashboard.read");
  const filter = dashboardFilterSchema.parse(input);
  const db = await getDb();
  const today = shanghaiDate(now);
  const where = filterWhere(filter);

  const planRows = await db
    .select({ id: plans.id, title: plans.title, titleEn: plans.titleEn, cadence: plans.cadence, isDemo: plans.isDemo, dueDay: plans.dueDay, graceDays: plans.graceDays })
    .from(plans)
    .where(and(eq(plans.year, filter.year), filter.planId ? eq(plans.id, filter.planId) : undefined))
    .orderBy(asc(plans.id));
  const cadence: Cadence = (planRows[0]?.cadence as Cadence | undefined) ?? "monthly";

  const [aggregates, progress, regionRows, taskRows, byPeriod] = await Promise.all([
    aggregate(db, where),
    loadAssignmentProgress(db, where, now),
    db.select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions).where(eq(regions.level, "league_city")).orderBy(asc(regions.sortOrder)),
    db
      .select({ id: tasks.id, number: tasks.number, title: tasks.title, titleEn: tasks.titleEn })
      .from(tasks)
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(and(eq(plans.year, filter.year), filter.planId ? eq(plans.id, filter.planId) : undefined, isNull(tasks.parentId), isNull(tasks.archivedAt), filter.taskId ? eq(tasks.id, filter.taskId) : undefined))
      .orderBy(asc(tasks.planId), asc(tasks.sortOrder)),
    progressByPeriod(db, where, filter.year, cadence, today),
  ]);

  const lightsBy = (key: (p: AssignmentProgress) => string | number) => {
    const groups = new Map<string | number, Light[]>();
    for (const p of progress) {
      const k = key(p);
      const list = groups.get(k);
      if (list) list.push(p.light);
      else groups.set(k, [p.light]);
    }
    return groups;
  };
  const regionLights = lightsBy((p) => p.regionCode);
  const taskLights = lightsBy((p) => p.topTaskId);

  // Ranking now and as of the previous closed period, for the change.
  const closed = planRows.length
    ? periodsOfYear(filter.year, cadence).filter((p) => isPeriodClosed(p, today, planRows[0]!.dueDay, planRows[0]!.graceDays))
    : [];
  const rankingPeriods = { current: closed.at(-1) ?? null, previous: closed.at(-2) ?? null };
  const previousRanks = new Map<string, number>();
  if (rankingPeriods.previous) {
    const asOf = await rollupByRegionAsOf(db, where, rankingPeriods.previous);
    for (const r of rank(asOf)) previousRanks.set(r.regionCode, r.rank);
  }

  const byRegionUnranked = aggregates.byRegion
    .map((a) => {
      const region = regionRows.find((r) => r.code === a.key);
      return {
        regionCode: a.key,
        nameZh: region?.nameZh ?? a.key,
        nameEn: region?.nameEn ?? a.key,
        ...rollup({ ...a, lights: countLights(regionLights.get(a.key) ?? []) }),
      };
    })
    .sort((x, y) => regionRows.findIndex((r) => r.code === x.regionCode) - regionRows.findIndex((r) => r.code === y.regionCode));
  const byRegion = rank(byRegionUnranked).map((r) => ({ ...r, previousRank: previousRanks.get(r.regionCode) ?? null }));

  const byTask = taskRows
    .map((t) => {
      const a = aggregates.byTask.find((x) => x.key === String(t.id));
      return a ? { taskId: t.id, number: t.number, title: t.title, titleEn: t.titleEn, ...rollup({ ...a, lights: countLights(taskLights.get(t.id) ?? []) }) } : null;
    })
    .filter((x): x is TaskRow => x !== null);

  const matrixGroups = new Map<string, AssignmentProgress[]>();
  for (const p of progress) {
    const k = `${p.regionCode}|${p.topTaskId}`;
    const list = matrixGroups.get(k);
    if (list) list.push(p);
    else matrixGroups.set(k, [p]);
  }
  const matrix: MatrixCell[] = [...matrixGroups.entries()].map(([k, list]) => {
    const [regionCode, taskId] = k.split("|");
    return { regionCode: regionCode!, taskId: Number(taskId), light: worstLight(list.map((p) => p.light)), total: list.length, completed: list.filter((p) => p.completed).length };
  });

  const taskInfo = await taskTitles(db, [...new Set(progress.filter((p) => p.light !== "green").map((p) => p.taskId))]);
  const notGreen = progress.filter((p) => p.light !== "green");
  const behind: BehindRow[] = notGreen
    .map((p) => {
      const region = regionRows.find((r) => r.code === p.regionCode);
      const t = taskInfo.get(p.taskId);
      return {
        assignmentId: p.assignmentId,
        regionCode: p.regionCode,
        regionName: region?.nameZh ?? p.regionCode,
        regionNameEn: region?.nameEn ?? p.regionCode,
        taskId: p.taskId,
        taskNumber: t?.number ?? "",
        taskTitle: t?.title ?? "",
        dueDate: p.dueDate,
        progress: p.progress,
        expected: p.expected,
        behind: Math.round((p.expected - (p.progress ?? 0)) * 10) / 10,
        overdue: p.overdue,
        light: p.light,
      };
    })
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.light === b.light ? 0 : a.light === "red" ? -1 : 1) || b.behind - a.behind)
    .slice(0, 100);

  const currentPeriod = planRows.length && filter.year === Number(today.slice(0, 4)) ? periodOf(today, cadence) : null;
  const missingThisPeriod = currentPeriod ? await countMissing(db, where, currentPeriod) : 0;
  const total = aggregates.total;
  const years = await db.selectDistinct({ year: plans.year }).from(plans).orderBy(asc(plans.year));
  const byYear: YearRow[] = [];
  for (const { year } of years) {
    const f = { ...filter, year, planId: undefined, taskId: undefined };
    const w = filterWhere(f);
    const [agg] = (await aggregate(db, w)).all;
    if (!agg) continue;
    const [yPlan] = await db.select({ cadence: plans.cadence }).from(plans).where(eq(plans.year, year)).limit(1);
    byYear.push({ year, ...rollup(agg), byPeriod: await progressByPeriod(db, w, year, (yPlan?.cadence as Cadence) ?? "monthly", today) });
  }

  return {
    filter,
    asOf: today,
    plans: planRows.map((p) => ({ id: p.id, title: p.title, titleEn: p.titleEn, cadence: p.cadence as Cadence, isDemo: p.isDemo })),
    headline: { ...rollup({ ...(total ?? { total: 0, completed: 0, progressSum: 0 }), lights: countLights(progress.map((p) => p.light)) }), onTime: total?.completedOnTime ?? 0, missingThisPeriod, currentPeriod },
    byRegion,
    byTask,
    byPeriod,
    byYear,
    matrix,
    behind,
    behindCount: notGreen.length,
    rankingPeriods,
  };
}

type Agg = { key: string; total: number; completed: number; progressSum: number; completedOnTime: number };

/** One query: counts and sums by region, by key task, and in total (GROUPING SETS). */
async function aggregate(db: Database, where: SQL | undefined): Promise<{ byRegion: Agg[]; byTask: Agg[]; total: Agg | undefined; all: Agg[] }> {
  const latest = latestApprovedSubquery(db);
  const topTask = sql<number>`coalesce(${tasks.parentId}, ${tasks.id})`;
  // The same rule as lib/domain/progress isComplete, expressed for the aggregate.
  const completed = sql`(${assignments.closedAt} is not null or ${latest.progress} >= 100 or ${latest.status} = 'complete')`;
  const rows = await db
    .select({
      region: assignments.regionCode,
      task: topTask,
      gRegion: sql<number>`grouping(${assignments.regionCode})`,
      gTask: sql<number>`grouping(${topTask})`,
      total: sql<number>`count(*)::int`,
      completed: sql<number>`(count(*) filter (where ${completed}))::int`,
      progressSum: sql<number>`coalesce(sum(case when ${completed} then 100 else ${latest.progress} end), 0)::int`,
      completedOnTime: sql<number>`(count(*) filter (where ${assignments.closedAt} is not null and (${assignments.closedAt} at time zone 'Asia/Shanghai')::date <= ${assignments.dueDate}))::int`,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .leftJoin(latest, eq(latest.assignmentId, assignments.id))
    .where(where)
    .groupBy(sql`grouping sets ((${assignments.regionCode}), (${topTask}), ())`);
  const pick = (r: (typeof rows)[number], key: string): Agg => ({ key, total: r.total, completed: r.completed, progressSum: r.progressSum, completedOnTime: r.completedOnTime });
  const byRegion = rows.filter((r) => Number(r.gRegion) === 0).map((r) => pick(r, r.region));
  const byTask = rows.filter((r) => Number(r.gTask) === 0 && Number(r.gRegion) === 1).map((r) => pick(r, String(r.task)));
  const totalRow = rows.find((r) => Number(r.gRegion) === 1 && Number(r.gTask) === 1);
  const total = totalRow ? pick(totalRow, "all") : undefined;
  return { byRegion, byTask, total, all: total ? [total] : [] };
}

function latestApprovedSubquery(db: Database) {
  return db
    .selectDistinctOn([reports.assignmentId], { assignmentId: reports.assignmentId, progress: reports.progress, status: reports.status })
    .from(reports)
    .where(eq(reports.state, "approved"))
    .orderBy(reports.assignmentId, sql`${reports.period} desc`)
    .as("la");
}

async function rollupByRegionAsOf(db: Database, where: SQL | undefined, period: string): Promise<{ regionCode: string; completionRate: number; meanProgress: number }[]> {
  const rows = await db.execute(sql`
    select ${assignments.regionCode} as region_code,
      count(*)::int as total,
      (count(*) filter (where l.progress >= 100 or l.status = 'complete'))::int as completed,
      coalesce(sum(case when l.progress >= 100 or l.status = 'complete' then 100 else l.progress end), 0)::int as progress_sum
    from ${assignments}
    join ${tasks} on ${tasks.id} = ${assignments.taskId}
    join ${plans} on ${plans.id} = ${tasks.planId}
    left join lateral (
      select r.progress, r.status from ${reports} r
      where r.assignment_id = ${assignments.id} and r.state = 'approved' and r.period <= ${period}
      order by r.period desc limit 1
    ) l on true
    where ${where ?? sql`true`}
    group by ${assignments.regionCode}`);
  return (rows as unknown as { rows: { region_code: string; total: number; completed: number; progress_sum: number }[] }).rows.map((r) => {
    const roll = rollup({ total: r.total, completed: r.completed, progressSum: r.progress_sum });
    return { regionCode: r.region_code, completionRate: roll.completionRate, meanProgress: roll.meanProgress };
  });
}

async function countMissing(db: Database, where: SQL | undefined, period: string): Promise<number> {
  const { start, end } = periodRange(period);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(
      and(
        where,
        eq(plans.state, "published"),
        isNull(assignments.closedAt),
        sql`${assignments.startDate} <= ${end} and ${assignments.dueDate} >= ${start}`,
        sql`not exists (select 1 from ${reports} r where r.assignment_id = ${assignments.id} and r.period = ${period} and r.state in ('submitted', 'approved'))`,
      ),
    );
  return row?.n ?? 0;
}

async function taskTitles(db: Database, ids: number[]) {
  if (ids.length === 0) return new Map<number, { number: string; title: string }>();
  const rows = await db.select({ id: tasks.id, number: tasks.number, title: tasks.title }).from(tasks).where(inArray(tasks.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Completion by league-city for a year (the foundation's first page for leaders). */
export async function getRegionCompletion(filter: { year: number; planId?: number }): Promise<{ rows: RegionRow[]; total: Rollup }> {
  const d = await getDashboard(filter);
  return { rows: d.byRegion, total: d.headline };
}

