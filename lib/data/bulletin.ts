import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Database } from "@/db";
import { assignmentStates, plans, regions, tasks } from "@/db/schema";
import { shanghaiDate, type IsoDate } from "@/lib/domain/dates";
import { isPeriodClosed, isPeriodKey, parsePeriod, periodDueDate, periodOf, periodRange, periodsOfYear, previousPeriod, type Cadence } from "@/lib/domain/periods";
import { expectedProgress, statusLight, type Light } from "@/lib/domain/progress";
import { FLAG_APPROVED, FLAG_HANDED_IN, periodIndex } from "@/lib/domain/reporting";
import { countLights, rank, rollup, type Rollup } from "@/lib/domain/rollup";
import { bulletinParamsSchema, defaultDocNumber } from "@/lib/validation/bulletin";
import { readBulletinSettings } from "./bulletin-settings";
import { InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { countingPlans, leagueOfSql } from "./progress-core";


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
  /** The red header: the issuing body's mark and the document number (empty: none printed). */
  header: { agencyMark: string; docNumber: string };
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

  const plan = await bulletinPlan(db, params.year, params.planId);
  if (!plan) throw new NotFoundError(`plan of ${params.year}`);
  const cadence = plan.cadence as Cadence;
  const period = choosePeriod(params.period, plan.year, cadence, today, plan.dueDay, plan.graceDays);
  const { start, end } = periodRange(period);
  const previous = period === periodsOfYear(plan.year, cadence)[0] ? null : previousPeriod(period);

  const idx = periodIndex(period);
  const [regionRows, rows, headerSettings] = await Promise.all([
    db.select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn, level: regions.level }).from(regions).orderBy(asc(regions.sortOrder), asc(regions.code)),
    assignmentsAsOf(db, plan.id, idx, end),
    readBulletinSettings(db),
  ]);
  const rollups = rollupsAsOf(rows, idx, previous ? idx - 1 : null);
  const missingRows = missingByRegion(rows, start, periodDueDate(period, plan.dueDay));
  const regionOf = new Map(regionRows.map((r) => [r.code, r]));
  const order = new Map(regionRows.filter((r) => r.level === "league_city").map((r, i) => [r.code, i]));

  // Lights as the period ends; a missing report of the period counts as the last one missing.
  const thresholds = { greenMaxBehind: plan.greenMaxBehind, yellowMaxBehind: plan.yellowMaxBehind };
  const evaluated = rows.map((r) => {
    const completed = r.as_of_now === 100;
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
  const leagueOf = new Map(rows.map((r) => [r.region_code, r.league_code]));
  const rankOf = (code: string) => order.get(leagueOf.get(code) ?? code) ?? 99;
  const byRegionOrder = (a: { regionCode: string }, b: { regionCode: string }) => rankOf(a.regionCode) - rankOf(b.regionCode) || a.regionCode.localeCompare(b.regionCode);
  const byNumber = (a: { taskNumber: string }, b: { taskNumber: string }) => a.taskNumber.localeCompare(b.taskNumber, undefined, { numeric: true });

  const lightsOf = new Map<string, Light[]>();
  for (const r of evaluated) {
    const list = lightsOf.get(r.league_code);
    if (list) list.push(r.light);
    else lightsOf.set(r.league_code, [r.light]);
  }

  const current = rollups.filter((r) => r.period === "current");
  const previousRanks = new Map(rank(rollups.filter((r) => r.period === "previous" && r.regionCode !== null).map((r) => ({ ...r, ...rollup(r) }))).map((r) => [r.regionCode, r.rank]));
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
    header: {
      agencyMark: headerSettings.agencyMark || plan.issuingBody,
      docNumber: params.docNumber ?? defaultDocNumber(headerSettings.docNumberPrefix, plan.year, parsePeriod(period).index),
    },
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

/** The plan a bulletin of a year is of: the one asked for, else the year's published plan (then the oldest counting one). */
async function bulletinPlan(db: Database, year: number, planId: number | undefined) {
  const [plan] = await db
    .select({ id: plans.id, year: plans.year, title: plans.title, titleEn: plans.titleEn, issuingBody: plans.issuingBody, cadence: plans.cadence, dueDay: plans.dueDay, graceDays: plans.graceDays, greenMaxBehind: plans.greenMaxBehind, yellowMaxBehind: plans.yellowMaxBehind })
    .from(plans)
    .where(and(eq(plans.year, year), countingPlans(), planId ? eq(plans.id, planId) : undefined))
    .orderBy(desc(sql`${plans.state} = 'published'`), asc(plans.id))
    .limit(1);
  return plan ?? null;
}

export type BulletinChoices = {
  planId: number;
  /** The periods of the plan's year that have begun, oldest first, and the one a bulletin takes by default. */
  periods: string[];
  defaultPeriod: string;
  /** The document number each period's bulletin gets unless the officer types another. */
  docNumbers: Record<string, string>;
  agencyMark: string;
};

/** What the bulletin form offers: the plan the bulletin is of, its periods so far and their default 文号. */
export async function getBulletinChoices(input: { year: number; planId?: number }, now: Date = new Date()): Promise<BulletinChoices | null> {
  await requireViewer("dashboard.read");
  const db = await getDb();
  const today = shanghaiDate(now);
  const plan = await bulletinPlan(db, input.year, input.planId);
  if (!plan) return null;
  const cadence = plan.cadence as Cadence;
  const periods = periodsOfYear(plan.year, cadence).filter((p) => periodRange(p).start <= today);
  if (periods.length === 0) return null;
  const settings = await readBulletinSettings(db);
  return {
    planId: plan.id,
    periods,
    defaultPeriod: choosePeriod(undefined, plan.year, cadence, today, plan.dueDay, plan.graceDays),
    docNumbers: Object.fromEntries(periods.map((p) => [p, defaultDocNumber(settings.docNumberPrefix, plan.year, parsePeriod(p).index)])),
    agencyMark: settings.agencyMark || plan.issuingBody,
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

type RollupRow = { period: "current" | "previous"; regionCode: string | null; total: number; completed: number; progressSum: number };

/**
 * Counts and progress sums by league-city (counties rolled up) and in total, as of the period and
 * the one before, from each assignment's kept "approved progress as of period".
 */
function rollupsAsOf(rows: AssignmentRow[], idx: number, previousIdx: number | null): RollupRow[] {
  const out = new Map<string, RollupRow>();
  const add = (period: "current" | "previous", regionCode: string | null, asOf: number) => {
    const k = `${period}|${regionCode}`;
    const r = out.get(k) ?? { period, regionCode, total: 0, completed: 0, progressSum: 0 };
    r.total++;
    if (asOf === 100) r.completed++;
    r.progressSum += asOf;
    out.set(k, r);
  };
  for (const r of rows) {
    for (const region of [r.league_code, null]) {
      add("current", region, r.as_of_now);
      if (previousIdx !== null && previousIdx >= 1) add("previous", region, r.as_of_before ?? 0);
    }
  }
  return [...out.values()];
}

type AssignmentRow = {
  assignment_id: number;
  region_code: string;
  /** The league-city the region rolls up to (itself for a league-city). */
  league_code: string;
  number: string;
  title: string;
  title_en: string;
  start_date: IsoDate;
  due_date: IsoDate;
  /** Latest approved progress up to the period; null when nothing was approved yet. */
  progress: number | null;
  /** Approved progress as it counts (100 once complete) as of the period and the one before. */
  as_of_now: number;
  as_of_before: number | null;
  /** A report of the period is asked for: the window covers it and it was not completed by an earlier period. */
  required: boolean;
  /** A report of the period was handed in (lib/domain/reporting isHandedIn). */
  reported: boolean;
  completed_in_period: boolean;
};

/**
 * Every assignment of the plan begun by the period's end, read from its kept state: approved
 * progress as of the period, and whether the period's report was asked for and handed in.
 */
async function assignmentsAsOf(db: Database, planId: number, idx: number, end: IsoDate): Promise<AssignmentRow[]> {
  const res = await db.execute(sql`
    select s.assignment_id, s.region_code,
      ${leagueOfSql("rg")} as league_code,
      t.number, t.title, t.title_en, s.start_date::text as start_date, s.due_date::text as due_date,
      s.as_of[${idx}]::int as as_of_now, s.as_of[${idx - 1}]::int as as_of_before,
      (s.first_index is not null and ${idx} between s.first_index and s.last_index and coalesce(s.as_of[${idx - 1}], 0) <> 100) as required,
      ((coalesce(s.period_flags[${idx}], 0) & ${FLAG_HANDED_IN}) <> 0) as reported,
      ((coalesce(s.period_flags[${idx}], 0) & ${FLAG_APPROVED}) <> 0 and s.as_of[${idx}] = 100) as completed_in_period,
      (case when exists (select 1 from unnest(s.period_flags[1:${idx}]) f where (f & ${FLAG_APPROVED}) <> 0) then s.as_of[${idx}]::int end) as progress
    from ${assignmentStates} s
    join ${tasks} t on t.id = s.task_id
    join ${regions} rg on rg.code = s.region_code
    where s.plan_id = ${planId} and t.archived_at is null and s.start_date <= ${end}`);
  return (res as unknown as { rows: AssignmentRow[] }).rows.map((r) => ({ ...r, as_of_now: Number(r.as_of_now ?? 0), as_of_before: r.as_of_before === null ? null : Number(r.as_of_before) }));
}

type MissingRow = { region_code: string; due: number; missing: number; numbers: string | null };

/**
 * Per league-city (counties rolled up): the assignments a report of the period was asked for, and
 * those whose report was not handed in.
 */
function missingByRegion(rows: AssignmentRow[], start: IsoDate, dueOn: IsoDate): MissingRow[] {
  const out = new Map<string, { due: number; missing: number; numbers: string[] }>();
  for (const r of rows) {
    if (!r.required || r.due_date < start || r.start_date > dueOn) continue;
    const m = out.get(r.league_code) ?? { due: 0, missing: 0, numbers: [] };
    m.due++;
    if (!r.reported) {
      m.missing++;
      m.numbers.push(r.number);
    }
    out.set(r.league_code, m);
  }
  return [...out.entries()].map(([region_code, m]) => ({ region_code, due: m.due, missing: m.missing, numbers: [...new Set(m.numbers)].join(",") }));
}
