import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { plans, users } from "@/db/schema";
import * as assignmentsRoute from "@/app/api/v1/assignments/route";
import * as dashboardRoute from "@/app/api/v1/dashboard/route";
import * as indicatorRoute from "@/app/api/v1/indicators/[id]/route";
import * as indicatorsRoute from "@/app/api/v1/indicators/route";
import * as publishRoute from "@/app/api/v1/plans/[id]/publish/route";
import * as planRoute from "@/app/api/v1/plans/[id]/route";
import * as plansRoute from "@/app/api/v1/plans/route";
import * as taskRoute from "@/app/api/v1/tasks/[id]/route";
import * as tasksRoute from "@/app/api/v1/tasks/route";
import { getPlanEditor } from "@/lib/data/plan-editor";
import { assignedStart } from "@/lib/domain/reporting";
import { actAs, query, seed } from "../support/fixtures";

// The real getSessionClaims reads the Authorization header through next/headers.
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));

const REGION = "150400";
const OTHER = "150500";
const BUREAU = `bureau-${REGION}`;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read by their shape, as a client would
type Json = any;
type Call = { status: number; type: string | null; body: Json };

/** Calls a route handler as Next.js would, as the user set with actAs(). */
async function call(handler: unknown, opts: { method: string; params?: Record<string, string | number>; query?: Record<string, string | number>; body?: unknown; raw?: string }): Promise<Call> {
  const url = new URL("http://localhost/api/v1/x");
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
  const init: RequestInit = { method: opts.method, headers: { "content-type": "application/json" } };
  if (opts.raw !== undefined) init.body = opts.raw;
  else if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
  const params = Object.fromEntries(Object.entries(opts.params ?? {}).map(([k, v]) => [k, String(v)]));
  const res = await (handler as Handler)(new Request(url, init), { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}

const year = (y: number) => ({ startDate: `${y}-01-01`, dueDate: `${y}-12-31` });
const planFields = (title: string, y = 2026) => ({ year: y, title, issuingBody: "内蒙古自治区生态环境厅", cadence: "monthly", dueDay: 25, graceDays: 5, greenMaxBehind: 10, yellowMaxBehind: 25 });
/** A plan of two key tasks with two measures each; the first measure has an indicator. */
const planBody = (title: string, y = 2026) => ({
  ...planFields(title, y),
  sourceText: "2026年重点落实好两项任务：一是……二是……",
  tasks: [
    {
      title: "深入打好污染防治攻坚战",
      ...year(y),
      children: [
        { title: "深入打好蓝天保卫战", ...year(y), leadOffice: "大气处", indicators: [{ name: "优良天数比例", unit: "%", direction: "higher", baseline: 88, target: 90 }] },
        { title: "深入打好碧水保卫战", ...year(y) },
      ],
    },
    { title: "筑牢北方重要生态安全屏障", ...year(y), children: [{ title: "加强生态保护监管", ...year(y) }, { title: "推进生态保护修复", ...year(y) }] },
  ],
});

const problemFields = (res: Call) => (res.body?.errors ?? []).map((e: { field: string }) => e.field);
let staffId = 0;
/** A draft plan made through the data layer's own API path, with the ids of its first key task and first two measures. */
let fixture = { planId: 0, keyTaskId: 0, leafId: 0, otherLeafId: 0, indicatorId: 0 };
let seededPlan = { id: 0, leafId: 0, reportedRegion: "" };

async function createPlanAs(role: string, title: string, y = 2026): Promise<Call> {
  await actAs(role);
  return call(plansRoute.POST, { method: "POST", body: planBody(title, y) });
}

beforeAll(async () => {
  await seed();
  const db = await getDb();
  staffId = (await db.select({ id: users.id }).from(users).where(eq(users.username, "staff")))[0]!.id;
  const made = await createPlanAs("staff", "接口测试计划");
  expect(made.status).toBe(201);
  const [key] = made.body.tasks;
  fixture = { planId: made.body.id, keyTaskId: key.id, leafId: key.children[0].id, otherLeafId: key.children[1].id, indicatorId: key.children[0].indicators[0].id };
  // A leaf of the published 2026 demo plan with a report, and that report's region.
  const [reported] = await query<{ plan_id: number; task_id: number; region_code: string }>(sql`
    select t.plan_id, a.task_id, a.region_code from reports r join assignments a on a.id = r.assignment_id join tasks t on t.id = a.task_id
    join plans p on p.id = t.plan_id where p.year = 2026 and p.state = 'published' order by r.id limit 1`);
  seededPlan = { id: reported!.plan_id, leafId: reported!.task_id, reportedRegion: reported!.region_code };
});

describe("who may write plans through the API", () => {
  const roles = ["admin", "staff", "leader", BUREAU, null] as const;
  type Case = [string, (role: string) => Promise<Call>, Record<string, number>];
  const forRole = (role: string | null) => role ?? "anonymous";
  const writers = { admin: 201, staff: 201, leader: 403, [BUREAU]: 403, anonymous: 401 };
  const editors = { admin: 200, staff: 200, leader: 403, [BUREAU]: 403, anonymous: 401 };
  const cases: Case[] = [
    ["POST /plans", (role) => call(plansRoute.POST, { method: "POST", body: planBody(`${role} 的计划`) }), writers],
    ["PATCH /plans/{id}", () => call(planRoute.PATCH, { method: "PATCH", params: { id: fixture.planId }, body: { titleEn: "API test plan" } }), editors],
    ["POST /tasks", (role) => call(tasksRoute.POST, { method: "POST", body: { planId: fixture.planId, title: `${role} 新增任务`, ...year(2026) } }), writers],
    ["PATCH /tasks/{id}", () => call(taskRoute.PATCH, { method: "PATCH", params: { id: fixture.keyTaskId }, body: { leadOffice: "综合处" } }), editors],
    ["POST /indicators", () => call(indicatorsRoute.POST, { method: "POST", body: { taskId: fixture.otherLeafId, name: "水质优良比例", unit: "%", direction: "higher" } }), writers],
    ["PATCH /indicators/{id}", () => call(indicatorRoute.PATCH, { method: "PATCH", params: { id: fixture.indicatorId }, body: { nameEn: "Share of good days" } }), editors],
    ["PUT /assignments", () => call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: fixture.otherLeafId, regions: [{ regionCode: REGION }] } }), editors],
  ];

  it.each(cases)("%s", async (_name, send, expected) => {
    for (const role of roles) {
      if (role) await actAs(role);
      else await actAs(null);
      const res = await send(forRole(role));
      expect([forRole(role), res.status]).toEqual([forRole(role), expected[forRole(role)]]);
      if (res.status >= 400) expect(res.type).toBe("application/problem+json");
    }
  });

  it("POST /plans/{id}/publish", async () => {
    const expected: Record<string, number> = { admin: 200, staff: 200, leader: 403, [BUREAU]: 403, anonymous: 401 };
    for (const role of roles) {
      const draft = await createPlanAs("staff", `发布测试 ${forRole(role)}`);
      if (role) await actAs(role);
      else await actAs(null);
      const res = await call(publishRoute.POST, { method: "POST", params: { id: draft.body.id } });
      expect([forRole(role), res.status]).toEqual([forRole(role), expected[forRole(role)]]);
    }
  });
});

describe("bad input is a 4xx naming the field, never a 500", () => {
  type Case = [string, () => Promise<Call>, number, string];
  const longTree = () => {
    let node: Record<string, unknown> = { title: "第7级", ...year(2026) };
    for (let d = 6; d >= 1; d--) node = { title: `第${d}级`, ...year(2026), children: [node] };
    return node;
  };
  const cases: Case[] = [
    ["plan without a title", () => call(plansRoute.POST, { method: "POST", body: { ...planBody("x"), title: " " } }), 422, "title"],
    ["plan of year 1999", () => call(plansRoute.POST, { method: "POST", body: planBody("一九九九", 1999) }), 422, "year"],
    ["plan with an unknown cadence", () => call(plansRoute.POST, { method: "POST", body: { ...planBody("周报"), cadence: "weekly" } }), 422, "cadence"],
    ["plan with thresholds out of order", () => call(plansRoute.POST, { method: "POST", body: { ...planBody("阈值"), greenMaxBehind: 30 } }), 422, "yellowMaxBehind"],
    ["plan whose title is taken", () => call(plansRoute.POST, { method: "POST", body: planBody("接口测试计划") }), 422, "title"],
    ["task due on 30 February", () => call(plansRoute.POST, { method: "POST", body: { ...planFields("二月"), tasks: [{ title: "一", startDate: "2026-01-01", dueDate: "2026-02-30" }] } }), 422, "tasks.0.dueDate"],
    ["measure due before it starts", () => call(plansRoute.POST, { method: "POST", body: { ...planFields("倒序"), tasks: [{ title: "一", ...year(2026), children: [{ title: "1", startDate: "2026-05-01", dueDate: "2026-04-01" }] }] } }), 422, "tasks.0.children.0.dueDate"],
    ["tree seven levels deep", () => call(plansRoute.POST, { method: "POST", body: { ...planFields("七级"), tasks: [longTree()] } }), 422, "tasks.0.children.0.children.0.children.0.children.0.children.0.children"],
    ["indicator without a direction", () => call(plansRoute.POST, { method: "POST", body: { ...planFields("指标"), tasks: [{ title: "一", ...year(2026), indicators: [{ name: "PM2.5" }] }] } }), 422, "tasks.0.indicators.0.direction"],
    ["region target of an unknown region", () => call(plansRoute.POST, { method: "POST", body: { ...planFields("地区"), tasks: [{ title: "一", ...year(2026), indicators: [{ name: "PM2.5", direction: "lower", regionTargets: [{ regionCode: "159999", target: 30 }] }] }] } }), 422, "tasks"],
    ["NUL in a title", () => call(plansRoute.POST, { method: "POST", body: { ...planBody("x"), title: "计划\u0000" } }), 422, "title"],
    ["malformed JSON", () => call(plansRoute.POST, { method: "POST", raw: "{year: 2026" }), 400, ""],
    ["plan id that is not a number", () => call(planRoute.PATCH, { method: "PATCH", params: { id: "abc" }, body: {} }), 400, "id"],
    ["plan id beyond 32 bits", () => call(planRoute.PATCH, { method: "PATCH", params: { id: "2147483648" }, body: {} }), 400, "id"],
    ["plan id 0", () => call(publishRoute.POST, { method: "POST", params: { id: 0 } }), 400, "id"],
    ["a green threshold above the plan's yellow", () => call(planRoute.PATCH, { method: "PATCH", params: { id: fixture.planId }, body: { greenMaxBehind: 30 } }), 422, "yellowMaxBehind"],
    ["a meeting date that is no date", () => call(planRoute.PATCH, { method: "PATCH", params: { id: fixture.planId }, body: { meetingDate: "2026-02-29" } }), 422, "meetingDate"],
    ["task of a plan id beyond 32 bits", () => call(tasksRoute.POST, { method: "POST", body: { planId: 2 ** 31, title: "x", ...year(2026) } }), 422, "planId"],
    ["task under a parent of another plan", () => call(tasksRoute.POST, { method: "POST", body: { planId: fixture.planId, parentId: seededPlan.leafId, title: "x", ...year(2026) } }), 422, "parentId"],
    ["task with a negative weight", () => call(tasksRoute.POST, { method: "POST", body: { planId: fixture.planId, title: "x", weight: -1, ...year(2026) } }), 422, "weight"],
    ["task patch starting after the task's due date", () => call(taskRoute.PATCH, { method: "PATCH", params: { id: fixture.leafId }, body: { startDate: "2027-01-01" } }), 422, "dueDate"],
    ["task patch with an empty title", () => call(taskRoute.PATCH, { method: "PATCH", params: { id: fixture.leafId }, body: { title: "" } }), 422, "title"],
    ["indicator without its task", () => call(indicatorsRoute.POST, { method: "POST", body: { name: "x", direction: "higher" } }), 422, "taskId"],
    ["indicator with a region twice", () => call(indicatorsRoute.POST, { method: "POST", body: { taskId: fixture.leafId, name: "x", direction: "higher", regionTargets: [{ regionCode: REGION, target: 1 }, { regionCode: REGION, target: 2 }] } }), 422, "regionTargets"],
    ["indicator target that is no number", () => call(indicatorRoute.PATCH, { method: "PATCH", params: { id: fixture.indicatorId }, body: { target: "many" } }), 422, "target"],
    ["assignment to a malformed region code", () => call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: fixture.leafId, regions: [{ regionCode: "1504" }] } }), 422, "regions.0.regionCode"],
    ["assignment to an unknown region", () => call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: fixture.leafId, regions: [{ regionCode: "159999" }] } }), 422, "regions"],
    ["assignment of a key task with measures", () => call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: fixture.keyTaskId, regions: [{ regionCode: REGION }] } }), 422, "taskId"],
    ["assignment due on month 13", () => call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: fixture.leafId, regions: [{ regionCode: REGION, dueDate: "2026-13-01" }] } }), 422, "regions.0.dueDate"],
    ["assignment due before the task starts", () => call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: fixture.leafId, regions: [{ regionCode: REGION, dueDate: "2025-12-31" }] } }), 422, "regions.0.dueDate"],
    ["a target of another task's indicator", () => call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: fixture.otherLeafId, regions: [{ regionCode: REGION, targets: [{ indicatorId: fixture.indicatorId, target: 90 }] }] } }), 422, "regions.0.targets.0.indicatorId"],
    ["a region listed twice", () => call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: fixture.leafId, regions: [{ regionCode: REGION }, { regionCode: REGION }] } }), 422, "regions"],
  ];

  it.each(cases)("%s", async (_name, send, status, field) => {
    await actAs("staff");
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.type).toBe("application/problem+json");
    if (field) expect(problemFields(res)).toContain(field);
  });

  it("a body over 1 MB is 413, before it is parsed", async () => {
    await actAs("staff");
    const res = await call(plansRoute.POST, { method: "POST", body: { ...planBody("过大"), sourceText: "报".repeat(400_000) } });
    expect(res).toMatchObject({ status: 413, type: "application/problem+json" });
  });

  it("ids that name nothing are 404", async () => {
    await actAs("staff");
    for (const [handler, method, params, body] of [
      [planRoute.PATCH, "PATCH", { id: 999999 }, { title: "x" }],
      [publishRoute.POST, "POST", { id: 999999 }, undefined],
      [taskRoute.PATCH, "PATCH", { id: 999999 }, { title: "x" }],
      [indicatorRoute.PATCH, "PATCH", { id: 999999 }, { name: "x" }],
      [tasksRoute.POST, "POST", {}, { planId: 999999, title: "x", ...year(2026) }],
      [indicatorsRoute.POST, "POST", {}, { taskId: 999999, name: "x", direction: "higher" }],
      [assignmentsRoute.PUT, "PUT", {}, { taskId: 999999, regions: [] }],
    ] as const) {
      const res = await call(handler, { method, params, body });
      expect([method, params, res.status]).toEqual([method, params, 404]);
    }
  });
});

it("a whole report as the source text (100,000 characters) with a tree of 50 tasks × 20 measures goes through in one call", async () => {
  await actAs("staff");
  const tasks = Array.from({ length: 50 }, (_, i) => ({ title: `任务${i + 1}`, ...year(2027), children: Array.from({ length: 20 }, (_, j) => ({ title: `举措${i + 1}.${j + 1}`, ...year(2027) })) }));
  const res = await call(plansRoute.POST, { method: "POST", body: { ...planFields("大计划", 2027), sourceText: "报".repeat(100_000), tasks } });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ leafCount: 1000, sourceText: expect.stringMatching(/^报{100000}$/) });
  expect(res.body.tasks[49].children[19]).toMatchObject({ number: "50.20", title: "举措50.20" });
});

describe("conflicts are 409 with a code", () => {
  it("publishing twice, or a closed plan", async () => {
    await actAs("staff");
    const draft = await createPlanAs("staff", "重复发布");
    expect((await call(publishRoute.POST, { method: "POST", params: { id: draft.body.id } })).status).toBe(200);
    const twice = await call(publishRoute.POST, { method: "POST", params: { id: draft.body.id } });
    expect(twice).toMatchObject({ status: 409, body: { code: "badTransition" } });
    const db = await getDb();
    const [closed] = await db.select({ id: plans.id }).from(plans).where(and(eq(plans.year, 2024), eq(plans.state, "closed")));
    expect((await call(publishRoute.POST, { method: "POST", params: { id: closed!.id } })).body).toMatchObject({ status: 409, code: "badTransition" });
    const [state] = await db.select({ state: plans.state }).from(plans).where(eq(plans.id, closed!.id));
    expect(state!.state).toBe("closed");
  });

  it("a year or cadence change once there are reports; the plan stays as it was", async () => {
    await actAs("staff");
    for (const body of [{ year: 2027 }, { cadence: "quarterly" }]) {
      const res = await call(planRoute.PATCH, { method: "PATCH", params: { id: seededPlan.id }, body });
      expect([body, res.status, res.body.code]).toEqual([body, 409, "periodsHaveReports"]);
    }
    const db = await getDb();
    expect((await db.select({ year: plans.year }).from(plans).where(eq(plans.id, seededPlan.id)))[0]!.year).toBe(2026);
  });

  it("removing a region whose assignment has reports; writing a closed plan; a measure under an assigned task", async () => {
    await actAs("staff");
    const removing = await call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: seededPlan.leafId, regions: [] } });
    expect(removing).toMatchObject({ status: 409, body: { code: "assignmentHasReports" } });
    const db = await getDb();
    const [closed] = await db.select({ id: plans.id }).from(plans).where(and(eq(plans.year, 2024), eq(plans.state, "closed")));
    const [closedTask] = await query<{ id: number }>(sql`select id from tasks where plan_id = ${closed!.id} limit 1`);
    expect((await call(taskRoute.PATCH, { method: "PATCH", params: { id: closedTask!.id }, body: { title: "改" } })).body).toMatchObject({ status: 409, code: "planClosed" });
    expect((await call(tasksRoute.POST, { method: "POST", body: { planId: closed!.id, title: "新", ...year(2024) } })).body).toMatchObject({ status: 409, code: "planClosed" });
    const underAssigned = await call(tasksRoute.POST, { method: "POST", body: { planId: seededPlan.id, parentId: seededPlan.leafId, title: "下级", ...year(2026) } });
    expect(underAssigned.body).toMatchObject({ status: 409, code: "parentHasAssignments" });
  });
});

describe("patches change what they send and keep the rest", () => {
  it("a task's title alone; its dates move its assignments that kept them", async () => {
    await actAs("staff");
    const before = (await getPlanEditor(fixture.planId)).tasks.find((t) => t.id === fixture.leafId)!;
    const res = await call(taskRoute.PATCH, { method: "PATCH", params: { id: fixture.leafId }, body: { title: "深入打好蓝天保卫战（修订）" } });
    expect(res).toMatchObject({ status: 200, body: { id: fixture.leafId, number: before.number } });
    const after = (await getPlanEditor(fixture.planId)).tasks.find((t) => t.id === fixture.leafId)!;
    expect(after).toMatchObject({ title: "深入打好蓝天保卫战（修订）", startDate: before.startDate, dueDate: before.dueDate, leadOffice: before.leadOffice, weight: before.weight });
  });

  it("an indicator's target alone keeps its region targets; regionTargets sent replace them", async () => {
    await actAs("staff");
    const put = await call(indicatorRoute.PATCH, { method: "PATCH", params: { id: fixture.indicatorId }, body: { regionTargets: [{ regionCode: REGION, target: 91 }] } });
    expect(put.status).toBe(200);
    expect((await call(indicatorRoute.PATCH, { method: "PATCH", params: { id: fixture.indicatorId }, body: { target: 92 } })).status).toBe(200);
    const ind = (await getPlanEditor(fixture.planId)).tasks.flatMap((t) => t.indicators).find((i) => i.id === fixture.indicatorId)!;
    expect(ind).toMatchObject({ name: "优良天数比例", unit: "%", direction: "higher", baseline: 88, target: 92, regionTargets: [{ regionCode: REGION, baseline: null, target: 91 }] });
  });
});

describe("round trip: create, assign, publish, then the bureaus and the dashboard see it", () => {
  let plan: Json;

  it("creates a plan with its tree and indicators in one call", async () => {
    const res = await createPlanAs("staff", "2026年往返测试计划");
    expect(res.status).toBe(201);
    plan = res.body;
    expect(plan).toMatchObject({ year: 2026, state: "draft", leafCount: 4, sourceText: expect.stringContaining("两项任务") });
    expect(plan.tasks.map((t: Json) => [t.number, t.title, t.children.map((c: Json) => c.number)])).toEqual([
      ["1", "深入打好污染防治攻坚战", ["1.1", "1.2"]],
      ["2", "筑牢北方重要生态安全屏障", ["2.1", "2.2"]],
    ]);
    expect(plan.tasks[0].children[0].indicators).toEqual([expect.objectContaining({ name: "优良天数比例", unit: "%", direction: "higher", baseline: 88, target: 90 })]);
  });

  it("assigns each measure to two league-cities with dates, a contact and targets", async () => {
    await actAs("staff");
    const [blue] = plan.tasks[0].children;
    const indicatorId = blue.indicators[0].id;
    const res = await call(assignmentsRoute.PUT, {
      method: "PUT",
      body: {
        taskId: blue.id,
        regions: [
          { regionCode: REGION, dueDate: "2026-10-31", contactName: "王工", contactPhone: "0472-1234567", targets: [{ indicatorId, baseline: 85, target: 89.5 }] },
          { regionCode: OTHER, startDate: "2026-03-01", targets: [{ indicatorId, target: 91 }] },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ taskId: blue.id, added: 2, removed: 0 });
    expect(res.body.assignments.map((a: Json) => [a.regionCode, a.startDate, a.dueDate, a.contactName])).toEqual([
      [REGION, "2026-01-01", "2026-10-31", "王工"],
      [OTHER, "2026-03-01", "2026-12-31", null],
    ]);
    for (const leaf of [plan.tasks[0].children[1], ...plan.tasks[1].children]) {
      const other = await call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: leaf.id, regions: [{ regionCode: REGION }, { regionCode: OTHER }] } });
      expect(other.body).toMatchObject({ added: 2, removed: 0 });
    }
    const ind = (await getPlanEditor(plan.id)).tasks.flatMap((t) => t.indicators).find((i) => i.id === indicatorId)!;
    expect(ind.regionTargets).toEqual([
      { regionCode: REGION, baseline: 85, target: 89.5 },
      { regionCode: OTHER, baseline: null, target: 91 },
    ]);
  });

  it("sending the same assignments again changes nothing; a shorter list removes the rest", async () => {
    await actAs("staff");
    const leaf = plan.tasks[1].children[1];
    const again = await call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: leaf.id, regions: [{ regionCode: REGION }, { regionCode: OTHER }] } });
    expect(again.body).toMatchObject({ added: 0, removed: 0 });
    const shorter = await call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: leaf.id, regions: [{ regionCode: REGION }] } });
    expect(shorter.body).toMatchObject({ added: 0, removed: 1, assignments: [{ regionCode: REGION }] });
    const back = await call(assignmentsRoute.PUT, { method: "PUT", body: { taskId: leaf.id, regions: [{ regionCode: REGION }, { regionCode: OTHER }] } });
    expect(back.body).toMatchObject({ added: 1, removed: 0 });
  });

  it("the bureau sees nothing of the draft; after publishing, its own two… four assignments", async () => {
    await actAs(BUREAU);
    expect((await call(planRoute.GET, { method: "GET", params: { id: plan.id } })).status).toBe(404);
    expect((await call(assignmentsRoute.GET, { method: "GET", query: { planId: plan.id } })).body.items).toEqual([]);

    await actAs("staff");
    const published = await call(publishRoute.POST, { method: "POST", params: { id: plan.id } });
    expect(published).toMatchObject({ status: 200, body: { id: plan.id, state: "published" } });

    await actAs(BUREAU);
    const seen = await call(planRoute.GET, { method: "GET", params: { id: plan.id } });
    expect(seen.body.tasks[0].children[0].indicators[0].name).toBe("优良天数比例");
    const mine = (await call(assignmentsRoute.GET, { method: "GET", query: { planId: plan.id, limit: 100 } })).body.items;
    expect(mine.map((a: Json) => a.regionCode)).toEqual([REGION, REGION, REGION, REGION]);
    // Published today: it starts on the day it was published (never after its due day), not back on its task's start.
    const publishedOn = assignedStart({ startDate: "2026-01-01", dueDate: "2026-10-31" }, new Date());
    expect(mine.find((a: Json) => a.taskId === plan.tasks[0].children[0].id)).toMatchObject({ startDate: publishedOn, dueDate: "2026-10-31", progress: 0, lastState: null });
    await actAs(`bureau-${OTHER}`);
    expect((await call(assignmentsRoute.GET, { method: "GET", query: { planId: plan.id, limit: 100 } })).body.items).toHaveLength(4);
  });

  it("the leader's dashboard of the plan counts its eight assignments, by task and by region", async () => {
    await actAs("leader");
    const res = await call(dashboardRoute.GET, { method: "GET", query: { year: 2026, planId: plan.id } });
    expect(res.status).toBe(200);
    expect(res.body.headline.total).toBe(8);
    expect(res.body.byTask.map((t: Json) => t.title).sort()).toEqual(["深入打好污染防治攻坚战", "筑牢北方重要生态安全屏障"].sort());
    const byRegion = Object.fromEntries(res.body.byRegion.map((r: Json) => [r.regionCode, r.total]));
    expect([byRegion[REGION], byRegion[OTHER]]).toEqual([4, 4]);
    const whole = await call(dashboardRoute.GET, { method: "GET", query: { year: 2026 } });
    expect(whole.body.headline.total).toBeGreaterThanOrEqual(8);
  });

  it("every write is in the audit log, by the officer who made it", async () => {
    const leafIds = [...plan.tasks[0].children, ...plan.tasks[1].children].map((t: Json) => String(t.id));
    const rows = await query<{ action: string; entity_type: string; entity_id: string; actor_id: number }>(sql`
      select action, entity_type, entity_id, actor_id from audit_log
      where (entity_type = 'plan' and entity_id = ${String(plan.id)})
         or (entity_type = 'task' and entity_id in (select id::text from tasks where plan_id = ${plan.id}))
      order by id`);
    expect(new Set(rows.map((r) => r.actor_id))).toEqual(new Set([staffId]));
    const actions = rows.map((r) => r.action);
    expect(actions.filter((a) => a === "plan.create")).toHaveLength(1);
    expect(actions.filter((a) => a === "task.create")).toHaveLength(6);
    expect(actions.filter((a) => a === "plan.publish")).toHaveLength(1);
    expect(new Set(rows.filter((r) => r.action === "assignment.set").map((r) => r.entity_id))).toEqual(new Set(leafIds));
    expect(rows.filter((r) => r.action === "assignment.update").map((r) => r.entity_id)).toEqual([leafIds[0], leafIds[0]]);
    expect(rows.filter((r) => r.action === "indicator.update").map((r) => r.entity_id)).toEqual([leafIds[0]]);
  });
});
