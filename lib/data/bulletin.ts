import "server-only";
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Database } from "@/db";
import { assignments, plans, regions, reports, tasks } from "@/db/schema";
import { shanghaiDate, type IsoDate } from "@/lib/domain/dates";
import { isPeriodClosed, isPeriodKey, parsePeriod, periodDueDate, periodOf, periodRange, periodsOfYear, previousPeriod, type Cadence } from "@/lib/domain/periods";
import { expectedProgress, statusLight, type Light } from "@/lib/domain/progress";
import { countLights, rank, rollup, type Rollup } from "@/lib/domain/rollup";
import { bulletinParamsSchema } from "@/lib/validation/bulletin";
import { InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";


export type BulletinParams = z.input<typeof bulletinParamsSchema>;

export type BulletinRegion = Rollup & { regionCode: string; nameZh: string; nameEn: string; rank: number; previousRank: number | null };

export type BulletinItem = {
  assignmentId: number;
  regionCode: string;
  regionName: string;
  regionNameEn: string;
  taskNumber: string;
  taskTitle: string;
  taskTitleEn: string;
  dueDate: IsoDate;
  /** Latest approved progress up to the period; null when nothing was approved yet. */
  progress: number | null;
};

export type BulletinBehind = BulletinItem & { expected: number; behind: number; overdue: boolean; light: Exclude<Light, "green"> };

export type BulletinMissing = { regionCode: string; nameZh: string; nameEn: string; due: number; missing: number; taskNumbers: string[] };

export type BulletinData = {
  plan: { id: number; year: number; title: string; titleEn: string; issuingBody: string; cadence: Cadence };
  period: string;
  /** Last day of the period: lights and expected progress are taken on it. */
  periodEnd: IsoDate;
  /** The day the bulletin is made. */
  asOf: IsoDate;
  headline: Rollup & { reportsDue: number; reportsMissing: number; completedInPeriod: number };
  ranking: BulletinRegion[];
  completed: BulletinItem[];
  behind: BulletinBehind[];
  /** Regions with at least one report of the period missing, in the regions' order. */
  missing: BulletinMissing[];
};

/**
 * What a periodic bulletin (通报) states about one plan and one reporting period: the ranking of
 * the league-cities as of the period (latest approved report up to it), what was completed in
 * it, what is behind at its end, and who has not reported for it. Default period: the last
 * closed one.
 */
export async function getBulletinData(input: BulletinParams, now: Date = new Date()): Promise<BulletinData> {
  await requireViewer("dashboard.read");
  const params = bulletinParamsSchema.parse(input);
  const db = await getDb();
  const today = shanghaiDate(now);

  const [plan] = await db
    .select({ id: plans.id, year: plans.year, title: plans.title, titleEn: plans.titleEn, issuingBody: plans.issuingBody, cadence: plans.cadence, dueDay: plans.dueDay, graceDays: plans.graceDays, greenMaxBehind: plans.greenMaxBehind, yellowMaxBehind: plans.yellowMaxBehind })
    .from(plans)
    .where(and(eq(plans.year, params.year), ne(plans.state, "draft"), params.planId ? eq(plans.id, params.planId) : undefined))
    .orderBy(desc(sql`${plans.state} = 'published'`), asc(plans.id))
    .limit(1);
  if (!plan) throw new NotFoundError(`plan of ${params.year}`);
  const cadence = plan.cadence as Cadence;
  const period = choosePeriod(params.period, plan.year, cadence, today, plan.dueDay, plan.graceDays);
  const { start, end } = periodRange(period);
  const previous = period === periodsOfYear(plan.year, cadence)[0] ? null : previousPeriod(period);

  const [regionRows, rollups, rows, missingRows] = await Promise.all([
    db.select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions).where(eq(regions.level, "league_city")).orderBy(asc(regions.sortOrder)),
    rollupsAsOf(db, plan.id, previous ? [period, previous] : [period]),
    assignmentsAsOf(db, plan.id, period, end),
    missingByRegion(db, plan.id, period, start, end, periodDueDate(period, plan.dueDay)),
  ]);
  const regionOf = new Map(regionRows.map((r) => [r.code, r]));
  const order = new Map(regionRows.map((r, i) => [r.code, i]));

  // Lights as the period ends; a missing report of the period counts as the last one missing.
  const thresholds = { greenMaxBehind: plan.greenMaxBehind, yellowMaxBehind: plan.yellowMaxBehind };
  const evaluated = rows.map((r) => {
    const completed = r.progress !== null && (r.progress >= 100 || r.status === "complete");
    const light = statusLight({ progress: r.progress, completed, start: r.start_date, due: r.due_date, on: end, lastPeriodMissing: r.required && !r.reported, thresholds });
    return { ...r, completed, light, expected: expectedProgress(r.start_date, r.due_date, end) };
  });
  const item = (r: (typeof evaluated)[number]): BulletinItem => ({
    assignmentId: r.assignment_id,
    regionCode: r.region_code,
    regionName: regionOf.get(r.region_code)?.nameZh ?? r.region_code,
    regionNameEn: regionOf.get(r.region_code)?.nameEn ?? r.region_code,
    taskNumber: r.number,
    taskTitle: r.title,
    taskTitleEn: r.title_en,
    dueDate: r.due_date,
    progress: r.progress,
  });
  const byRegionOrder = (a: { regionCode: string }, b: { regionCode: string }) => (order.get(a.regionCode) ?? 99) - (order.get(b.regionCode) ?? 99);
  const byNumber = (a: { taskNumber: string }, b: { taskNumber: string }) => a.taskNumber.localeCompare(b.taskNumber, undefined, { numeric: true });

  const lightsOf = new Map<string, Light[]>();
  for (const r of evaluated) {
    const list = lightsOf.get(r.region_code);
    if (list) list.push(r.light);
    else lightsOf.set(r.region_code, [r.light]);
  }

  const current = rollups.filter((r) => r.period === period);
  const previousRanks = new Map(rank(rollups.filter((r) => r.period === previous && r.regionCode !== null).map((r) => ({ ...r, ...rollup(r) }))).map((r) => [r.regionCode, r.rank]));
  const ranking = rank(
    current
      .filter((r): r is typeof r & { regionCode: string } => r.regionCode !== null)
      .map((r) => ({
        regionCode: r.regionCode,
        nameZh: regionOf.get(r.regionCode)?.nameZh ?? r.regionCode,
        nameEn: regionOf.get(r.regionCode)?.nameEn ?? r.regionCode,
        ...rollup({ ...r, lights: countLights(lightsOf.get(r.regionCode) ?? []) }),
      }))
      .sort(byRegionOrder),
  ).map((r) => ({ ...r, previousRank: previousRanks.get(r.regionCode) ?? null }));

  const completed = evaluated.filter((r) => r.completed_in_period).map(item).sort((a, b) => byRegionOrder(a, b) || byNumber(a, b));
  const severity = (l: Light) => (l === "red" ? 0 : 1);
  const behind: BulletinBehind[] = evaluated
    .filter((r): r is typeof r & { light: "red" | "yellow" } => r.light !== "green")
    .map((r) => ({
      ...item(r),
      expected: r.expected,
      behind: Math.round((r.expected - (r.progress ?? 0)) * 10) / 10,
      overdue: end > r.due_date,
      light: r.light,
    }))
    .sort((a, b) => byRegionOrder(a, b) || severity(a.light) - severity(b.light) || b.behind - a.behind || byNumber(a, b));

  const missing: BulletinMissing[] = missingRows
    .filter((m) => m.missing > 0)
    .map((m) => ({
      regionCode: m.region_code,
      nameZh: regionOf.get(m.region_code)?.nameZh ?? m.region_code,
      nameEn: regionOf.get(m.region_code)?.nameEn ?? m.region_code,
      due: m.due,
      missing: m.missing,
      taskNumbers: (m.numbers ?? "").split(",").filter(Boolean).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
    }))
    .sort(byRegionOrder);

  const total = current.find((r) => r.regionCode === null) ?? { total: 0, completed: 0, progressSum: 0 };
  return {
    plan: { id: plan.id, year: plan.year, title: plan.title, titleEn: plan.titleEn, issuingBody: plan.issuingBody, cadence },
    period,
    periodEnd: end,
    asOf: today,
    headline: {
      ...rollup({ ...total, lights: countLights(evaluated.map((r) => r.light)) }),
      reportsDue: missingRows.reduce((n, m) => n + m.due, 0),
      reportsMissing: missingRows.reduce((n, m) => n + m.missing, 0),
      completedInPeriod: completed.length,
    },
    ranking,
    completed,
    behind,
    missing,
  };
}

/** The requested period when it belongs to the plan's year and cadence and has begun; else the last closed one. */
function choosePeriod(requested: string | undefined, year: number, cadence: Cadence, today: IsoDate, dueDay: number, graceDays: number): string {
  if (requested !== undefined) {
    if (!isPeriodKey(requested, cadence) || parsePeriod(requested).year !== year || periodRange(requested).start > today) {
      throw new InvalidInputError({ period: "badPeriod" });
    }
    return requested;
  }
  const periods = periodsOfYear(year, cadence);
  const closed = periods.filter((p) => isPeriodClosed(p, today, dueDay, graceDays));
  const fallback = periods.includes(periodOf(today, cadence)) ? periodOf(today, cadence) : undefined;
  const chosen = closed.at(-1) ?? fallback;
  if (!chosen) throw new InvalidInputError({ period: "badPeriod" });
  return chosen;
}

type RollupRow = { period: string; regionCode: string | null; total: number; completed: number; progressSum: number };

/** Counts and progress sums by region and in total, as of each period (latest approved report up to it), one query. */
async function rollupsAsOf(db: Database, planId: number, periods: string[]): Promise<RollupRow[]> {
  const values = sql.join(periods.map((p) => sql`(${p})`), sql`, `);
  const done = sql`(l.progress >= 100 or l.status = 'complete')`;
  const res = await db.execute(sql`
    select p.period, ${assignments.regionCode} as region_code, grouping(${assignments.regionCode}) as g,
      count(*)::int as total,
      (count(*) filter (where ${done}))::int as completed,
      coalesce(sum(case when ${done} then 100 else l.progress end), 0)::int as progress_sum
    from (values ${values}) as p(period)
    cross join ${assignments}
    join ${tasks} on ${tasks.id} = ${assignments.taskId}
    left join lateral (
      select r.progress, r.status from ${reports} r
      where r.assignment_id = ${assignments.id} and r.state = 'approved' and r.period <= p.period
      order by r.period desc limit 1
    ) l on true
    where ${tasks.planId} = ${planId} and ${tasks.archivedAt} is null
    group by grouping sets ((p.period, ${assignments.regionCode}), (p.period))`);
  const rows = (res as unknown as { rows: { period: string; region_code: string | null; g: number; total: number; completed: number; progress_sum: number }[] }).rows;
  return rows.map((r) => ({ period: r.period, regionCode: Number(r.g) === 1 ? null : r.region_code, total: r.total, completed: r.completed, progressSum: r.progress_sum }));
}

type AssignmentRow = {
  assignment_id: number;
  region_code: string;
  number: string;
  title: string;
  title_en: string;
  start_date: IsoDate;
  due_date: IsoDate;
  progress: number | null;
  status: string | null;
  /** A report of the period is asked for: not completed by an earlier period. */
  required: boolean;
  /** A report of the period was handed in (submitted, returned or approved). */
  reported: boolean;
  completed_in_period: boolean;
};

/** Every assignment of the plan begun by the period's end, with its latest approved progress up to the period (one query). */
async function assignmentsAsOf(db: Database, planId: number, period: string, end: IsoDate): Promise<AssignmentRow[]> {
  const res = await db.execute(sql`
    select ${assignments.id} as assignment_id, ${assignments.regionCode} as region_code, ${tasks.number} as number,
      ${tasks.title} as title, ${tasks.titleEn} as title_en,
      ${assignments.startDate}::text as start_date, ${assignments.dueDate}::text as due_date,
      l.progress, l.status::text as status,
      not (coalesce(l.period < ${period} and (l.progress >= 100 or l.status = 'complete'), false)) as required,
      (rp.state in ('submitted', 'returned', 'approved')) is true as reported,
      (rp.state = 'approved' and (rp.progress >= 100 or rp.status = 'complete')) is true as completed_in_period
    from ${assignments}
    join ${tasks} on ${tasks.id} = ${assignments.taskId}
    left join lateral (
      select r.period, r.progress, r.status from ${reports} r
      where r.assignment_id = ${assignments.id} and r.state = 'approved' and r.period <= ${period}
      order by r.period desc limit 1
    ) l on true
    left join ${reports} rp on rp.assignment_id = ${assignments.id} and rp.period = ${period}
    where ${tasks.planId} = ${planId} and ${tasks.archivedAt} is null and ${assignments.startDate} <= ${end}`);
  return (res as unknown as { rows: AssignmentRow[] }).rows;
}

type MissingRow = { region_code: string; due: number; missing: number; numbers: string | null };

/**
 * Per region: the assignments whose window covers the period and that were not completed by an
 * earlier period (so a report of it was asked for), and those without a submitted or approved
 * report of it.
 */
async function missingByRegion(db: Database, planId: number, period: string, start: IsoDate, end: IsoDate, dueOn: IsoDate): Promise<MissingRow[]> {
  const notReported = sql`not exists (select 1 from ${reports} r where r.assignment_id = ${assignments.id} and r.period = ${period} and r.state in ('submitted', 'approved'))`;
  const res = await db.execute(sql`
    select ${assignments.regionCode} as region_code,
      count(*)::int as due,
      (count(*) filter (where ${notReported}))::int as missing,
      string_agg(${tasks.number}, ',') filter (where ${notReported}) as numbers
    from ${assignments}
    join ${tasks} on ${tasks.id} = ${assignments.taskId}
    where ${tasks.planId} = ${planId} and ${tasks.archivedAt} is null
      and ${assignments.startDate} <= ${end} and ${assignments.dueDate} >= ${start}
      and ${assignments.startDate} <= ${dueOn}
      and not exists (
        select 1 from ${reports} c where c.assignment_id = ${assignments.id} and c.state = 'approved' and c.period < ${period}
          and (c.progress >= 100 or c.status = 'complete'))
    group by ${assignments.regionCode}`);
  return (res as unknown as { rows: MissingRow[] }).rows;
}
