import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { withCancellation, type Database } from "@/db";
import type { z } from "zod";
import { plans, regions, tasks, yearSnapshots } from "@/db/schema";
import { shanghaiDate } from "@/lib/domain/dates";
import { periodOf, periodRange, periodsOfYear, type Cadence } from "@/lib/domain/periods";
import { yearExpectedCurve, yearExpectedProgress, type Light } from "@/lib/domain/progress";
import { rank, rollup, type Rollup } from "@/lib/domain/rollup";
import { dashboardFilterSchema, type DashboardFilterInput } from "@/lib/validation/dashboard";
import { NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { countingPlans, getBehindPage, getYearFigures, yearsStamps, type BehindItem, type FigureGroup, type FigureOptions, type PlanOfYear, type RegionScope, type YearFigures } from "./progress-core";
import { toPeriodPoints, type PeriodPoint } from "./progress-series";

export type DashboardFilter = { year: number; planId?: number; taskId?: number; regionCode?: string };

export type RegionRow = Rollup & { regionCode: string; nameZh: string; nameEn: string; level: RegionLevel; rank: number; previousRank: number | null };
export type TaskRow = Rollup & { taskId: number; number: string; title: string; titleEn: string };
export type { PeriodPoint };
export type YearRow = Rollup & { year: number; byPeriod: PeriodPoint[] };
export type MatrixCell = { regionCode: string; taskId: number; light: Light; total: number; completed: number };
export type RegionLevel = "province" | "league_city" | "banner_county";
/** An assignment that is not green, as the "behind" list shows it. */
export type BehindRow = BehindItem;

export type Dashboard = {
  filter: DashboardFilter;
  asOf: string;
  plans: { id: number; title: string; titleEn: string; cadence: Cadence; isDemo: boolean }[];
  /** The region the view is about (null: the whole province) and its parent, for the way back up. */
  scope: { code: string; nameZh: string; nameEn: string; level: RegionLevel; parentCode: string | null } | null;
  headline: Rollup & { onTime: number; missingThisPeriod: number; currentPeriod: string | null };
  /** League-cities (their counties rolled up) on the province view; a league-city and its counties below it. */
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
  /** 应达进度 of a measure running the whole year: today, at each point of byPeriod, and at each month's end. */
  expected: { today: number; byPeriod: number[]; byMonth: number[] };
};

/**
 * Everything the leaders' dashboard shows for a year, with the filters applied, read from the
 * assignments' kept states (lib/data/progress-core): one grouped pass over the viewed year, and
 * the other years' totals remembered until a write changes them. Bounded whatever the scale:
 * one row per league-city (or per county of one league-city), per key task, and at most 100
 * assignments behind.
 */
export async function getDashboard(input: DashboardFilterInput, now: Date = new Date(), opts: FigureOptions & { signal?: AbortSignal } = {}): Promise<Dashboard> {
  await requireViewer("dashboard.read");
  const filter = dashboardFilterSchema.parse(input);
  // A request whose client went away stops its queries (on PostgreSQL, the running one is cancelled).
  return withCancellation(opts.signal, (db) => readDashboard(db, filter, shanghaiDate(now), opts));
}

async function readDashboard(db: Database, filter: z.output<typeof dashboardFilterSchema>, today: string, opts: FigureOptions & { signal?: AbortSignal }): Promise<Dashboard> {

  const planRows = await db
    .select({ id: plans.id, year: plans.year, title: plans.title, titleEn: plans.titleEn, cadence: plans.cadence, isDemo: plans.isDemo, dueDay: plans.dueDay, graceDays: plans.graceDays, state: plans.state })
    .from(plans)
    .where(and(countingPlans(), filter.planId ? eq(plans.id, filter.planId) : undefined))
    .orderBy(asc(plans.year), asc(plans.id));
  const plansOf = (year: number): PlanOfYear[] => planRows.filter((p) => p.year === year).map((p) => ({ ...p, cadence: p.cadence as Cadence }));
  const viewed = plansOf(filter.year);

  const { scope, scopeRow } = await resolveScope(db, filter.regionCode);
  // The other years' stamps and snapshots are read while the viewed year's figures are made (from
  // the pool, on another connection; on a request's own cancellable connection, one after the other):
  // with ten years stored they are a grouped read of their counters. Either failing (a cancelled
  // request) fails the view at once.
  const viewedInRow = !filter.taskId;
  const [otherYears, figures] = await Promise.all([
    readOtherYears(db, planRows.map((p) => p.year), plansOf, scope, viewedInRow ? filter.year : null),
    getYearFigures(db, { year: filter.year, plans: viewed, taskId: filter.taskId, scope, today, behindLimit: 100 }, opts),
  ]);
  const cadence = figures.cadence;
  const periods = periodsOfYear(filter.year, cadence);

  // Names of the rows' regions and key tasks.
  const regionCodes = [...new Set(figures.byRegion.map((g) => g.region!))];
  const regionInfo = regionCodes.length
    ? await db.select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn, level: regions.level, sortOrder: regions.sortOrder }).from(regions).where(inArray(regions.code, regionCodes))
    : [];
  const regionOf = new Map(regionInfo.map((r) => [r.code, r]));
  const taskRows = viewed.length
    ? await db
        .select({ id: tasks.id, number: tasks.number, title: tasks.title, titleEn: tasks.titleEn })
        .from(tasks)
        .where(and(inArray(tasks.planId, viewed.map((p) => p.id)), isNull(tasks.parentId), isNull(tasks.archivedAt), filter.taskId ? eq(tasks.id, filter.taskId) : undefined))
        .orderBy(asc(tasks.planId), asc(tasks.sortOrder))
    : [];

  const roll = (g: FigureGroup): Rollup => rollup({ total: g.total, completed: g.completed, progressSum: g.progressSum, completedOnTime: g.completedOnTime, lights: g, reportsDue: g.reportsDue, reportsOnTime: g.reportsOnTime });

  // Ranking now, and as of the period before the last closed one for the change.
  const rankingPeriods = { current: periods[figures.closedIndex - 1] ?? null, previous: periods[figures.closedIndex - 2] ?? null };
  const previousIndex = figures.closedIndex - 1;
  const previousRanks = new Map<string, number>();
  if (previousIndex >= 1 && previousIndex <= figures.periods) {
    const asOf = figures.byRegion.map((g) => ({ regionCode: g.region!, ...rollup({ total: g.total, completed: g.curve.completed[previousIndex - 1] ?? 0, progressSum: g.curve.progressSum[previousIndex - 1] ?? 0 }) }));
    for (const r of rank(asOf)) previousRanks.set(r.regionCode, r.rank);
  }
  const order = (code: string) => {
    const r = regionOf.get(code);
    // A league-city's own row comes before its counties.
    return [r?.level === "league_city" ? 0 : 1, r?.sortOrder ?? 0, code] as const;
  };
  const byRegionUnranked = figures.byRegion
    .map((g) => {
      const r = regionOf.get(g.region!);
      return { regionCode: g.region!, nameZh: r?.nameZh ?? g.region!, nameEn: r?.nameEn ?? g.region!, level: (r?.level ?? "league_city") as RegionLevel, ...roll(g) };
    })
    .sort((x, y) => {
      const a = order(x.regionCode);
      const b = order(y.regionCode);
      return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]);
    });
  const byRegion = rank(byRegionUnranked).map((r) => ({ ...r, previousRank: previousRanks.get(r.regionCode) ?? null }));

  const byTask = taskRows
    .map((t) => {
      const g = figures.byTask.find((x) => x.topTask === t.id);
      return g ? { taskId: t.id, number: t.number, title: t.title, titleEn: t.titleEn, ...roll(g) } : null;
    })
    .filter((x): x is TaskRow => x !== null);

  const matrix: MatrixCell[] = figures.byRegionTask.map((g) => ({
    regionCode: g.region!,
    taskId: g.topTask!,
    light: g.red > 0 ? "red" : g.yellow > 0 ? "yellow" : "green",
    total: g.total,
    completed: g.completed,
  }));

  const total = figures.total;
  const behindCount = total ? total.yellow + total.red : 0;
  const behind: BehindRow[] = figures.behind;

  const currentPeriod = figures.currentIndex > 0 ? periodOf(today, cadence) : null;
  opts.signal?.throwIfAborted();
  // The viewed year's own figures stand in its row when no key task narrows them.
  const byYear = await yearAgainstYear(db, otherYears, plansOf, scope, today, opts, viewedInRow ? figures : null);

  const byPeriod = total ? toPeriodPoints(filter.year, cadence, today, { total: total.total, ...total.curve }) : [];
  const expected = {
    today: yearExpectedProgress(filter.year, today),
    byPeriod: yearExpectedCurve(filter.year, byPeriod.map((p) => periodRange(p.period).end), today),
    byMonth: yearExpectedCurve(filter.year, periodsOfYear(filter.year, "monthly").map((p) => periodRange(p).end), `${filter.year}-12-31`),
  };

  return {
    filter,
    asOf: today,
    plans: viewed.map((p) => ({ id: p.id, title: planRows.find((x) => x.id === p.id)!.title, titleEn: planRows.find((x) => x.id === p.id)!.titleEn, cadence: p.cadence, isDemo: planRows.find((x) => x.id === p.id)!.isDemo })),
    scope: scopeRow,
    headline: {
      ...(total ? roll(total) : rollup({ total: 0, completed: 0, progressSum: 0 })),
      onTime: total?.completedOnTime ?? 0,
      missingThisPeriod: total?.missingNow ?? 0,
      currentPeriod,
    },
    byRegion,
    byTask,
    byPeriod,
    byYear,
    matrix,
    behind,
    behindCount,
    rankingPeriods,
    expected,
  };
}

/** The region a filter names: the province (or none) rolls up league-cities; a league-city its counties. */
async function resolveScope(db: Database, code: string | undefined): Promise<{ scope: RegionScope; scopeRow: Dashboard["scope"] }> {
  if (!code) return { scope: { kind: "province" }, scopeRow: null };
  const [r] = await db.select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn, level: regions.level, parentCode: regions.parentCode }).from(regions).where(eq(regions.code, code));
  if (!r) throw new NotFoundError(`region ${code}`);
  const scopeRow = { ...r, level: r.level as RegionLevel };
  if (r.level === "province") return { scope: { kind: "province" }, scopeRow };
  if (r.level === "league_city") return { scope: { kind: "league", code }, scopeRow };
  return { scope: { kind: "region", code }, scopeRow };
}

type OtherYears = { all: number[]; stamps: Map<number, string>; keptRows: { key: string; stamp: string; row: unknown }[] };

const snapshotKey = (year: number, plansOf: (y: number) => PlanOfYear[], scope: RegionScope) => JSON.stringify([year, plansOf(year).map((p) => p.id), scope]);

/** The stored years, and of those other than the viewed one their stamps and kept snapshots: one query for the stamps (a row per plan) and one for the snapshots, whatever the number of years and counties. */
async function readOtherYears(db: Database, years: number[], plansOf: (y: number) => PlanOfYear[], scope: RegionScope, viewedYear: number | null): Promise<OtherYears> {
  const all = [...new Set(years)].sort();
  const others = all.filter((y) => y !== viewedYear);
  const [stamps, keptRows] = await Promise.all([
    yearsStamps(db, others),
    others.length
      ? db.select({ key: yearSnapshots.key, stamp: yearSnapshots.stamp, row: yearSnapshots.row }).from(yearSnapshots).where(inArray(yearSnapshots.key, others.map((y) => snapshotKey(y, plansOf, scope))))
      : Promise.resolve([]),
  ]);
  return { all, stamps, keptRows };
}

/**
 * Each year's totals and curve under the same region scope (plan and task filters name one year
 * only). The viewed year comes from its figures; every other year from its snapshot
 * (year_snapshots) while the year's stamps — its revision counters, and the day while the year
 * is not over — are those it was computed under, else computed again and kept. So ten stored years
 * cost ten small reads, not ten passes over 112,000 states; a write to a past year (a reopened
 * period, an approval) moves its counters and the next view recomputes that year only.
 */
async function yearAgainstYear(db: Database, read: OtherYears, plansOf: (y: number) => PlanOfYear[], scope: RegionScope, today: string, opts: FigureOptions, viewed: YearFigures | null): Promise<YearRow[]> {
  const out: YearRow[] = [];
  const thisYear = Number(today.slice(0, 4));
  const rowOf = (f: YearFigures): YearRow | null => {
    const t = f.total;
    if (!t?.total) return null;
    return {
      year: f.year,
      ...rollup({ total: t.total, completed: t.completed, progressSum: t.progressSum, completedOnTime: t.completedOnTime, lights: t, reportsDue: t.reportsDue, reportsOnTime: t.reportsOnTime }),
      byPeriod: toPeriodPoints(f.year, f.cadence, today, { total: t.total, ...t.curve }),
    };
  };
  // The stamps were read before the figures (readOtherYears): a write in between leaves an older
  // stamp, and the next view recomputes.
  const { all, stamps, keptRows } = read;
  const keyOf = (year: number) => snapshotKey(year, plansOf, scope);
  const kept = new Map(keptRows.map((k) => [k.key, k]));
  for (const year of all) {
    if (viewed && viewed.year === year) {
      const row = rowOf(viewed);
      if (row) out.push(row);
      continue;
    }
    const key = keyOf(year);
    const stamp = JSON.stringify([stamps.get(year) ?? null, year >= thisYear ? today : null]);
    const hit = kept.get(key);
    if (hit && hit.stamp === stamp) {
      const row = (hit.row as { row: YearRow | null }).row;
      if (row) out.push(row);
      continue;
    }
    const row = rowOf(await getYearFigures(db, { year, plans: plansOf(year), scope, today }, opts));
    await db
      .insert(yearSnapshots)
      .values({ key, stamp, row: { row } })
      .onConflictDoUpdate({ target: yearSnapshots.key, set: { stamp, row: { row }, computedAt: new Date() } });
    if (row) out.push(row);
  }
  return out;
}

export const BEHIND_PAGE_SIZE = 50;

/**
 * Every assignment behind in a year (the dashboard shows the worst few), one page at a time, with
 * the dashboard's filters and the same rule and order (lib/data/progress-core).
 */
export async function listBehind(input: DashboardFilterInput & { page?: number }, now: Date = new Date()): Promise<{ filter: DashboardFilter; asOf: string; items: BehindRow[]; total: number; page: number; pageSize: number }> {
  await requireViewer("dashboard.read");
  const filter = dashboardFilterSchema.parse(input);
  const page = Math.max(1, Math.min(10_000, Math.trunc(Number(input.page) || 1)));
  const today = shanghaiDate(now);
  return withCancellation(undefined, async (db) => {
    const planRows = await db
      .select({ id: plans.id, year: plans.year, cadence: plans.cadence, dueDay: plans.dueDay, graceDays: plans.graceDays, state: plans.state })
      .from(plans)
      .where(and(countingPlans(), eq(plans.year, filter.year), filter.planId ? eq(plans.id, filter.planId) : undefined))
      .orderBy(asc(plans.id));
    const { scope } = await resolveScope(db, filter.regionCode);
    const { items, total } = await getBehindPage(db, { year: filter.year, plans: planRows.map((p) => ({ ...p, cadence: p.cadence as Cadence })), taskId: filter.taskId, scope, today }, { offset: (page - 1) * BEHIND_PAGE_SIZE, limit: BEHIND_PAGE_SIZE });
    return { filter, asOf: today, items, total, page, pageSize: BEHIND_PAGE_SIZE };
  });
}

/** Completion by league-city for a year (the foundation's first page for leaders). */
export async function getRegionCompletion(filter: { year: number; planId?: number }): Promise<{ rows: RegionRow[]; total: Rollup }> {
  const d = await getDashboard(filter);
  return { rows: d.byRegion, total: d.headline };
}
