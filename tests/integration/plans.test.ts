import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createIndicator, deleteIndicator, updateIndicator } from "@/lib/data/plan-indicators";
import { getPlanEditor, getTaskEditor, listTaskHistory } from "@/lib/data/plan-editor";
import { exportPlanWorkbook, planTemplateWorkbook, previewPlanImport } from "@/lib/data/plan-excel";
import { setAssignments, updateAssignment } from "@/lib/data/plan-assignments";
import { createTask, deleteTask, moveTask, updateTask } from "@/lib/data/plan-tasks";
import { copyPlan, createPlan, getPlanWithTasks, setPlanState, updatePlan } from "@/lib/data/plans";
import { addYears } from "@/lib/domain/dates";
import { actAs, query, seed } from "../support/fixtures";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const actions = await import("@/lib/actions/plans");
const templateRoute = await import("@/app/api/plans/template/route");
const exportRoute = await import("@/app/api/plans/[id]/export/route");
const importRoute = await import("@/app/api/plans/[id]/import/route");

type Outcome = "ok" | 401 | 403 | 404 | 409 | 422 | "invalid";
async function outcome(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    await fn();
    return "ok";
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401 || status === 403 || status === 404 || status === 409 || status === 422) return status;
    if ((err as Error).name === "ZodError") return "invalid";
    throw err;
  }
}

const BODY = "内蒙古自治区生态环境厅";
const planInput = (year: number, title: string) => ({ year, title, issuingBody: BODY, cadence: "monthly", dueDay: 25, graceDays: 5, greenMaxBehind: 10, yellowMaxBehind: 25 });
const taskInput = (planId: number, title: string, parentId: number | null = null, extra: object = {}) => ({ planId, parentId, title, startDate: "2030-01-01", dueDate: "2030-12-31", ...extra });
const indicatorInput = { name: "优良天数比例", unit: "%", direction: "higher", baseline: "90", target: "92", regionTargets: [{ regionCode: "150200", target: 91 }] };

const ids = { closed: 0, published: 0, draft: 0, toggle: 0, top1: 0, top2: 0, m11: 0, m12: 0, m21: 0, indicator: 0, assignment: 0, reportedTask: 0 };
const spareTasks: number[] = [];
const spareIndicators: number[] = [];
let seq = 0;
/** The draft plan's own export: importing it into the same plan repeats every number (422 with errors). */
let sheet: Uint8Array = new Uint8Array();

async function planId(year: number, state: string): Promise<number> {
  const [p] = await query<{ id: number }>(sql`select id from plans where year = ${year} and state = ${state} order by id limit 1`);
  return p!.id;
}

async function numbersOf(plan: number): Promise<Record<string, string>> {
  const rows = await query<{ title: string; number: string }>(sql`select title, number from tasks where plan_id = ${plan} and archived_at is null order by id`);
  return Object.fromEntries(rows.map((r) => [r.title, r.number]));
}

beforeAll(async () => {
  await seed();
  ids.closed = await planId(2025, "closed");
  ids.published = await planId(2026, "published");
  await actAs("staff");
  ids.draft = (await createPlan(planInput(2030, "测试计划"))).id;
  ids.toggle = (await createPlan(planInput(2030, "状态切换计划"))).id;
  ids.top1 = (await createTask(taskInput(ids.draft, "任务一"))).id;
  ids.top2 = (await createTask(taskInput(ids.draft, "任务二"))).id;
  ids.m11 = (await createTask(taskInput(ids.draft, "举措1.1", ids.top1))).id;
  ids.m12 = (await createTask(taskInput(ids.draft, "举措1.2", ids.top1))).id;
  ids.m21 = (await createTask(taskInput(ids.draft, "举措2.1", ids.top2))).id;
  ids.indicator = (await createIndicator({ taskId: ids.m11, ...indicatorInput })).id;
  for (let i = 0; i < 12; i++) spareTasks.push((await createTask(taskInput(ids.draft, `备用${i}`, ids.top2))).id);
  for (let i = 0; i < 12; i++) spareIndicators.push((await createIndicator({ taskId: ids.m12, ...indicatorInput, name: `备用指标${i}` })).id);
  await setAssignments({ planId: ids.draft, cells: [{ taskId: ids.m11, regionCode: "150100", assigned: true }] });
  const [a] = await query<{ id: number }>(sql`select id from assignments where task_id = ${ids.m11}`);
  ids.assignment = a!.id;
  const [reported] = await query<{ id: number }>(sql`
    select t.id from tasks t where t.plan_id = ${ids.published} and t.archived_at is null
      and exists (select 1 from assignments a join reports r on r.assignment_id = a.id where a.task_id = t.id) order by t.id desc limit 1`);
  ids.reportedTask = reported!.id;
  sheet = (await exportPlanWorkbook(ids.draft)).bytes;
});

const roles = ["admin", "staff", "leader", "bureau-150100", null] as const;
const key = (r: (typeof roles)[number]): "admin" | "staff" | "leader" | "bureau" | "anon" => (r === null ? "anon" : r === "bureau-150100" ? "bureau" : r);
const writes = { admin: "ok", staff: "ok", leader: 403, bureau: 403, anon: 401 } as const;
const closedWrites = { admin: 409, staff: 409, leader: 403, bureau: 403, anon: 401 } as const;

describe("every role against every plan function", () => {
  const cases: [string, () => Promise<unknown>, Record<string, Outcome>][] = [
    ["createPlan", () => createPlan(planInput(2031, `新计划${++seq}`)), writes],
    ["updatePlan", () => updatePlan({ planId: ids.draft, ...planInput(2030, "测试计划"), sourceText: "会议原文" }), writes],
    ["setPlanState", async () => {
      const [p] = await query<{ state: string }>(sql`select state from plans where id = ${ids.toggle}`);
      return setPlanState({ planId: ids.toggle, state: p!.state === "draft" ? "published" : "draft" });
    }, writes],
    ["copyPlan", () => copyPlan({ fromPlanId: ids.closed, year: 2040 + ++seq }), writes],
    ["createTask", () => createTask(taskInput(ids.draft, `新举措${++seq}`, ids.top2)), writes],
    ["updateTask", () => updateTask({ taskId: ids.m12, title: "举措1.2", startDate: "2030-01-01", dueDate: "2030-12-31", leadOffice: "大气处" }), writes],
    ["moveTask", () => moveTask({ taskId: ids.m12, parentId: ids.top1, position: 1 }), writes],
    ["deleteTask", () => deleteTask({ taskId: spareTasks.pop()!, confirm: true }), writes],
    ["createIndicator", () => createIndicator({ taskId: ids.m21, ...indicatorInput }), writes],
    ["updateIndicator", () => updateIndicator({ indicatorId: ids.indicator, ...indicatorInput }), writes],
    ["deleteIndicator", () => deleteIndicator({ indicatorId: spareIndicators.pop()! }), writes],
    ["setAssignments", () => setAssignments({ planId: ids.draft, cells: [{ taskId: ids.m21, regionCode: "150300", assigned: true }] }), writes],
    ["updateAssignment", () => updateAssignment({ assignmentId: ids.assignment, startDate: "2030-01-01", dueDate: "2030-06-30", contactName: "张三" }), writes],
    ["planTemplateWorkbook", () => planTemplateWorkbook(), writes],
    ["exportPlanWorkbook", () => exportPlanWorkbook(ids.draft), writes],
    ["previewPlanImport(not a sheet)", () => previewPlanImport(ids.draft, new TextEncoder().encode("hello")), { ...writes, admin: 422, staff: 422 }],
    ["getPlanEditor(draft)", () => getPlanEditor(ids.draft), { admin: "ok", staff: "ok", leader: "ok", bureau: 404, anon: 401 }],
    ["getPlanEditor(published)", () => getPlanEditor(ids.published), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", anon: 401 }],
    ["getTaskEditor", () => getTaskEditor(ids.m11), { admin: "ok", staff: "ok", leader: "ok", bureau: 403, anon: 401 }],
    ["listTaskHistory", () => listTaskHistory(ids.m11), { admin: "ok", staff: "ok", leader: "ok", bureau: 403, anon: 401 }],
    ["updatePlan(closed)", () => updatePlan({ planId: ids.closed, ...planInput(2025, "改名") }), closedWrites],
    ["createTask(closed)", () => createTask({ ...taskInput(ids.closed, "x"), startDate: "2025-01-01", dueDate: "2025-12-31" }), closedWrites],
    ["setAssignments(closed)", async () => {
      const [leaf] = await query<{ id: number }>(sql`select t.id from tasks t where t.plan_id = ${ids.closed} and not exists (select 1 from tasks c where c.parent_id = t.id) limit 1`);
      return setAssignments({ planId: ids.closed, cells: [{ taskId: leaf!.id, regionCode: "150100", assigned: false }] });
    }, closedWrites],
    ["createIndicator(closed)", async () => {
      const [t] = await query<{ id: number }>(sql`select id from tasks where plan_id = ${ids.closed} limit 1`);
      return createIndicator({ taskId: t!.id, ...indicatorInput });
    }, closedWrites],
  ];
  describe.each(cases)("%s", (_name, call, expected) => {
    it.each(roles.map((r) => [r ?? "anonymous", r] as const))("as %s", async (_label, role) => {
      await actAs(role);
      expect(await outcome(call)).toBe(expected[key(role)]);
    });
  });
});

describe("every role against every plan action", () => {
  type R = { ok: boolean; message?: string };
  const result = (r: R) => (r.ok ? "ok" : r.message);
  const expected = { admin: "ok", staff: "ok", leader: "forbidden", bureau: "forbidden", anon: "signedOut" } as const;
  const cases: [string, () => Promise<R>][] = [
    ["createPlanAction", () => actions.createPlanAction(planInput(2032, `动作计划${++seq}`))],
    ["updatePlanAction", () => actions.updatePlanAction({ planId: ids.draft, ...planInput(2030, "测试计划") })],
    ["setPlanStateAction", async () => {
      const [p] = await query<{ state: string }>(sql`select state from plans where id = ${ids.toggle}`);
      return actions.setPlanStateAction({ planId: ids.toggle, state: p!.state === "draft" ? "published" : "draft" });
    }],
    ["copyPlanAction", () => actions.copyPlanAction({ fromPlanId: ids.closed, year: 2060 + ++seq })],
    ["createTaskAction", () => actions.createTaskAction(taskInput(ids.draft, `动作举措${++seq}`, ids.top2))],
    ["updateTaskAction", () => actions.updateTaskAction({ taskId: ids.m12, title: "举措1.2", startDate: "2030-01-01", dueDate: "2030-12-31" })],
    ["moveTaskAction", () => actions.moveTaskAction({ taskId: ids.m12, parentId: ids.top1, position: 1 })],
    ["deleteTaskAction", () => actions.deleteTaskAction({ taskId: spareTasks.pop()!, confirm: true })],
    ["createIndicatorAction", () => actions.createIndicatorAction({ taskId: ids.m21, ...indicatorInput })],
    ["updateIndicatorAction", () => actions.updateIndicatorAction({ indicatorId: ids.indicator, ...indicatorInput })],
    ["deleteIndicatorAction", () => actions.deleteIndicatorAction({ indicatorId: spareIndicators.pop()! })],
    ["setAssignmentsAction", () => actions.setAssignmentsAction({ planId: ids.draft, cells: [{ taskId: ids.m21, regionCode: "150400", assigned: true }] })],
    ["updateAssignmentAction", () => actions.updateAssignmentAction({ assignmentId: ids.assignment, startDate: "2030-01-01", dueDate: "2030-06-30" })],
  ];
  describe.each(cases)("%s", (_name, call) => {
    it.each(roles.map((r) => [r ?? "anonymous", r] as const))("as %s", async (_label, role) => {
      await actAs(role);
      expect(result(await call())).toBe(expected[key(role)]);
    });
  });

  it("a closed plan answers planClosed, bad input answers with the field's message key", async () => {
    await actAs("staff");
    expect(await actions.createTaskAction({ ...taskInput(ids.closed, "x"), startDate: "2025-01-01", dueDate: "2025-12-31" })).toEqual({ ok: false, message: "planClosed" });
    expect(await actions.createTaskAction({ ...taskInput(ids.draft, ""), dueDate: "2029-01-01" })).toMatchObject({ ok: false, message: "invalid", errors: { title: "required", dueDate: "dateOrder" } });
  });

  it("bad input is answered with its fields by the shared schema before anything else, whoever sends it; nothing is written", async () => {
    await actAs(null);
    const before = await query<{ n: number }>(sql`select count(*)::int as n from tasks where plan_id = ${ids.draft}`);
    expect(await actions.createTaskAction({ ...taskInput(ids.draft, ""), dueDate: "2029-01-01" })).toMatchObject({ ok: false, message: "invalid", errors: { title: "required", dueDate: "dateOrder" } });
    expect(await actions.deleteTaskAction({ taskId: ids.m12 })).toMatchObject({ ok: false, message: "invalid", errors: { confirm: "confirmRequired" } });
    expect(await query<{ n: number }>(sql`select count(*)::int as n from tasks where plan_id = ${ids.draft}`)).toEqual(before);
  });
});

describe("every role against every plan route", () => {
  const params = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });
  const cases: [string, () => Promise<Response>, Record<string, number>][] = [
    ["GET /api/plans/template", () => templateRoute.GET(), { admin: 200, staff: 200, leader: 403, bureau: 403, anon: 401 }],
    ["GET /api/plans/:id/export", () => exportRoute.GET(new Request("http://x/"), params(ids.draft)), { admin: 200, staff: 200, leader: 403, bureau: 403, anon: 401 }],
    ["POST /api/plans/:id/import (not a sheet)", () => importRoute.POST(new Request("http://x/?preview=1", { method: "POST", body: "not a spreadsheet" }), params(ids.draft)), { admin: 422, staff: 422, leader: 403, bureau: 403, anon: 401 }],
    ["POST /api/plans/:id/import (closed plan)", () => importRoute.POST(new Request("http://x/", { method: "POST", body: sheet as unknown as BodyInit }), params(ids.closed)), { admin: 409, staff: 409, leader: 403, bureau: 403, anon: 401 }],
    ["POST /api/plans/:id/import (multipart, preview)", () => {
      const body = new FormData();
      body.set("file", new File([sheet as unknown as BlobPart], "plan.xlsx"));
      return importRoute.POST(new Request("http://x/?preview=1", { method: "POST", body }), params(ids.draft));
      // The plan's own export, previewed against the plan: a round trip that changes nothing.
    }, { admin: 200, staff: 200, leader: 403, bureau: 403, anon: 401 }],
  ];
  describe.each(cases)("%s", (_name, call, expected) => {
    it.each(roles.map((r) => [r ?? "anonymous", r] as const))("as %s", async (_label, role) => {
      await actAs(role);
      const res = await call();
      // The body says why when the status is not the one expected (a 422 names its rows).
      if (res.status !== expected[key(role)]) expect(`${res.status} ${await res.text()}`).toBe(String(expected[key(role)]));
      expect(res.status).toBe(expected[key(role)]);
      if (res.status >= 400) expect(((await res.json()) as { error: string }).error).toBeTruthy();
    });
  });

  it("the export is an .xlsx download", async () => {
    await actAs("staff");
    const res = await exportRoute.GET(new Request("http://x/"), params(ids.published));
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
  });
});

describe("the task tree", () => {
  it("numbers tasks 1, 2 and measures 1.1, 1.2 as they are added", async () => {
    await actAs("staff");
    const plan = (await createPlan(planInput(2033, "编号计划"))).id;
    const a = await createTask(taskInput(plan, "甲"));
    const b = await createTask(taskInput(plan, "乙"));
    const a1 = await createTask(taskInput(plan, "甲一", a.id));
    const a2 = await createTask(taskInput(plan, "甲二", a.id));
    const a21 = await createTask(taskInput(plan, "甲二一", a2.id));
    expect([a.number, b.number, a1.number, a2.number, a21.number]).toEqual(["1", "2", "1.1", "1.2", "1.2.1"]);
  });

  it("reorders siblings and renumbers them", async () => {
    await actAs("staff");
    const plan = (await createPlan(planInput(2034, "排序计划"))).id;
    const top = await createTask(taskInput(plan, "顶"));
    const x = await createTask(taskInput(plan, "X", top.id));
    await createTask(taskInput(plan, "Y", top.id));
    const z = await createTask(taskInput(plan, "Z", top.id));
    await moveTask({ taskId: z.id, parentId: top.id, position: 0 });
    expect(await numbersOf(plan)).toEqual({ 顶: "1", Z: "1.1", X: "1.2", Y: "1.3" });
    await moveTask({ taskId: x.id, parentId: top.id, position: 99 });
    expect(await numbersOf(plan)).toEqual({ 顶: "1", Z: "1.1", Y: "1.2", X: "1.3" });
    const history = await listTaskHistory(x.id);
    expect(history[0]).toMatchObject({ action: "task.move", before: { number: "1.2" }, after: { number: "1.3" }, actor: "综合处 王晓东" });
  });

  it("moves a measure under another task, closing up the old siblings, and a task to the top level", async () => {
    await actAs("staff");
    const plan = (await createPlan(planInput(2035, "移动计划"))).id;
    const a = await createTask(taskInput(plan, "A"));
    const b = await createTask(taskInput(plan, "B"));
    const a1 = await createTask(taskInput(plan, "A1", a.id));
    await createTask(taskInput(plan, "A2", a.id));
    await createTask(taskInput(plan, "B1", b.id));
    await moveTask({ taskId: a1.id, parentId: b.id, position: 0 });
    expect(await numbersOf(plan)).toEqual({ A: "1", B: "2", A1: "2.1", A2: "1.1", B1: "2.2" });
    await moveTask({ taskId: a1.id, parentId: null, position: 0 });
    expect(await numbersOf(plan)).toEqual({ A1: "1", A: "2", B: "3", A2: "2.1", B1: "3.1" });
  });

  it("refuses a cycle, a parent in another plan, and a parent that is assigned to regions", async () => {
    await actAs("staff");
    const plan = (await createPlan(planInput(2036, "环路计划"))).id;
    const a = await createTask(taskInput(plan, "A"));
    const a1 = await createTask(taskInput(plan, "A1", a.id));
    const a11 = await createTask(taskInput(plan, "A11", a1.id));
    expect(await outcome(() => moveTask({ taskId: a.id, parentId: a11.id, position: 0 }))).toBe(422);
    expect(await outcome(() => moveTask({ taskId: a.id, parentId: a.id, position: 0 }))).toBe(422);
    expect(await outcome(() => moveTask({ taskId: a11.id, parentId: ids.top1, position: 0 }))).toBe(422);
    await setAssignments({ planId: plan, cells: [{ taskId: a11.id, regionCode: "150100", assigned: true }] });
    const b = await createTask(taskInput(plan, "B"));
    expect(await outcome(() => moveTask({ taskId: b.id, parentId: a11.id, position: 0 }))).toBe(409);
    expect(await outcome(() => createTask(taskInput(plan, "C", a11.id)))).toBe(409);
    expect(await outcome(() => setAssignments({ planId: plan, cells: [{ taskId: a1.id, regionCode: "150100", assigned: true }] }))).toBe(422);
    expect(await numbersOf(plan)).toEqual({ A: "1", A1: "1.1", A11: "1.1.1", B: "2" });
  });

  it("edits a task with its before and after in the history; assignments that kept the task's dates follow them", async () => {
    await actAs("staff");
    const plan = (await createPlan(planInput(2037, "编辑计划"))).id;
    const t = await createTask(taskInput(plan, "旧标题", null, { dueDate: "2030-06-30" }));
    await setAssignments({ planId: plan, cells: ["150100", "150200"].map((regionCode) => ({ taskId: t.id, regionCode, assigned: true })) });
    const [own] = await query<{ id: number }>(sql`select id from assignments where task_id = ${t.id} and region_code = '150200'`);
    await updateAssignment({ assignmentId: own!.id, startDate: "2030-01-01", dueDate: "2030-05-31" });
    await updateTask({ taskId: t.id, title: "新标题", startDate: "2030-01-01", dueDate: "2030-09-30", weight: 2 });
    const dues = await query<{ region_code: string; due_date: string }>(sql`select region_code, due_date::text from assignments where task_id = ${t.id} order by region_code`);
    expect(dues).toEqual([{ region_code: "150100", due_date: "2030-09-30" }, { region_code: "150200", due_date: "2030-05-31" }]);
    const history = await listTaskHistory(t.id);
    expect(history.map((h) => h.action)).toEqual(["task.update", "assignment.update", "assignment.set", "task.create"]);
    expect(history[0]).toMatchObject({ before: { title: "旧标题", dueDate: "2030-06-30", weight: 1 }, after: { title: "新标题", dueDate: "2030-09-30", weight: 2 } });
    expect(history[2]).toMatchObject({ before: { regions: [] }, after: { regions: ["150100", "150200"] } });
  });

  it("deletes a task without reports only when confirmed, with its measures, indicators and assignments", async () => {
    await actAs("staff");
    const plan = (await createPlan(planInput(2038, "删除计划"))).id;
    const a = await createTask(taskInput(plan, "A"));
    const a1 = await createTask(taskInput(plan, "A1", a.id));
    await createTask(taskInput(plan, "B"));
    await createIndicator({ taskId: a1.id, ...indicatorInput });
    await setAssignments({ planId: plan, cells: [{ taskId: a1.id, regionCode: "150100", assigned: true }] });
    expect(await outcome(() => deleteTask({ taskId: a.id }))).toBe("invalid");
    expect(await outcome(() => deleteTask({ taskId: a.id, confirm: false }))).toBe("invalid");
    expect(await deleteTask({ taskId: a.id, confirm: true })).toEqual({ result: "deleted", count: 2 });
    expect(await numbersOf(plan)).toEqual({ B: "1" });
    const [left] = await query<{ n: number }>(sql`select count(*)::int as n from tasks where id in (${a.id}, ${a1.id})`);
    expect(left!.n).toBe(0);
    const audit = await query<{ action: string; before: { title: string } }>(sql`select action, before from audit_log where entity_type = 'task' and entity_id = ${String(a1.id)} order by id desc limit 1`);
    expect(audit[0]).toMatchObject({ action: "task.delete", before: { title: "A1" } });
  });

  it("archives a task that has reports, never deletes it; its reports stay", async () => {
    await actAs("staff");
    const [before] = await query<{ n: number }>(sql`select count(*)::int as n from reports r join assignments a on a.id = r.assignment_id where a.task_id = ${ids.reportedTask}`);
    expect(before!.n).toBeGreaterThan(0);
    expect(await deleteTask({ taskId: ids.reportedTask, confirm: true })).toEqual({ result: "archived", count: 1 });
    const [row] = await query<{ archived: boolean; number: string }>(sql`select archived_at is not null as archived, number from tasks where id = ${ids.reportedTask}`);
    expect(row).toEqual({ archived: true, number: `0.${ids.reportedTask}` });
    const [after] = await query<{ n: number }>(sql`select count(*)::int as n from reports r join assignments a on a.id = r.assignment_id where a.task_id = ${ids.reportedTask}`);
    expect(after!.n).toBe(before!.n);
    const editor = await getPlanEditor(ids.published);
    expect(editor.tasks.some((t) => t.id === ids.reportedTask)).toBe(false);
    expect(editor.archived.some((t) => t.id === ids.reportedTask)).toBe(true);
    // Numbers stay a gap-free outline.
    const tops = editor.tasks.filter((t) => t.depth === 1).map((t) => t.number);
    expect(tops).toEqual(tops.map((_, i) => String(i + 1)));
    expect(await outcome(() => updateTask({ taskId: ids.reportedTask, title: "x", startDate: "2026-01-01", dueDate: "2026-12-31" }))).toBe(409);
    // An assignment with reports cannot be untied either.
    const [reportedAssignment] = await query<{ task_id: number; region_code: string }>(sql`
      select a.task_id, a.region_code from assignments a join tasks t on t.id = a.task_id where t.plan_id = ${ids.published} and t.archived_at is null
        and exists (select 1 from reports r where r.assignment_id = a.id) limit 1`);
    expect(await outcome(() => setAssignments({ planId: ids.published, cells: [{ taskId: reportedAssignment!.task_id, regionCode: reportedAssignment!.region_code, assigned: false }] }))).toBe(409);
  });
});

describe("plans", () => {
  it("move draft → published → closed; a closed plan is read-only until reopened; bad moves are refused", async () => {
    await actAs("admin");
    const plan = (await createPlan(planInput(2039, "状态计划"))).id;
    expect(await outcome(() => setPlanState({ planId: plan, state: "closed" }))).toBe(409);
    await setPlanState({ planId: plan, state: "published" });
    await setPlanState({ planId: plan, state: "closed" });
    expect(await outcome(() => createTask(taskInput(plan, "x")))).toBe(409);
    expect(await outcome(() => updatePlan({ planId: plan, ...planInput(2039, "状态计划") }))).toBe(409);
    await setPlanState({ planId: plan, state: "published" });
    expect(await outcome(() => createTask(taskInput(plan, "x")))).toBe("ok");
    expect(await outcome(() => setPlanState({ planId: ids.published, state: "draft" }))).toBe(409);
    const audit = await query<{ action: string }>(sql`select action from audit_log where entity_type = 'plan' and entity_id = ${String(plan)} order by id`);
    expect(audit.map((a) => a.action)).toEqual(["plan.create", "plan.publish", "plan.close", "plan.publish"]);
  });

  it("publishing starts the assignments on the publication day, never back-dated to the tasks' start (issue 11 item 4)", async () => {
    await actAs("staff");
    const publishedOn = new Date("2041-06-15T02:00:00Z"); // 10:00 in China
    const plan = (await createPlan(planInput(2041, "年中发布计划"))).id;
    const top = await createTask({ ...taskInput(plan, "重点任务"), startDate: "2041-01-01", dueDate: "2041-12-31" });
    const whole = await createTask({ ...taskInput(plan, "全年举措", top.id), startDate: "2041-01-01", dueDate: "2041-12-31" });
    const late = await createTask({ ...taskInput(plan, "下半年举措", top.id), startDate: "2041-09-01", dueDate: "2041-12-31" });
    const over = await createTask({ ...taskInput(plan, "上半年举措", top.id), startDate: "2041-01-01", dueDate: "2041-03-31" });
    await setAssignments({ planId: plan, cells: [whole.id, late.id, over.id].map((taskId) => ({ taskId, regionCode: "150200", assigned: true })) });
    const starts = async () =>
      Object.fromEntries(
        (await query<{ task_id: number; start_date: string }>(sql`select a.task_id, a.start_date::text from assignments a join tasks t on t.id = a.task_id where t.plan_id = ${plan}`)).map((r) => [Number(r.task_id), r.start_date]),
      );
    // In the draft they follow their tasks.
    expect(await starts()).toEqual({ [whole.id]: "2041-01-01", [late.id]: "2041-09-01", [over.id]: "2041-01-01" });
    await setPlanState({ planId: plan, state: "published" }, publishedOn);
    // Published on 15 June: the whole-year one starts that day, the later one keeps its own start, one already due ends where it ends.
    expect(await starts()).toEqual({ [whole.id]: "2041-06-15", [late.id]: "2041-09-01", [over.id]: "2041-03-31" });
    const [audit] = await query<{ after: { startsMoved: number; startsMovedTo: string } }>(sql`
      select after from audit_log where entity_type = 'plan' and entity_id = ${String(plan)} and action = 'plan.publish'`);
    expect(audit!.after).toMatchObject({ state: "published", startsMoved: 2, startsMovedTo: "2041-06-15" });
  });

  it("refuses a second plan with the same year, body and title, and bad settings, with field messages", async () => {
    await actAs("staff");
    expect(await outcome(() => createPlan(planInput(2030, "测试计划")))).toBe(422);
    expect(await actions.createPlanAction({ ...planInput(2030, "测试计划") })).toEqual({ ok: false, message: "invalid", errors: { title: "duplicatePlan" } });
    expect(await actions.createPlanAction({ ...planInput(1999, "x"), dueDay: 31, greenMaxBehind: 30, yellowMaxBehind: 20 })).toMatchObject({ ok: false, errors: { year: "badYear", dueDay: "dueDayRange", yellowMaxBehind: "thresholdOrder" } });
  });

  it("a bureau sees a published plan with its own region only", async () => {
    await actAs("bureau-150100");
    const editor = await getPlanEditor(ids.published);
    expect(editor.canEdit).toBe(false);
    expect(new Set(editor.assignments.map((a) => a.regionCode))).toEqual(new Set(["150100"]));
    expect(editor.regions.map((r) => r.code)).toEqual(["150100"]);
    expect(editor.tasks.flatMap((t) => t.indicators.flatMap((i) => i.regionTargets.map((r) => r.regionCode))).every((c) => c === "150100")).toBe(true);
  });
});

describe("starting a year from last year's plan", () => {
  it("copies the task tree, indicators with region targets and assignments, dates a year on, into a new draft", async () => {
    await actAs("staff");
    const copy = await copyPlan({ fromPlanId: ids.closed, year: 2026 });
    const src = await getPlanEditor(ids.closed);
    const dst = await getPlanEditor(copy.id);
    expect(dst.plan).toMatchObject({ year: 2026, state: "draft", cadence: src.plan.cadence, dueDay: src.plan.dueDay, issuingBody: src.plan.issuingBody });
    expect(dst.plan.title).toBe(src.plan.title.replace("2025", "2026"));
    expect(dst.plan.meetingDate).toBe(addYears(src.plan.meetingDate!, 1));
    const shape = (e: typeof src, years: number) =>
      e.tasks.map((t) => ({
        number: t.number,
        depth: t.depth,
        title: t.title,
        leadOffice: t.leadOffice,
        startDate: addYears(t.startDate, years),
        dueDate: addYears(t.dueDate, years),
        indicators: t.indicators.map(({ id: _i, taskId: _t, ...i }) => i),
        assignments: e.assignments.filter((a) => a.taskId === t.id).map((a) => `${a.regionCode}:${addYears(a.dueDate, years)}`).sort(),
      }));
    expect(shape(dst, 0)).toEqual(shape(src, 1));
    expect(copy.assignments).toBe(src.assignments.length);
    expect(copy.assignments).toBeGreaterThan(100);
    const [reports] = await query<{ n: number }>(sql`select count(*)::int as n from reports r join assignments a on a.id = r.assignment_id join tasks t on t.id = a.task_id where t.plan_id = ${copy.id}`);
    expect(reports!.n).toBe(0);
    // A draft: bureaus do not see it yet.
    await actAs("bureau-150100");
    expect(await outcome(() => getPlanEditor(copy.id))).toBe(404);
    expect((await getPlanWithTasks(ids.published)).id).toBe(ids.published);
    await actAs("staff");
    expect(await outcome(() => copyPlan({ fromPlanId: ids.closed, year: 2026 }))).toBe(422);
    const [audit] = await query<{ action: string; after: { fromPlanId: number } }>(sql`select action, after from audit_log where entity_type = 'plan' and entity_id = ${String(copy.id)}`);
    expect(audit).toMatchObject({ action: "plan.copy", after: { fromPlanId: ids.closed } });
  });
});
