import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as draftRoute from "@/app/api/v1/assignments/[id]/reports/[period]/route";
import * as submitRoute from "@/app/api/v1/reports/[id]/submit/route";
import { listMyNotifications, openNotification } from "@/lib/data/notifications";
import { acknowledgeAssignment, sendReminder } from "@/lib/data/period-work";
import { setAssignments } from "@/lib/data/plan-assignments";
import { createTask } from "@/lib/data/plan-tasks";
import { getReportCard, listCellAssignments } from "@/lib/data/report-card";
import { saveReportDraft, submitReport } from "@/lib/data/reports";
import { countReviewQueue, returnReport } from "@/lib/data/review";
import { NOW, actAs, clockFromNow, query, seed } from "../support/fixtures";
import { outcome } from "../support/outcome";

// The API's session is read from the request headers; the tests act through actAs() instead.
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));

const OWN = "150100";
const OTHER = "150200";
const PERIOD = "2026-11";

const ctx = {} as {
  submittedAssignment: number;
  submittedReport: number;
  draftAssignment: number;
  draftReport: number;
  approvedAssignment: number;
  topTask: number;
  otherAssignment: number;
};

/** An open assignment of the region in the published 2026 plan whose November has no report yet. */
async function freshAssignment(region: string, skip: number[] = []): Promise<number> {
  const rows = await query<{ id: number }>(sql`
    select a.id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
    where a.region_code = ${region} and p.year = 2026 and p.state = 'published' and a.closed_at is null and t.archived_at is null
      and a.start_date <= '2026-11-01' and a.due_date >= '2026-11-30'
      and not exists (select 1 from reports r where r.assignment_id = a.id and r.period >= ${PERIOD} and r.state <> 'draft')
      and exists (select 1 from reports r where r.assignment_id = a.id and r.state = 'approved')
    order by a.id`);
  const row = rows.find((r) => !skip.includes(Number(r.id)));
  if (!row) throw new Error(`no fresh assignment for ${region}`);
  return Number(row.id);
}

/** The progress of the assignment's latest earlier report that was handed in. */
async function previous(assignmentId: number): Promise<number | null> {
  const [r] = await query<{ progress: number }>(sql`select progress from reports where assignment_id = ${assignmentId} and period < ${PERIOD} and state <> 'draft' order by period desc limit 1`);
  return r ? Number(r.progress) : null;
}

const draft = (assignmentId: number, progress: number, extra: object = {}) => ({ assignmentId, period: PERIOD, progress, status: "on_track" as const, workDone: "完成现场检查12家", ...extra });

/** Saves November's draft of the assignment (over the demo's own draft, when it has one). */
async function saveNov(assignmentId: number, progress: number, extra: object = {}) {
  const [r] = await query<{ version: number }>(sql`select version from reports where assignment_id = ${assignmentId} and period = ${PERIOD}`);
  return saveReportDraft(draft(assignmentId, progress, { ...(r ? { version: Number(r.version) } : {}), ...extra }), NOW);
}

// Its steps go through routes and actions that read the clock, on the demo data as of NOW.
let realClock: () => void = () => undefined;
beforeAll(() => {
  realClock = clockFromNow();
});
afterAll(() => realClock());

beforeAll(async () => {
  await seed();
  await actAs(`bureau-${OWN}`);
  ctx.submittedAssignment = await freshAssignment(OWN);
  const base = (await previous(ctx.submittedAssignment)) ?? 0;
  const saved = await saveNov(ctx.submittedAssignment, Math.min(100, base + 5));
  await submitReport({ reportId: saved.id }, NOW);
  ctx.submittedReport = saved.id;
  ctx.draftAssignment = await freshAssignment(OWN, [ctx.submittedAssignment]);
  ctx.draftReport = (await saveNov(ctx.draftAssignment, Math.min(100, ((await previous(ctx.draftAssignment)) ?? 0) + 5), { workDone: "草稿中的内容" })).id;
  const [approved] = await query<{ assignment_id: number; task_id: number; parent_id: number | null }>(sql`
    select r.assignment_id, t.id as task_id, t.parent_id from reports r join assignments a on a.id = r.assignment_id join tasks t on t.id = a.task_id
    where a.region_code = ${OWN} and r.state = 'approved' and a.id not in (${ctx.submittedAssignment}, ${ctx.draftAssignment})
      and not exists (select 1 from reports n where n.assignment_id = a.id and n.period > r.period and n.state <> 'draft')
    order by r.period desc, r.id limit 1`);
  ctx.approvedAssignment = Number(approved!.assignment_id);
  ctx.topTask = Number(approved!.parent_id ?? approved!.task_id);
  await actAs(`bureau-${OTHER}`);
  ctx.otherAssignment = await freshAssignment(OTHER);
});

describe("the report card: who reads what (role × own/other region)", () => {
  // A bureau of OWN reads its own region's cards and nothing of OTHER's; leaders and staff read all.
  const roles = ["leader", "staff", "admin", `bureau-${OWN}`, `bureau-${OTHER}`, null] as const;
  const as = (u: (typeof roles)[number]) => (u === null ? "anon" : u.startsWith("bureau") ? (u === `bureau-${OWN}` ? "own" : "other") : u);
  const cases: [string, () => Promise<unknown>, Record<string, unknown>][] = [
    ["card of an OWN assignment", () => getReportCard(ctx.submittedAssignment), { leader: "ok", staff: "ok", admin: "ok", own: "ok", other: 404, anon: 401 }],
    ["card of a given OWN report", () => getReportCard(ctx.submittedAssignment, ctx.submittedReport), { leader: "ok", staff: "ok", admin: "ok", own: "ok", other: 404, anon: 401 }],
    ["a report of another assignment under this one's id", () => getReportCard(ctx.approvedAssignment, ctx.submittedReport), { leader: 404, staff: 404, admin: 404, own: 404, other: 404, anon: 401 }],
    ["an OWN draft asked for by id", () => getReportCard(ctx.draftAssignment, ctx.draftReport), { leader: 404, staff: 404, admin: 404, own: "ok", other: 404, anon: 401 }],
    ["the OWN region × key task cell", () => listCellAssignments(OWN, ctx.topTask), { leader: "ok", staff: "ok", admin: "ok", own: "ok", other: 404, anon: 401 }],
  ];
  for (const [name, fn, expected] of cases) {
    it.each(roles)(`${name}: %s`, async (u) => {
      await actAs(u);
      expect(await outcome(fn)).toBe(expected[as(u)]);
    });
  }

  it.each([
    ["leader", false],
    ["staff", true],
    [`bureau-${OWN}`, false],
  ] as const)("a submitted report: %s reads it; may decide on it: %s", async (user, decide) => {
    await actAs(user);
    const card = await getReportCard(ctx.submittedAssignment);
    expect(card.report).toMatchObject({ id: ctx.submittedReport, state: "submitted", workDone: "完成现场检查12家" });
    expect(card.canDecide).toBe(decide);
    expect(card.history.map((h) => h.action)).toEqual(["submit"]);
  });

  it("a draft is its bureau's alone: others read the latest handed-in report instead", async () => {
    await actAs("leader");
    const card = await getReportCard(ctx.draftAssignment);
    expect(card.report?.id).not.toBe(ctx.draftReport);
    expect(card.periods.map((p) => p.reportId)).not.toContain(ctx.draftReport);
    await actAs(`bureau-${OWN}`);
    expect((await getReportCard(ctx.draftAssignment)).report).toMatchObject({ id: ctx.draftReport, state: "draft", workDone: "草稿中的内容" });
  });

  it("indicators are measured against the region's own target, with the decision's opinion in the history", async () => {
    await actAs("leader");
    const card = await getReportCard(ctx.approvedAssignment);
    expect(card.report?.state).toBe("approved");
    expect(card.history.at(-1)?.action).toBe("approve");
    for (const i of card.indicators) {
      const [t] = await query<{ target: number | null }>(sql`
        select coalesce(rt.target, i.target) as target from indicators i
        left join indicator_region_targets rt on rt.indicator_id = i.id and rt.region_code = ${OWN} where i.id = ${i.id}`);
      expect(i.target).toBe(t!.target === null ? null : Number(t!.target));
      if (i.value !== null && i.target !== null) expect(i.met).toBe(i.direction === "higher" ? i.value >= i.target : i.value <= i.target);
    }
  });

  it("the cell lists the region's assignments under the key task, and a leader sees each of them", async () => {
    await actAs("leader");
    const ids = await listCellAssignments(OWN, ctx.topTask);
    expect(ids).toContain(ctx.approvedAssignment);
    const regions = await query<{ region_code: string }>(sql`select distinct region_code from assignments where id in ${sql.raw(`(${ids.join(",")})`)}`);
    expect(regions.map((r) => r.region_code)).toEqual([OWN]);
  });
});

describe("submission needs 工作进展, and a reason for a drop in progress", () => {
  it("the data layer refuses with the field (422)", async () => {
    await actAs(`bureau-${OTHER}`);
    const a = ctx.otherAssignment;
    const before = (await previous(a)) ?? 0;
    const empty = await saveNov(a, before, { workDone: "" });
    await expect(submitReport({ reportId: empty.id }, NOW)).rejects.toMatchObject({ status: 422, fields: { workDone: "workDoneRequired" } });
    if (before > 0) {
      const dropped = await saveReportDraft(draft(a, before - 1, { version: empty.version }), NOW);
      await expect(submitReport({ reportId: dropped.id }, NOW)).rejects.toMatchObject({ status: 422, fields: { dropReason: "dropReasonRequired" } });
      const explained = await saveReportDraft(draft(a, before - 1, { dropReason: "监测点位调整，口径变化", version: dropped.version }), NOW);
      expect(await outcome(() => submitReport({ reportId: explained.id }, NOW))).toBe("ok");
    }
  });

  it("the API answers 422 problem+json naming the field", async () => {
    await actAs(`bureau-${OWN}`);
    const a = await freshAssignment(OWN, [ctx.submittedAssignment, ctx.draftAssignment]);
    const [existing] = await query<{ version: number }>(sql`select version from reports where assignment_id = ${a} and period = ${PERIOD}`);
    const body = { progress: 100, status: "on_track", workDone: "", ...(existing ? { version: Number(existing.version) } : {}) };
    const put = await draftRoute.PUT(new Request("http://localhost/x", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({ id: String(a), period: PERIOD }) });
    expect(put.status).toBeLessThan(300);
    const report = (await put.json()) as { id: number };
    const res = await submitRoute.POST(new Request("http://localhost/x", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), { params: Promise.resolve({ id: String(report.id) }) });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain("workDone");
  });

  it("a save that changes nothing makes no new version", async () => {
    await actAs(`bureau-${OWN}`);
    const [r] = await query<{ version: number; progress: number; work_done: string }>(sql`select version, progress, work_done from reports where id = ${ctx.draftReport}`);
    const again = await saveReportDraft(draft(ctx.draftAssignment, Number(r!.progress), { workDone: r!.work_done, version: Number(r!.version) }), NOW);
    expect(again.version).toBe(Number(r!.version));
    const [n] = await query<{ n: number }>(sql`select count(*)::int as n from report_versions where report_id = ${ctx.draftReport}`);
    expect(Number(n!.n)).toBe(Number(r!.version));
  });
});

describe("notifications", () => {
  it("staff are told of a submission and a resubmission; the 审核 count follows the queue", async () => {
    await actAs("staff");
    const before = await countReviewQueue();
    const [queued] = await query<{ n: number }>(sql`select count(*)::int as n from reports where state = 'submitted'`);
    expect(before).toBe(Number(queued!.n));
    const mine = await listMyNotifications(200, NOW);
    expect(mine.items.some((n) => n.kind === "submitted" && n.link === `/review/${ctx.submittedReport}`)).toBe(true);
    const [v] = await query<{ version: number }>(sql`select version from reports where id = ${ctx.submittedReport}`);
    await returnReport({ reportId: ctx.submittedReport, version: Number(v!.version), comment: "请补充检查台账" }, NOW);
    expect(await countReviewQueue()).toBe(before - 1);
    await actAs(`bureau-${OWN}`);
    const [cur] = await query<{ version: number; progress: number }>(sql`select version, progress from reports where id = ${ctx.submittedReport}`);
    const fixed = await saveReportDraft(draft(ctx.submittedAssignment, Number(cur!.progress), { workDone: "完成现场检查12家，附检查台账", version: Number(cur!.version) }), NOW);
    await submitReport({ reportId: fixed.id }, NOW);
    expect(await countReviewQueue()).toBe(0); // a league-city bureau without counties reviews nothing
    await actAs("staff");
    expect((await listMyNotifications(200, NOW)).items.some((n) => n.kind === "resubmitted" && n.link === `/review/${ctx.submittedReport}`)).toBe(true);
    await actAs("leader");
    expect(await countReviewQueue()).toBe(0);
  });

  it("opening a notification marks it read; another user's is not found", async () => {
    await actAs("staff");
    const { items, unread } = await listMyNotifications(200, NOW);
    const n = items.find((i) => !i.readAt && i.link)!;
    expect(await openNotification(n.id, NOW)).toEqual({ link: n.link });
    expect((await listMyNotifications(200, NOW)).unread).toBe(unread - 1);
    await actAs("leader");
    expect(await outcome(() => openNotification(n.id, NOW))).toBe(404);
  });

  it("催办 twice in a day for the same assignment sends one notice, and says so", async () => {
    await actAs("staff");
    const count = async () => Number((await query<{ n: number }>(sql`select count(*)::int as n from notifications where kind = 'reminder' and assignment_id = ${ctx.otherAssignment}`))[0]!.n);
    const first = await sendReminder({ regionCode: OTHER, assignmentId: ctx.otherAssignment }, NOW);
    expect(first.alreadyToday).toBeFalsy();
    const after = await count();
    expect(after).toBeGreaterThan(0);
    const second = await sendReminder({ regionCode: OTHER, assignmentId: ctx.otherAssignment }, new Date(NOW.getTime() + 3600_000));
    expect(second).toMatchObject({ notified: 0, alreadyToday: true });
    expect(await count()).toBe(after);
    // The next day it goes out again.
    const nextDay = await sendReminder({ regionCode: OTHER, assignmentId: ctx.otherAssignment }, new Date(NOW.getTime() + 24 * 3600_000));
    expect(nextDay.alreadyToday).toBeFalsy();
  });
});

describe("a measure added mid-year starts on the day it is assigned", () => {
  it("is not back-dated: no earlier period is asked of it; the bureau is told and it stays first until acknowledged", async () => {
    await actAs("staff");
    const [plan] = await query<{ id: number }>(sql`select id from plans where year = 2026 and state = 'published' order by id limit 1`);
    const planId = Number(plan!.id);
    const top = await createTask({ planId, parentId: null, title: "年中新增重点任务", startDate: "2026-01-01", dueDate: "2026-12-31" });
    const leaf = await createTask({ planId, parentId: top.id, title: "年中新增举措", startDate: "2026-01-01", dueDate: "2026-12-31" });
    const given = new Date("2026-11-24T02:00:00Z");
    await setAssignments({ planId, cells: [{ taskId: leaf.id, regionCode: OTHER, assigned: true }] }, given);
    const [a] = await query<{ id: number; start_date: string; first_index: number | null }>(sql`
      select a.id, a.start_date::text as start_date, s.first_index from assignments a join assignment_states s on s.assignment_id = a.id where a.task_id = ${leaf.id}`);
    expect(a!.start_date).toBe("2026-11-24");
    // January to October are outside its window: nothing before November can be missing, late or behind.
    expect(a!.first_index === null || Number(a!.first_index) >= 11).toBe(true);

    await actAs(`bureau-${OTHER}`);
    const { items } = await listMyNotifications(200, given);
    expect(items[0]).toMatchObject({ kind: "assigned", pinned: true });
    await acknowledgeAssignment({ assignmentId: Number(a!.id), contactName: "王科长" }, given);
    const after = await listMyNotifications(200, given);
    expect(after.items.find((n) => n.kind === "assigned" && n.title.includes("年中新增举措"))?.pinned).toBe(false);
  });

  it("staff may choose another start", async () => {
    await actAs("staff");
    const [plan] = await query<{ id: number }>(sql`select id from plans where year = 2026 and state = 'published' order by id limit 1`);
    const planId = Number(plan!.id);
    const top = await createTask({ planId, parentId: null, title: "另一项新增任务", startDate: "2026-01-01", dueDate: "2026-12-31" });
    const leaf = await createTask({ planId, parentId: top.id, title: "另一项新增举措", startDate: "2026-01-01", dueDate: "2026-12-31" });
    await setAssignments({ planId, startDate: "2026-10-01", cells: [{ taskId: leaf.id, regionCode: OWN, assigned: true }] }, new Date("2026-11-24T02:00:00Z"));
    const [a] = await query<{ start_date: string }>(sql`select start_date::text as start_date from assignments where task_id = ${leaf.id}`);
    expect(a!.start_date).toBe("2026-10-01");
  });
});
