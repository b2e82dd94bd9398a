import { spawnSync } from "node:child_process";
import path from "node:path";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { lockStatePairs, markPlanChanged, rebuildPlanCells, refreshAssignmentStates, refreshAssignmentStatesWhere, refreshDayLights, verifyFigureCells } from "@/db/derived-state";
import { figureStale, plans, tasks } from "@/db/schema";
import { getDashboard } from "@/lib/data/dashboard";
import { copyPlan, setPlanState } from "@/lib/data/plans";
import { getYearFigures, type PlanOfYear, type RegionScope, type YearFigures } from "@/lib/data/progress-core";
import { runJob } from "@/lib/data/reminder-jobs";
import { saveReportDraft, submitReport } from "@/lib/data/reports";
import { approveReport, returnReport } from "@/lib/data/review";
import { shanghaiDate } from "@/lib/domain/dates";
import type { Cadence } from "@/lib/domain/periods";
import { NOW, actAs, query, seed } from "../support/fixtures";
import { verifyKeptState } from "../support/verify-derived";

/**
 * The dashboard's kept sums (figure_cells) and kept lights (assignment_states.light…): read when
 * they hold for the day asked, they give exactly what a pass over the kept states gives — every
 * scope, key task, year and day, the behind list included — and a read they cannot answer falls
 * back to that pass.
 */

const noon = (day: string) => new Date(`${day}T12:00:00+08:00`);

async function plansOf(year: number): Promise<PlanOfYear[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: plans.id, year: plans.year, cadence: plans.cadence, dueDay: plans.dueDay, graceDays: plans.graceDays, state: plans.state })
    .from(plans)
    .where(eq(plans.year, year))
    .orderBy(asc(plans.id));
  return rows.map((p) => ({ ...p, cadence: p.cadence as Cadence }));
}

async function both(year: number, scope: RegionScope, day: string, taskId?: number): Promise<{ kept: YearFigures; states: YearFigures }> {
  const db = await getDb();
  const q = { year, plans: await plansOf(year), scope, today: day, taskId, behindLimit: 100 };
  const kept = await getYearFigures(db, q, { useCache: false });
  const states = await getYearFigures(db, q, { useCache: false, useCells: false });
  return { kept, states };
}

const withoutSource = (f: YearFigures) => ({ ...f, source: null });

let league = "";
let county = "";

beforeAll(async () => {
  await seed();
  // A league-city with counties that carry assignments of their own (逐级分解 in the demo), and one such county.
  const [row] = await query<{ league: string; county: string }>(sql`
    select r.parent_code as league, r.code as county from assignment_states s join regions r on r.code = s.region_code
    where r.level = 'banner_county' group by r.parent_code, r.code order by count(*) desc, r.code limit 1`);
  const [anyLeague] = await query<{ code: string }>(sql`select code from regions where level = 'league_city' order by code limit 1`);
  league = row?.league ?? anyLeague!.code;
  county = row?.county ?? league;
});

describe("kept cells and lights against a pass over the states", () => {
  const days = ["2026-11-22", "2026-01-05", "2026-03-31", "2026-07-01", "2026-12-31", "2027-02-01"];
  for (const day of days) {
    it(`on ${day}: every year, scope and key task`, async () => {
      const db = await getDb();
      const summary = await refreshDayLights(db, noon(day));
      expect(summary.rebuilt).toBe(0);
      for (const year of [2024, 2025, 2026]) {
        const scopes: RegionScope[] = [{ kind: "province" }, { kind: "league", code: league }, { kind: "region", code: county }];
        const [top] = await db
          .select({ id: tasks.id })
          .from(tasks)
          .innerJoin(plans, eq(plans.id, tasks.planId))
          .where(and(eq(plans.year, year), isNull(tasks.parentId)))
          .orderBy(asc(tasks.id))
          .limit(1);
        for (const scope of scopes) {
          for (const taskId of [undefined, top?.id]) {
            const { kept, states } = await both(year, scope, day, taskId);
            expect(kept.source, `${year} ${JSON.stringify(scope)} task ${taskId}`).toBe("cells");
            expect(states.source).toBe("states");
            expect(withoutSource(kept), `${year} ${JSON.stringify(scope)} task ${taskId}`).toEqual(withoutSource(states));
          }
        }
      }
      await verifyKeptState();
    });
  }
});

describe("a year whose first plan is quarterly, with a monthly plan beside it", () => {
  it("the cells and the states agree on every figure, punctuality of the monthly plan's later months included", async () => {
    const db = await getDb();
    await actAs("staff");
    // 2024's plan is quarterly; the 2026 monthly plan copied into 2024 and published sits beside it (a later id).
    const [monthly] = await db.select({ id: plans.id }).from(plans).where(and(eq(plans.year, 2026), eq(plans.cadence, "monthly"), eq(plans.state, "published"))).orderBy(asc(plans.id)).limit(1);
    const copy = await copyPlan({ fromPlanId: monthly!.id, year: 2024, title: "2024年月度报送计划（并行）" });
    await setPlanState({ planId: copy.id, state: "published" }, noon("2024-03-01"));
    const [first] = await plansOf(2024);
    expect(first!.cadence).toBe("quarterly");
    // A June report of the monthly plan, handed in on time: its on-time flag sits at period 6, past the quarterly plan's 4.
    const [a] = await query<{ id: number; region_code: string }>(sql`
      select a.id, a.region_code from assignments a join tasks t on t.id = a.task_id join regions r on r.code = a.region_code
      where t.plan_id = ${copy.id} and r.level = 'league_city' and a.start_date <= '2024-06-01' and a.due_date >= '2024-12-31' order by a.id limit 1`);
    await actAs(`bureau-${a!.region_code}`);
    const saved = await saveReportDraft({ assignmentId: Number(a!.id), period: "2024-06", progress: 50, status: "on_track", workDone: "按计划推进。", problems: "无", nextSteps: "继续推进。" }, noon("2024-06-20"));
    await submitReport({ reportId: saved.id, version: saved.version }, noon("2024-06-20"));
    for (const day of ["2024-11-30", "2025-01-10"]) {
      await refreshDayLights(db, noon(day));
      const { kept, states } = await both(2024, { kind: "province" }, day);
      expect(kept.source).toBe("cells");
      expect(kept.total!.reportsOnTime).toBeGreaterThan(0);
      expect(withoutSource(kept), day).toEqual(withoutSource(states));
    }
    await verifyKeptState();
  });
});

describe("when the cells cannot answer", () => {
  it("a day the lights were not moved to is read from the states, until the morning job moves them", async () => {
    const db = await getDb();
    await refreshDayLights(db, noon("2026-11-22"));
    const { kept, states } = await both(2026, { kind: "province" }, "2026-11-23");
    expect(kept.source).toBe("states");
    expect(withoutSource(kept)).toEqual(withoutSource(states));
    const run = await runJob(db, "lights", { now: noon("2026-11-23"), manual: true });
    expect(run.outcome).toBe("ok");
    expect(run.summary?.refreshed).toBeGreaterThan(0);
    const after = await both(2026, { kind: "province" }, "2026-11-23");
    expect(after.kept.source).toBe("cells");
    expect(withoutSource(after.kept)).toEqual(withoutSource(after.states));
    // Nothing left to move on the same day: a second run refreshes nothing.
    expect((await refreshDayLights(db, noon("2026-11-23"))).refreshed).toBe(0);
  });

  it("one league-city's cells hold today and the others' do not: the remembered answer, changed in that partition only, still equals the states'", async () => {
    const db = await getDb();
    await refreshDayLights(db, noon("2026-11-22"));
    const day = "2026-11-24";
    const q = { year: 2026, plans: await plansOf(2026), scope: { kind: "province" } as RegionScope, today: day, behindLimit: 100 };
    // Remembered from the states: the lights kept on the 22nd do not hold on the 24th.
    expect((await getYearFigures(db, q)).source).toBe("states");
    // Every assignment of one league-city and its counties written on the 24th: that partition's cells hold, the others' still do not.
    const ids = await query<{ id: number }>(sql`
      select s.assignment_id as id from assignment_states s join regions r on r.code = s.region_code
      where r.code = ${league} or r.parent_code = ${league}`);
    await db.transaction((tx) => refreshAssignmentStates(tx, ids.map((r) => Number(r.id)), noon(day)));
    const remembered = await getYearFigures(db, q);
    const states = await getYearFigures(db, q, { useCache: false, useCells: false });
    expect(withoutSource(remembered)).toEqual(withoutSource(states));
  });

  it("a task filter below a key task is read from the states", async () => {
    const db = await getDb();
    await refreshDayLights(db, NOW);
    const [measure] = await db
      .select({ id: tasks.id })
      .from(tasks)
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(and(eq(plans.year, 2026), sql`${tasks.parentId} is not null`))
      .orderBy(asc(tasks.id))
      .limit(1);
    const { kept, states } = await both(2026, { kind: "province" }, shanghaiDate(NOW), measure!.id);
    expect(kept.source).toBe("states");
    expect(withoutSource(kept)).toEqual(withoutSource(states));
  });

  it("a plan not known whole (kept before the cells were) is read from the states until its cells are summed", async () => {
    const db = await getDb();
    await refreshDayLights(db, NOW);
    const [plan] = await plansOf(2026);
    await db.insert(figureStale).values({ planId: plan!.id });
    expect((await both(2026, { kind: "province" }, shanghaiDate(NOW))).kept.source).toBe("states");
    const summary = await refreshDayLights(db, NOW);
    expect(summary.rebuilt).toBe(1);
    expect((await both(2026, { kind: "province" }, shanghaiDate(NOW))).kept.source).toBe("cells");
  });

  it("a doctored cell is what is read; db:verify names it and --repair sums it again", async () => {
    const db = await getDb();
    await refreshDayLights(db, NOW);
    const [plan] = await plansOf(2026);
    const [cell] = await query<{ region_code: string; top_task: number }>(sql`select region_code, top_task from figure_cells where plan_id = ${plan!.id} order by region_code, top_task limit 1`);
    const before = await both(2026, { kind: "province" }, shanghaiDate(NOW));
    await db.execute(sql`update figure_cells set completed = completed + 1000 where plan_id = ${plan!.id} and region_code = ${cell!.region_code} and top_task = ${cell!.top_task}`);
    const doctored = await both(2026, { kind: "province" }, shanghaiDate(NOW));
    expect(doctored.kept.total!.completed).toBe(before.kept.total!.completed + 1000);
    expect(doctored.states.total!.completed).toBe(before.states.total!.completed);
    const found = await verifyFigureCells(db);
    expect(found.differences).toEqual([{ planId: plan!.id, regionCode: cell!.region_code, topTask: Number(cell!.top_task), field: "completed", kept: expect.any(Number), derived: expect.any(Number) }]);
    await verifyFigureCells(db, { repair: true });
    expect((await verifyFigureCells(db)).differences).toEqual([]);
    expect(withoutSource((await both(2026, { kind: "province" }, shanghaiDate(NOW))).kept)).toEqual(withoutSource(before.kept));
  });
});

describe("writes keep the cells whole", () => {
  it("a county's report saved, submitted, returned, submitted and approved: after each, the cells answer and equal the states", async () => {
    const db = await getDb();
    await refreshDayLights(db, NOW);
    // A county's open assignment when the demo has one (its league-city reviews it), else a league-city's (staff review it).
    const [a] = await query<{ id: number; region_code: string; level: string; parent_code: string | null }>(sql`
      select a.id, a.region_code, r.level, r.parent_code from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      join regions r on r.code = a.region_code
      where p.year = 2026 and p.state = 'published' and a.closed_at is null and a.due_date >= '2026-11-30'
        and not exists (select 1 from reports x where x.assignment_id = a.id and x.period = '2026-11')
      order by (r.level = 'banner_county') desc, a.id limit 1`);
    expect(a).toBeTruthy();
    const reviewer = a!.level === "banner_county" ? `bureau-${a!.parent_code}` : "staff";
    const league = a!.level === "banner_county" ? a!.parent_code! : a!.region_code;
    const check = async () => {
      for (const scope of [{ kind: "province" }, { kind: "league", code: league }] as RegionScope[]) {
        const { kept, states } = await both(2026, scope, shanghaiDate(NOW));
        expect(kept.source).toBe("cells");
        expect(withoutSource(kept)).toEqual(withoutSource(states));
      }
    };
    await actAs(`bureau-${a!.region_code}`);
    const body = { assignmentId: Number(a!.id), period: "2026-11", progress: 100, status: "complete" as const, workDone: "已完成全部整治任务。", problems: "无", nextSteps: "巩固成效。" };
    const saved = await saveReportDraft(body, NOW);
    await check();
    const sub = await submitReport({ reportId: saved.id, version: saved.version }, NOW);
    await check();
    await actAs(reviewer);
    const returned = await returnReport({ reportId: saved.id, version: sub.version, comment: "请补充佐证材料。" }, NOW);
    await check();
    await actAs(`bureau-${a!.region_code}`);
    const again = await submitReport({ reportId: saved.id, version: returned.version }, NOW);
    await check();
    await actAs(reviewer);
    await approveReport({ reportId: saved.id, version: again.version }, NOW);
    await check();
    await actAs("leader");
    const d = await getDashboard({ year: 2026 }, NOW, { useCache: false });
    expect(d).toEqual(await getDashboard({ year: 2026 }, NOW, { useCache: false, useCells: false }));
    await verifyKeptState();
  });

  it("a plan-wide change (its cells summed again whole) leaves them equal to the states", async () => {
    const db = await getDb();
    const [plan] = await plansOf(2026);
    await db.transaction((tx) => rebuildPlanCells(tx, plan!.id));
    expect((await verifyFigureCells(db)).differences).toEqual([]);
    const { kept, states } = await both(2026, { kind: "province" }, shanghaiDate(NOW));
    expect(kept.source).toBe("cells");
    expect(withoutSource(kept)).toEqual(withoutSource(states));
  });
});

describe("plan-wide writes beside bureaus' writes", () => {
  it("a plan's cells and states summed again while counties' states are refreshed at once: every transaction ends, and the cells stay whole", async () => {
    const db = await getDb();
    const [plan] = await plansOf(2026);
    // One assignment in each of 12 regions: twelve "bureaus" writing, each in its own county.
    const picks = await query<{ id: number }>(sql`
      select distinct on (s.region_code) s.assignment_id as id from assignment_states s
      where s.plan_id = ${plan!.id} order by s.region_code, s.assignment_id limit 12`);
    expect(picks.length).toBeGreaterThan(3);
    const audit = (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], what: string) =>
      tx.execute(sql`insert into audit_log (actor_id, action, entity_type, entity_id) values (null, ${what}, 'test', 'figure-cells')`);
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled([
        // A bureau's write: its state, then (as every write) its audit entry last.
        ...picks.map((p) =>
          db.transaction(async (tx) => {
            await refreshAssignmentStates(tx, [Number(p.id)], NOW);
            await audit(tx, "test.write");
          }),
        ),
        // A plan-wide write (a task moved or archived, assignments removed): the plan's sums, then its audit.
        db.transaction(async (tx) => {
          await markPlanChanged(tx, plan!.id);
          await audit(tx, "test.plan");
        }),
        // A change of the plan's settings (as updatePlan): the plan's sums, every state again, then its audit.
        db.transaction(async (tx) => {
          await markPlanChanged(tx, plan!.id);
          await refreshAssignmentStatesWhere(tx, eq(tasks.planId, plan!.id), NOW);
          await audit(tx, "test.settings");
        }),
        // A bulk approval (as approveReports): its counties' counters in one round, each state, then the audit entries.
        db.transaction(async (tx) => {
          await lockStatePairs(tx, picks.map((p) => Number(p.id)));
          for (const p of [...picks].reverse()) await refreshAssignmentStates(tx, [Number(p.id)], NOW);
          await audit(tx, "test.bulk");
        }),
      ]);
      expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    }
    expect((await verifyFigureCells(db)).differences).toEqual([]);
  });
});

describe("npm run db:verify's arguments", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/bench-register.mjs", "scripts/db-verify.ts", ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "", ...env },
      encoding: "utf8",
      timeout: 120_000,
    });

  it("refuses an argument it does not know, before opening any database", () => {
    const r = run(["--databse-url=postgres://nowhere/x"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown argument --databse-url=postgres://nowhere/x");
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("takes --database-url URL as two arguments, as seed:scale and bench do, and checks that database", async () => {
    await refreshDayLights(await getDb(), NOW);
    const r = run(["--database-url", process.env.DATABASE_URL!]);
    expect(r.status).toBe(0);
    const [, checked] = /db:verify: (\d+) assignments/.exec(r.stdout + r.stderr) ?? [];
    expect(Number(checked)).toBeGreaterThan(1000);
  });
});
