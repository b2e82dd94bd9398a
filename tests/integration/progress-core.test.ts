import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { verifyAssignmentStates } from "@/db/derived-state";
import { assignmentStates, plans, regions, tasks, users } from "@/db/schema";
import { getDashboard, type Dashboard } from "@/lib/data/dashboard";
import { setAssignments, updateAssignment } from "@/lib/data/plan-assignments";
import { exportPlanWorkbook, importPlanSheet } from "@/lib/data/plan-excel";
import { createTask, deleteTask, moveTask, updateTask } from "@/lib/data/plan-tasks";
import { copyPlan, createPlan, setPlanState, updatePlan } from "@/lib/data/plans";
import { countingPlans } from "@/lib/data/progress-core";
import { loadAssignmentProgress } from "@/lib/data/progress-rows";
import { saveReportDraft, submitReport } from "@/lib/data/reports";
import { approveReport, approveReports, returnReport } from "@/lib/data/review";
import { shanghaiDate } from "@/lib/domain/dates";
import type { Cadence } from "@/lib/domain/periods";
import type { Light } from "@/lib/domain/progress";
import { FLAG_HANDED_IN, lastDueIndex, lastStartedIndex, punctuality } from "@/lib/domain/reporting";
import { NOW, actAs, clockFromNow, query, seed } from "../support/fixtures";
import { outcome } from "../support/outcome";

/** Noon in China on a calendar day. */
const noon = (day: string) => new Date(`${day}T12:00:00+08:00`);
const PERIOD = "2026-11";
const BODY = "内蒙古自治区生态环境厅";

type Counts = { green: number; yellow: number; red: number };
const zero = (): Counts => ({ green: 0, yellow: 0, red: 0 });

/**
 * The light and punctuality of every counting assignment of a year, by the TypeScript rule
 * (loadAssignmentProgress → stateLight; punctuality over the kept flags), grouped as the
 * province view groups them: a county under its league-city.
 */
async function domainFigures(year: number, now: Date) {
  const db = await getDb();
  const today = shanghaiDate(now);
  const rows = await loadAssignmentProgress(db, and(eq(plans.year, year), countingPlans()), now);
  const tree = await db.select({ code: regions.code, level: regions.level, parentCode: regions.parentCode }).from(regions);
  const groupOf = new Map(tree.map((r) => [r.code, r.level === "banner_county" ? r.parentCode! : r.code]));
  const byRegion = new Map<string, Counts>();
  const byTask = new Map<number, Counts>();
  const total = zero();
  const lightOf = new Map<number, Light>();
  for (const r of rows) {
    const g = groupOf.get(r.regionCode)!;
    if (!byRegion.has(g)) byRegion.set(g, zero());
    if (!byTask.has(r.topTaskId)) byTask.set(r.topTaskId, zero());
    byRegion.get(g)![r.light]++;
    byTask.get(r.topTaskId)![r.light]++;
    total[r.light]++;
    lightOf.set(r.assignmentId, r.light);
  }
  const states = await db
    .select({
      regionCode: assignmentStates.regionCode, completed: assignmentStates.completed, firstIndex: assignmentStates.firstIndex, lastIndex: assignmentStates.lastIndex,
      periodFlags: assignmentStates.periodFlags, year: plans.year, cadence: plans.cadence, dueDay: plans.dueDay, state: plans.state,
    })
    .from(assignmentStates)
    .innerJoin(tasks, eq(tasks.id, assignmentStates.taskId))
    .innerJoin(plans, eq(plans.id, assignmentStates.planId))
    .where(and(eq(plans.year, year), countingPlans(), isNull(tasks.archivedAt)));
  const punctual = new Map<string, { due: number; onTime: number }>();
  // Reports missing this period: each published plan's current period, by its own cadence.
  let missing = 0;
  for (const s of states) {
    if (s.state === "published" && !s.completed && s.firstIndex !== null && Number(today.slice(0, 4)) === year) {
      const k = lastStartedIndex(year, s.cadence as Cadence, today);
      if (k >= s.firstIndex && k <= s.lastIndex! && ((s.periodFlags[k - 1] ?? 0) & FLAG_HANDED_IN) === 0) missing++;
    }
  }
  for (const s of states) {
    const p = punctuality(s, lastDueIndex(s.year, s.cadence as Cadence, today, s.dueDay));
    const g = groupOf.get(s.regionCode)!;
    const acc = punctual.get(g) ?? { due: 0, onTime: 0 };
    punctual.set(g, { due: acc.due + p.due, onTime: acc.onTime + p.onTime });
  }
  return { byRegion, byTask, total, lightOf, punctual, missing, count: rows.length };
}

/** The SQL figures of the dashboard equal the TypeScript rule's, region by region and task by task. */
async function expectSqlEqualsDomain(year: number, now: Date, opts: { missing?: boolean } = {}) {
  await actAs("leader");
  const d = await getDashboard({ year }, now, { useCache: false });
  const e = await domainFigures(year, now);
  const lights = (x: Counts) => ({ green: x.green, yellow: x.yellow, red: x.red });
  expect(lights(d.headline), "headline").toEqual(e.total);
  expect(d.headline.total).toBe(e.count);
  expect(d.byRegion.map((r) => r.regionCode).sort()).toEqual([...e.byRegion.keys()].sort());
  for (const r of d.byRegion) {
    expect(lights(r), `region ${r.regionCode}`).toEqual(e.byRegion.get(r.regionCode));
    const p = e.punctual.get(r.regionCode)!;
    if (p.due === 0) expect(r.punctuality, `punctuality ${r.regionCode}`).toBeNull();
    else expect(r.punctuality, `punctuality ${r.regionCode}`).toBeCloseTo(p.onTime / p.due, 10);
  }
  expect(d.byTask.length).toBe(e.byTask.size);
  for (const t of d.byTask) expect(lights(t), `task ${t.number}`).toEqual(e.byTask.get(t.taskId));
  // The "behind" list names each assignment with the light the TypeScript rule gives it.
  expect(d.behindCount).toBe(e.total.yellow + e.total.red);
  for (const b of d.behind) expect(b.light, `assignment ${b.assignmentId}`).toBe(e.lightOf.get(b.assignmentId));
  if (opts.missing !== false) expect(d.headline.missingThisPeriod, "reports missing this period").toBe(e.missing);
  return { d, e };
}

async function verifyKeptState() {
  const db = await getDb();
  const { checked, differences } = await verifyAssignmentStates(db);
  const [n] = await query<{ n: number }>(sql`select count(*)::int as n from assignments`);
  expect(checked).toBe(n!.n);
  expect(differences).toEqual([]);
}

async function keptState(assignmentId: number) {
  const db = await getDb();
  const [s] = await db.select().from(assignmentStates).where(eq(assignmentStates.assignmentId, assignmentId));
  return s;
}

async function planOf(year: number, state: "published" | "closed"): Promise<number> {
  const db = await getDb();
  const [p] = await db.select({ id: plans.id }).from(plans).where(and(eq(plans.year, year), eq(plans.state, state))).orderBy(asc(plans.id));
  return p!.id;
}

/** A plan's settings as updatePlan takes them, with some changed. */
async function planSettings(planId: number, over: Record<string, unknown> = {}) {
  const db = await getDb();
  const [p] = await db
    .select({
      year: plans.year, title: plans.title, titleEn: plans.titleEn, issuingBody: plans.issuingBody, meetingDate: plans.meetingDate, sourceText: plans.sourceText,
      cadence: plans.cadence, dueDay: plans.dueDay, graceDays: plans.graceDays, greenMaxBehind: plans.greenMaxBehind, yellowMaxBehind: plans.yellowMaxBehind,
    })
    .from(plans)
    .where(eq(plans.id, planId));
  return { planId, ...p!, meetingDate: p!.meetingDate ?? "", ...over };
}

/** Open 2026 assignments of a region that can take a November report and have none yet. */
async function openAssignments(region: string): Promise<number[]> {
  const rows = await query<{ id: number }>(sql`
    select a.id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
    where p.year = 2026 and p.state = 'published' and t.archived_at is null and a.region_code = ${region} and a.closed_at is null
      and a.start_date <= '2026-11-01' and a.due_date >= '2026-11-30'
      and not exists (select 1 from reports r where r.assignment_id = a.id and r.period = ${PERIOD})
    order by a.id`);
  return rows.map((r) => Number(r.id));
}

const draft = (assignmentId: number, extra: object = {}) => ({ assignmentId, period: PERIOD, progress: 60, status: "on_track" as const, workDone: "推进中", dropReason: "按新口径重新核算", ...extra });

/** Draft, submit and (as staff) approve a report; returns the approval's version. */
async function reportAndApprove(bureau: string, assignmentId: number, extra: object = {}) {
  await actAs(bureau);
  const saved = await saveReportDraft(draft(assignmentId, extra), NOW);
  const sub = await submitReport({ reportId: saved.id, version: saved.version }, NOW);
  await actAs("staff");
  return approveReport({ reportId: saved.id, version: sub.version }, NOW);
}

/** What a leader reads: the figures that must follow every write. */
function figures(d: Dashboard) {
  const pick = (r: { total: number; completed: number; meanProgress: number; green: number; yellow: number; red: number }) => ({ total: r.total, completed: r.completed, meanProgress: r.meanProgress, green: r.green, yellow: r.yellow, red: r.red });
  return {
    headline: { ...pick(d.headline), missing: d.headline.missingThisPeriod },
    byRegion: Object.fromEntries(d.byRegion.map((r) => [r.regionCode, pick(r)])),
    byTask: Object.fromEntries(d.byTask.map((t) => [t.taskId, pick(t)])),
    byYear: d.byYear.map((y) => [y.year, pick(y)]),
  };
}

// Its steps go through routes and actions that read the clock, on the demo data as of NOW.
let realClock: () => void = () => undefined;
beforeAll(() => {
  realClock = clockFromNow();
});
afterAll(() => realClock());

beforeAll(async () => {
  await seed();
});

describe("the SQL light equals the TypeScript light", () => {
  const days: [number, string, Date][] = [
    ...["2026-01-01", "2026-02-25", "2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03", "2026-10-25", "2026-10-30", "2026-10-31", "2026-11-01", "2026-12-31", "2027-01-01"].map(
      (d): [number, string, Date] => [2026, d, noon(d)],
    ),
    [2026, "NOW (2026-11-22)", NOW],
    // Either side of midnight in China on the last day of October's grace (16:00 UTC is 00:00 in China).
    [2026, "2026-10-30 23:59:59 China", new Date("2026-10-30T15:59:59Z")],
    [2026, "2026-10-31 00:00:00 China", new Date("2026-10-30T16:00:00Z")],
    ...["2025-06-25", "2025-06-30", "2025-07-01", "2025-12-31"].map((d): [number, string, Date] => [2025, d, noon(d)]),
    [2025, "NOW", NOW],
    ...["2024-03-25", "2024-03-31", "2024-04-01", "2024-06-30", "2024-07-01", "2024-12-31"].map((d): [number, string, Date] => [2024, d, noon(d)]),
  ];
  it.each(days)("%i on %s", async (year, _label, now) => {
    const { d } = await expectSqlEqualsDomain(year, now);
    expect(d.byRegion).toHaveLength(12);
  });

  it("the dates are not all green: the comparison has yellow and red to compare", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2026 }, NOW);
    expect(d.headline.yellow).toBeGreaterThan(0);
    expect(d.headline.red).toBeGreaterThan(0);
  });
});

describe("after every write the kept state equals a recomputation", () => {
  const REGION = "150400";
  const BUREAU = `bureau-${REGION}`;
  const ctx = {
    plan2025: 0,
    plan2026: 0,
    open: [] as number[],
    report: { reportId: 0, version: 0 },
    leaf: { taskId: 0, regionCode: "" },
    copy: 0,
    imported: 0,
  };

  beforeAll(async () => {
    ctx.plan2025 = await planOf(2025, "closed");
    ctx.plan2026 = await planOf(2026, "published");
    ctx.open = await openAssignments(REGION);
    expect(ctx.open.length).toBeGreaterThanOrEqual(6);
    // A new measure of the 2026 plan, assigned to nobody yet (the demo assigns every measure to every league-city).
    const [top] = await query<{ id: number }>(sql`select id from tasks where plan_id = ${ctx.plan2026} and parent_id is null and archived_at is null order by sort_order limit 1`);
    await actAs("staff");
    const leaf = await createTask({ planId: ctx.plan2026, parentId: Number(top!.id), title: "核对用举措", startDate: "2026-01-01", dueDate: "2026-12-31" });
    ctx.leaf = { taskId: leaf.id, regionCode: REGION };
    await verifyKeptState();
  });

  const steps: [string, () => Promise<void>][] = [
    ["saving a draft", async () => {
      await actAs(BUREAU);
      const saved = await saveReportDraft(draft(ctx.open[0]!), NOW);
      ctx.report = { reportId: saved.id, version: saved.version };
      expect(await keptState(ctx.open[0]!)).toMatchObject({ lastPeriod: PERIOD, lastState: "draft" });
    }],
    ["submitting it", async () => {
      await actAs(BUREAU);
      ctx.report.version = (await submitReport(ctx.report, NOW)).version;
      const s = await keptState(ctx.open[0]!);
      expect(s).toMatchObject({ lastState: "submitted" });
      expect(s!.periodFlags[10]).toBe(3);
    }],
    ["returning it", async () => {
      await actAs("staff");
      ctx.report.version = (await returnReport({ ...ctx.report, comment: "请补充佐证材料" }, NOW)).version;
      expect(await keptState(ctx.open[0]!)).toMatchObject({ lastState: "returned" });
    }],
    ["correcting and resubmitting it", async () => {
      await actAs(BUREAU);
      const saved = await saveReportDraft(draft(ctx.open[0]!, { progress: 70, version: ctx.report.version }), NOW);
      ctx.report.version = (await submitReport({ reportId: saved.id, version: saved.version }, NOW)).version;
      const s = await keptState(ctx.open[0]!);
      expect(s).toMatchObject({ lastState: "submitted" });
      expect(s!.approvedPeriod).not.toBe(PERIOD);
    }],
    ["approving it", async () => {
      await actAs("staff");
      await approveReport(ctx.report, NOW);
      const s = await keptState(ctx.open[0]!);
      expect(s).toMatchObject({ lastState: "approved", approvedPeriod: PERIOD, approvedProgress: 70 });
      expect(s!.asOf[10]).toBe(70);
    }],
    ["approving a completion, which closes the assignment", async () => {
      expect(await reportAndApprove(BUREAU, ctx.open[1]!, { progress: 100, status: "complete" })).toMatchObject({ closed: true });
      expect(await keptState(ctx.open[1]!)).toMatchObject({ completed: true, completedOnTime: true, approvedProgress: 100 });
    }],
    ["approving several at once", async () => {
      await actAs(BUREAU);
      const items = [];
      for (const a of [ctx.open[2]!, ctx.open[3]!]) {
        const saved = await saveReportDraft(draft(a, { progress: 80 }), NOW);
        items.push({ reportId: saved.id, version: (await submitReport({ reportId: saved.id, version: saved.version }, NOW)).version });
      }
      await actAs("staff");
      expect(await approveReports(items, NOW)).toEqual({ approved: 2 });
      for (const a of [ctx.open[2]!, ctx.open[3]!]) expect(await keptState(a)).toMatchObject({ approvedProgress: 80, lastState: "approved" });
    }],
    ["changing an assignment's dates", async () => {
      await actAs("staff");
      await updateAssignment({ assignmentId: ctx.open[0]!, startDate: "2026-03-10", dueDate: "2026-12-15", contactName: "张三", contactPhone: "" });
      expect(await keptState(ctx.open[0]!)).toMatchObject({ startDate: "2026-03-10", dueDate: "2026-12-15", firstIndex: 3, lastIndex: 12 });
    }],
    ["moving an assignment's window out of its plan's year", async () => {
      await actAs("staff");
      await updateAssignment({ assignmentId: ctx.open[4]!, startDate: "2027-01-01", dueDate: "2027-06-30" });
      expect(await keptState(ctx.open[4]!)).toMatchObject({ firstIndex: null, lastIndex: null });
    }],
    ["adding assignments", async () => {
      await actAs("staff");
      const cells = [{ ...ctx.leaf, assigned: true }, { taskId: ctx.leaf.taskId, regionCode: "150200", assigned: true }];
      // In a published plan a new assignment starts on the day it is given unless staff choose: here the task's own start, so that it follows the task's dates below.
      const [task] = await query<{ start: string }>(sql`select start_date::text as start from tasks where id = ${ctx.leaf.taskId}`);
      expect(await setAssignments({ planId: ctx.plan2026, cells, startDate: task!.start })).toEqual({ added: 2, removed: 0 });
      const [a] = await query<{ id: number }>(sql`select id from assignments where task_id = ${ctx.leaf.taskId} and region_code = ${ctx.leaf.regionCode}`);
      expect(await keptState(Number(a!.id))).toMatchObject({ planId: ctx.plan2026, approvedProgress: null });
    }],
    ["changing a task's dates: the assignments that kept them follow", async () => {
      await actAs("staff");
      const db = await getDb();
      const [t] = await db.select().from(tasks).where(eq(tasks.id, ctx.leaf.taskId));
      await updateTask({ taskId: t!.id, title: t!.title, titleEn: t!.titleEn, description: t!.description, leadOffice: t!.leadOffice, startDate: "2026-02-01", dueDate: t!.dueDate, weight: t!.weight });
      const [a] = await query<{ id: number }>(sql`select id from assignments where task_id = ${ctx.leaf.taskId} and region_code = ${ctx.leaf.regionCode}`);
      expect(await keptState(Number(a!.id))).toMatchObject({ startDate: "2026-02-01", firstIndex: 2 });
    }],
    ["removing an assignment", async () => {
      await actAs("staff");
      expect(await setAssignments({ planId: ctx.plan2026, cells: [{ ...ctx.leaf, assigned: false }] })).toEqual({ added: 0, removed: 1 });
    }],
    ["copying a plan", async () => {
      await actAs("staff");
      const copy = await copyPlan({ fromPlanId: ctx.plan2025, year: 2027 });
      ctx.copy = copy.id;
      expect(copy.assignments).toBeGreaterThan(0);
      const [n] = await query<{ n: number }>(sql`select count(*)::int as n from assignment_states where plan_id = ${copy.id}`);
      expect(n!.n).toBe(copy.assignments);
    }],
    ["updating a plan's settings: cadence monthly → quarterly", async () => {
      await actAs("staff");
      await updatePlan(await planSettings(ctx.copy, { cadence: "quarterly" }));
      const [s] = await query<{ n: number }>(sql`select max(array_length(as_of, 1))::int as n from assignment_states where plan_id = ${ctx.copy}`);
      expect(s!.n).toBe(4);
    }],
    ["updating a plan's settings: year 2027 → 2028 (the windows leave the year)", async () => {
      await actAs("staff");
      await updatePlan(await planSettings(ctx.copy, { year: 2028, title: "2028年复制计划" }));
      const [s] = await query<{ n: number }>(sql`select count(*)::int as n from assignment_states where plan_id = ${ctx.copy} and first_index is not null`);
      expect(s!.n).toBe(0);
    }],
    ["updating a published plan's thresholds and due day", async () => {
      await actAs("staff");
      await updatePlan(await planSettings(ctx.plan2026, { greenMaxBehind: 8, yellowMaxBehind: 20, dueDay: 24 }));
    }],
    ["moving a measure to another key task", async () => {
      await actAs("staff");
      const tops = await query<{ id: number }>(sql`select id from tasks where plan_id = ${ctx.plan2026} and parent_id is null and archived_at is null order by sort_order`);
      await moveTask({ taskId: ctx.leaf.taskId, parentId: Number(tops.at(-1)!.id), position: 0 });
    }],
    ["archiving a measure with reports", async () => {
      await actAs("staff");
      const [t] = await query<{ task_id: number }>(sql`select a.task_id from assignments a where a.id = ${ctx.open[5]!}`);
      // A report on it makes deleteTask archive rather than delete.
      await reportAndApprove(BUREAU, ctx.open[5]!, { progress: 40 });
      await actAs("staff");
      expect(await deleteTask({ taskId: Number(t!.task_id), confirm: true })).toMatchObject({ result: "archived" });
    }],
    ["importing a plan sheet", async () => {
      await actAs("staff");
      const sheet = await exportPlanWorkbook(ctx.plan2026);
      const plan = await createPlan({ year: 2026, title: "导入核对计划", issuingBody: BODY, cadence: "monthly", dueDay: 25, graceDays: 5, greenMaxBehind: 10, yellowMaxBehind: 25 });
      const result = await importPlanSheet(plan.id, sheet.bytes);
      expect(result.errors).toEqual([]);
      expect(result.written).toBe(true);
      expect(result.created.assignments).toBeGreaterThan(0);
      ctx.imported = plan.id;
    }],
  ];

  it.each(steps)("%s", async (_name, step) => {
    await step();
    await verifyKeptState();
  });
});

describe("the remembered year figures are never stale", () => {
  const REGION = "150500";
  const BUREAU = `bureau-${REGION}`;
  let plan2026 = 0;

  /** Reads the figures (remembered), does the write, reads again: they changed, and equal a fresh computation. */
  async function expectFollows(write: () => Promise<void>, changed: (before: ReturnType<typeof figures>, after: ReturnType<typeof figures>) => void) {
    await actAs("leader");
    const before = figures(await getDashboard({ year: 2026 }, NOW));
    // A second read is served from memory and is the same.
    expect(figures(await getDashboard({ year: 2026 }, NOW))).toEqual(before);
    await write();
    await actAs("leader");
    const after = figures(await getDashboard({ year: 2026 }, NOW));
    expect(after).not.toEqual(before);
    changed(before, after);
    expect(after).toEqual(figures(await getDashboard({ year: 2026 }, NOW, { useCache: false })));
  }

  beforeAll(async () => {
    plan2026 = await planOf(2026, "published");
  });

  it("approving a report", async () => {
    const [a] = await openAssignments(REGION);
    await expectFollows(
      async () => void (await reportAndApprove(BUREAU, a!, { progress: 100, status: "complete" })),
      (before, after) => {
        expect(after.byRegion[REGION]!.completed).toBe(before.byRegion[REGION]!.completed + 1);
        expect(after.headline.completed).toBe(before.headline.completed + 1);
      },
    );
  });

  it.each([
    ["closing the plan", "closed"],
    ["publishing it again", "published"],
  ] as const)("setPlanState: %s", async (_label, state) => {
    await expectFollows(
      async () => {
        await actAs("staff");
        await setPlanState({ planId: plan2026, state }, NOW);
      },
      // Only a published plan asks for this period's reports.
      (before, after) => (state === "closed" ? expect(after.headline.missing).toBe(0) : expect(before.headline.missing).toBe(0)),
    );
  });

  it("publishing and unpublishing a second plan of the year", async () => {
    await actAs("staff");
    const copy = await copyPlan({ fromPlanId: plan2026, year: 2026, title: "2026年第二份计划" });
    await expectFollows(
      async () => {
        await actAs("staff");
        await setPlanState({ planId: copy.id, state: "published" }, NOW);
      },
      (before, after) => expect(after.headline.total).toBe(before.headline.total + copy.assignments),
    );
    await expectFollows(
      async () => {
        await actAs("staff");
        await setPlanState({ planId: copy.id, state: "draft" }, NOW);
      },
      (before, after) => expect(after.headline.total).toBe(before.headline.total - copy.assignments),
    );
  });

  it("moving a measure to another key task", async () => {
    const [m] = await query<{ id: number; parent_id: number; n: number }>(sql`
      select t.id, t.parent_id, (select count(*)::int from assignments a where a.task_id = t.id) as n from tasks t
      where t.plan_id = ${plan2026} and t.parent_id is not null and t.archived_at is null
        and exists (select 1 from assignments a where a.task_id = t.id)
      order by t.id limit 1`);
    const [other] = await query<{ id: number }>(sql`select id from tasks where plan_id = ${plan2026} and parent_id is null and archived_at is null and id <> ${m!.parent_id} order by sort_order desc limit 1`);
    await expectFollows(
      async () => {
        await actAs("staff");
        await moveTask({ taskId: Number(m!.id), parentId: Number(other!.id), position: 0 });
      },
      (before, after) => {
        expect(after.byTask[Number(other!.id)]!.total).toBe((before.byTask[Number(other!.id)]?.total ?? 0) + Number(m!.n));
        expect(after.headline.total).toBe(before.headline.total);
      },
    );
  });

  it("archiving a measure with reports", async () => {
    const [m] = await query<{ id: number; n: number }>(sql`
      select t.id, (select count(*)::int from assignments a where a.task_id = t.id) as n from tasks t
      where t.plan_id = ${plan2026} and t.parent_id is not null and t.archived_at is null
        and exists (select 1 from assignments a join reports r on r.assignment_id = a.id where a.task_id = t.id)
      order by t.id desc limit 1`);
    await expectFollows(
      async () => {
        await actAs("staff");
        expect(await deleteTask({ taskId: Number(m!.id), confirm: true })).toMatchObject({ result: "archived" });
      },
      (before, after) => expect(after.headline.total).toBe(before.headline.total - Number(m!.n)),
    );
  });
});

describe("a draft plan never counts", () => {
  it.each([
    [2025, "2025年草稿副本"],
    [2026, "2026年草稿副本"],
  ])("a draft copy into %i changes none of the year's figures", async (year, title) => {
    await actAs("leader");
    const before = figures(await getDashboard({ year }, NOW));
    await actAs("staff");
    const copy = await copyPlan({ fromPlanId: await planOf(2025, "closed"), year, title });
    expect(copy.assignments).toBeGreaterThan(0);
    await actAs("leader");
    expect(figures(await getDashboard({ year }, NOW))).toEqual(before);
    expect(figures(await getDashboard({ year }, NOW, { useCache: false }))).toEqual(before);
  });
});

describe("banner-counties roll up into their league-city", () => {
  const LEAGUE = "150100";
  const COUNTIES = ["150121", "150122"];
  let task = 0;
  let before: Dashboard;

  beforeAll(async () => {
    await actAs("leader");
    before = await getDashboard({ year: 2026 }, NOW);
    const db = await getDb();
    await db.insert(regions).values([
      { code: "150121", nameZh: "土默特左旗", nameEn: "Tumed Left Banner", level: "banner_county", parentCode: LEAGUE, sortOrder: 1 },
      { code: "150122", nameZh: "托克托县", nameEn: "Togtoh County", level: "banner_county", parentCode: LEAGUE, sortOrder: 2 },
    ]);
    await db.insert(users).values({ username: "bureau-150121", name: "土默特左旗生态环境分局", passwordHash: "-", role: "bureau", regionCode: "150121" });
    const plan = await planOf(2026, "published");
    const [leaf] = await query<{ id: number }>(sql`
      select t.id from tasks t where t.plan_id = ${plan} and t.archived_at is null
        and not exists (select 1 from tasks c where c.parent_id = t.id)
        and t.start_date <= '2026-11-01' and t.due_date >= '2026-11-30'
        and exists (select 1 from assignments a where a.task_id = t.id and a.region_code = ${LEAGUE})
      order by t.id limit 1`);
    task = Number(leaf!.id);
    await actAs("staff");
    expect(await setAssignments({ planId: plan, cells: COUNTIES.map((regionCode) => ({ taskId: task, regionCode, assigned: true })) })).toEqual({ added: 2, removed: 0 });
  });

  it("the province view still has the 12 league-cities, the counties counted in theirs", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2026 }, NOW);
    expect(d.byRegion).toHaveLength(12);
    expect(d.byRegion.every((r) => r.level === "league_city")).toBe(true);
    const row = (x: Dashboard, code: string) => x.byRegion.find((r) => r.regionCode === code)!;
    expect(row(d, LEAGUE).total).toBe(row(before, LEAGUE).total + 2);
    expect(d.headline.total).toBe(before.headline.total + 2);
    for (const r of d.byRegion.filter((x) => x.regionCode !== LEAGUE)) expect(r.total).toBe(row(before, r.regionCode).total);
  });

  it("the league-city's view has a row for itself and one for each county", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2026, regionCode: LEAGUE }, NOW);
    expect(d.byRegion.map((r) => r.regionCode).sort()).toEqual([LEAGUE, ...COUNTIES]);
    expect(d.byRegion.find((r) => r.regionCode === LEAGUE)!.total).toBe(before.byRegion.find((r) => r.regionCode === LEAGUE)!.total);
    for (const c of COUNTIES) expect(d.byRegion.find((r) => r.regionCode === c)).toMatchObject({ total: 1, level: "banner_county" });
    expect(d.headline.total).toBe(before.byRegion.find((r) => r.regionCode === LEAGUE)!.total + 2);
    expect(d.scope).toMatchObject({ code: LEAGUE, level: "league_city" });
  });

  it.each([
    ["NOW", NOW],
    ["2026-11-30", noon("2026-11-30")],
    ["2026-12-01", noon("2026-12-01")],
  ])("the SQL light equals the TypeScript light with counties (%s)", async (_label, now) => {
    await expectSqlEqualsDomain(2026, now);
  });

  it("a county's approved report moves its league-city and the province at once", async () => {
    await actAs("leader");
    const province = await getDashboard({ year: 2026 }, NOW);
    const league = await getDashboard({ year: 2026, regionCode: LEAGUE }, NOW);
    const [a] = await query<{ id: number }>(sql`select id from assignments where task_id = ${task} and region_code = '150121'`);
    await reportAndApprove("bureau-150121", Number(a!.id), { progress: 100, status: "complete" });
    await actAs("leader");
    const province2 = await getDashboard({ year: 2026 }, NOW);
    const league2 = await getDashboard({ year: 2026, regionCode: LEAGUE }, NOW);
    const row = (x: Dashboard, code: string) => x.byRegion.find((r) => r.regionCode === code)!;
    expect(row(province2, LEAGUE).completed).toBe(row(province, LEAGUE).completed + 1);
    expect(province2.headline.completed).toBe(province.headline.completed + 1);
    expect(row(league2, "150121")).toMatchObject({ completed: 1, meanProgress: 100 });
    expect(row(league2, LEAGUE).completed).toBe(row(league, LEAGUE).completed);
    expect(league2.headline.completed).toBe(league.headline.completed + 1);
    for (const code of province.byRegion.map((r) => r.regionCode).filter((c) => c !== LEAGUE)) expect(row(province2, code).completed).toBe(row(province, code).completed);
    // Only the county's league-city was recomputed from its kept states: the whole answer, behind list included, equals a full pass.
    expect(province2).toEqual(await getDashboard({ year: 2026 }, NOW, { useCache: false }));
    expect(league2).toEqual(await getDashboard({ year: 2026, regionCode: LEAGUE }, NOW, { useCache: false }));
    await verifyKeptState();
  });
});

describe("a year with a monthly and a quarterly plan", () => {
  const REGION = "150600";
  let quarterly = 0;

  beforeAll(async () => {
    await actAs("staff");
    // The 2024 plan is quarterly: its copy into 2026 sits beside the monthly 2026 plan.
    const copy = await copyPlan({ fromPlanId: await planOf(2024, "closed"), year: 2026, title: "2026年季度报送计划" });
    quarterly = copy.id;
    // Published on NOW (in the fourth quarter): its assignments start that day, so Q4 is the first period asked for.
    await setPlanState({ planId: quarterly, state: "published" }, NOW);
    const [a] = await query<{ id: number }>(sql`
      select a.id from assignments a join tasks t on t.id = a.task_id
      where t.plan_id = ${quarterly} and a.region_code = ${REGION} and a.start_date = '2026-11-22' and a.due_date >= '2026-12-31' order by a.id limit 1`);
    // A completion approved for this quarter.
    expect(await reportAndApprove(`bureau-${REGION}`, Number(a!.id), { period: "2026-Q4", progress: 100, status: "complete" })).toMatchObject({ closed: true });
    await verifyKeptState();
  });

  it("lights and punctuality: SQL equals TypeScript", async () => {
    await expectSqlEqualsDomain(2026, NOW, { missing: false });
  });

  it("reports missing this period are counted by each plan's own current period", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2026 }, NOW);
    const e = await domainFigures(2026, NOW);
    expect(d.headline.missingThisPeriod, "reports missing this period").toBe(e.missing);
  });

  it("the curve's current point equals the headline", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2026 }, NOW);
    const last = d.byPeriod.at(-1)!;
    expect(last.period).toBe(PERIOD);
    expect(last.completionRate * d.headline.total, "completed as of November").toBeCloseTo(d.headline.completed, 6);
    expect(last.meanProgress, "mean progress as of November").toBe(d.headline.meanProgress);
  });
});

describe("changing a plan's cadence after reports were made", () => {
  it("is refused, or no report is read out of its period", async () => {
    const REGION = "150700";
    await actAs("staff");
    const plan = await createPlan({ year: 2026, title: "报送周期变更计划", issuingBody: BODY, cadence: "monthly", dueDay: 25, graceDays: 5, greenMaxBehind: 10, yellowMaxBehind: 25 });
    const top = await createTask({ planId: plan.id, parentId: null, title: "重点任务", startDate: "2026-01-01", dueDate: "2026-12-31" });
    const leaf = await createTask({ planId: plan.id, parentId: top.id, title: "具体举措", startDate: "2026-01-01", dueDate: "2026-12-31" });
    await setAssignments({ planId: plan.id, cells: [{ taskId: leaf.id, regionCode: REGION, assigned: true }] });
    await setPlanState({ planId: plan.id, state: "published" }, NOW);
    const [a] = await query<{ id: number }>(sql`select id from assignments where task_id = ${leaf.id}`);
    const id = Number(a!.id);
    await reportAndApprove(`bureau-${REGION}`, id, { progress: 60 });
    expect((await keptState(id))!.asOf.slice(9, 12)).toEqual([0, 60, 60]);

    await actAs("staff");
    const result = await outcome(async () => updatePlan(await planSettings(plan.id, { cadence: "quarterly" })));
    if (result === 409) return;
    expect(result).toBe("ok");
    await verifyKeptState();
    // November's report is no progress as of the first three quarters.
    expect((await keptState(id))!.asOf.slice(0, 3)).toEqual([0, 0, 0]);
  });
});
