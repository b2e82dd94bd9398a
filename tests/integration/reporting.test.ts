import { and, eq, sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { assignments, plans, tasks } from "@/db/schema";
import { listMyNotifications } from "@/lib/data/notifications";
import { acknowledgeAssignment, getPeriodWork, listMissingReports, reopenPeriod, sendReminder } from "@/lib/data/period-work";
import { getReport, saveReportDraft, submitReport } from "@/lib/data/reports";
import { approveReport, approveReports, getReviewItem, listReviewQueue, returnReport } from "@/lib/data/review";
import { NOW, actAs, query, seed } from "../support/fixtures";
import { outcome, type Outcome } from "../support/outcome";

const REGION = "150400"; // 赤峰市: no drafts in the demo history for the current period
const OTHER = "150500";
const BUREAU = `bureau-${REGION}`;


let open: number[] = [];
let submittedElsewhere = { id: 0, version: 0 };
let indicatorAssignment: { id: number; indicatorId: number } | null = null;

async function openAssignments(region: string): Promise<number[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(plans.year, 2026), eq(assignments.regionCode, region), sql`${assignments.closedAt} is null`, sql`${assignments.dueDate} >= '2026-11-30'`))
    .orderBy(assignments.id);
  return rows.map((r) => r.id);
}

const draft = (assignmentId: number, extra: object = {}) => ({ assignmentId, period: "2026-11", progress: 60, status: "on_track" as const, workDone: "推进中", dropReason: "按新口径重新核算", ...extra });

beforeAll(async () => {
  await seed();
  open = await openAssignments(REGION);
  expect(open.length).toBeGreaterThan(8);
  // A report of another region waiting for review.
  const [other] = await openAssignments(OTHER);
  await actAs(`bureau-${OTHER}`);
  const saved = await saveReportDraft(draft(other!), NOW);
  submittedElsewhere = { id: saved.id, version: (await submitReport({ reportId: saved.id, version: saved.version }, NOW)).version };
  const [withIndicator] = await query<{ id: number; indicator_id: number }>(sql`
    select a.id, i.id as indicator_id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
    join indicators i on i.task_id = t.id
    where p.year = 2026 and a.region_code = ${REGION} and a.closed_at is null and a.due_date >= '2026-11-30' order by a.id desc limit 1`);
  indicatorAssignment = withIndicator ? { id: withIndicator.id, indicatorId: withIndicator.indicator_id } : null;
});

describe("the life cycle of a report", () => {
  it("draft → submit → return → correct → submit → approve, every version kept, the bureau told each time", async () => {
    const a = open[0]!;
    await actAs(BUREAU);
    const v1 = await saveReportDraft(draft(a), NOW);
    const v2 = await submitReport({ reportId: v1.id, version: v1.version }, NOW);
    await actAs("staff");
    expect((await listReviewQueue({ regionCode: REGION })).map((q) => q.reportId)).toContain(v1.id);
    const v3 = await returnReport({ reportId: v1.id, version: v2.version, comment: "请补充佐证材料" }, NOW);
    await actAs(BUREAU);
    const work = await getPeriodWork(undefined, NOW);
    const item = work.items.find((i) => i.assignmentId === a)!;
    expect(item.state).toBe("returned");
    expect(item.report?.reviewComment).toBe("请补充佐证材料");
    expect(work.items[0]!.state === "returned" || work.items[0]!.overdue).toBe(true); // returned and overdue first
    const v4 = await saveReportDraft(draft(a, { progress: 100, status: "complete", workDone: "已全部完成", version: v3.version }), NOW);
    const v5 = await submitReport({ reportId: v1.id, version: v4.version }, NOW);
    await actAs("staff");
    const review = await getReviewItem(v1.id);
    expect(review.report.progress).toBe(100);
    expect(review.previous?.period).toBe("2026-10");
    const decided = await approveReport({ reportId: v1.id, version: v5.version }, NOW);
    expect(decided).toEqual({ version: 6, closed: true });

    const versions = await query<{ version: number; action: string; state: string }>(sql`select version, action, state from report_versions where report_id = ${v1.id} order by version`);
    expect(versions).toEqual([
      { version: 1, action: "save", state: "draft" },
      { version: 2, action: "submit", state: "submitted" },
      { version: 3, action: "return", state: "returned" },
      { version: 4, action: "save", state: "returned" },
      { version: 5, action: "submit", state: "submitted" },
      { version: 6, action: "approve", state: "approved" },
    ]);
    const [closed] = await query<{ closed: boolean }>(sql`select closed_at is not null as closed from assignments where id = ${a}`);
    expect(closed!.closed).toBe(true);
    await actAs(BUREAU);
    const { items, unread } = await listMyNotifications(50, NOW);
    expect(items.map((n) => n.kind)).toEqual(expect.arrayContaining(["returned", "approved"]));
    expect(unread).toBeGreaterThanOrEqual(2);
    // A closed (办结) assignment asks for no more reports.
    expect(await outcome(() => saveReportDraft(draft(a, { version: 6 }), NOW))).toBe(409);
    const audit = await query<{ action: string }>(sql`select action from audit_log where entity_type = 'report' and entity_id = ${String(v1.id)} order by id`);
    expect(audit.map((x) => x.action)).toEqual(["report.create", "report.submit", "report.return", "report.save", "report.submit", "report.approve"]);
  });
});

describe("every role against every reporting action", () => {
  const roles = ["admin", "staff", "leader", BUREAU, `bureau-${OTHER}`, null] as const;
  const key = (r: (typeof roles)[number]) => (r === null ? "anon" : r === BUREAU ? "bureau" : r.startsWith("bureau") ? "otherBureau" : r);
  const cases: [string, () => Promise<unknown>, Record<string, Outcome>][] = [
    ["getPeriodWork", () => getPeriodWork(undefined, NOW), { admin: 403, staff: 403, leader: 403, bureau: "ok", otherBureau: "ok", anon: 401 }],
    ["acknowledgeAssignment", () => acknowledgeAssignment({ assignmentId: open[5]!, contactName: "张三" }, NOW), { admin: 403, staff: 403, leader: 403, bureau: "ok", otherBureau: 404, anon: 401 }],
    ["listReviewQueue", () => listReviewQueue(), { admin: 403, staff: "ok", leader: 403, bureau: 403, otherBureau: 403, anon: 401 }],
    ["getReviewItem", () => getReviewItem(submittedElsewhere.id), { admin: 403, staff: "ok", leader: 403, bureau: 403, otherBureau: 403, anon: 401 }],
    ["approveReport(stale version)", () => approveReport({ reportId: submittedElsewhere.id, version: 1 }, NOW), { admin: 403, staff: 409, leader: 403, bureau: 403, otherBureau: 403, anon: 401 }],
    ["returnReport(stale version)", () => returnReport({ reportId: submittedElsewhere.id, version: 1, comment: "x" }, NOW), { admin: 403, staff: 409, leader: 403, bureau: 403, otherBureau: 403, anon: 401 }],
    ["approveReports([])", () => approveReports([], NOW), { admin: 403, staff: "ok", leader: 403, bureau: 403, otherBureau: 403, anon: 401 }],
    ["sendReminder", () => sendReminder({ regionCode: OTHER }, NOW), { admin: 403, staff: "ok", leader: 403, bureau: 403, otherBureau: 403, anon: 401 }],
    ["listMissingReports", () => listMissingReports(NOW), { admin: 403, staff: "ok", leader: 403, bureau: 403, otherBureau: 403, anon: 401 }],
    ["reopenPeriod", () => reopenPeriod({ planId: 3, regionCode: OTHER, period: "2026-09", days: 3 }, NOW), { admin: 403, staff: "ok", leader: 403, bureau: 403, otherBureau: 403, anon: 401 }],
    ["saveReportDraft(bureau A's assignment)", () => saveReportDraft(draft(open[6]!), NOW), { admin: 403, staff: 403, leader: 403, bureau: "ok", otherBureau: 404, anon: 401 }],
    ["listMyNotifications", () => listMyNotifications(50, NOW), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", otherBureau: "ok", anon: 401 }],
  ];
  describe.each(cases)("%s", (_name, call, expected) => {
    it.each(roles.map((r) => [r ?? "anonymous", r] as const))("as %s", async (_label, role) => {
      await actAs(role);
      expect(await outcome(call)).toBe(expected[key(role)]);
    });
  });
});

describe("concurrency", () => {
  it("two reviews of one report at once: one wins, the other gets a conflict", async () => {
    await actAs(BUREAU);
    const saved = await saveReportDraft(draft(open[1]!), NOW);
    const sub = await submitReport({ reportId: saved.id, version: saved.version }, NOW);
    await actAs("staff");
    const results = await Promise.all([
      outcome(() => approveReport({ reportId: saved.id, version: sub.version }, NOW)),
      outcome(() => returnReport({ reportId: saved.id, version: sub.version, comment: "再核实" }, NOW)),
    ]);
    expect(results.sort()).toEqual([409, "ok"].sort());
    const [row] = await query<{ n: number }>(sql`select count(*)::int as n from report_versions where report_id = ${saved.id}`);
    expect(row!.n).toBe(3);
  });

  it("a double-clicked submit submits once", async () => {
    await actAs(BUREAU);
    const saved = await saveReportDraft(draft(open[2]!), NOW);
    const results = await Promise.all([1, 2].map(() => outcome(() => submitReport({ reportId: saved.id, version: saved.version }, NOW))));
    expect(results.sort()).toEqual([409, "ok"].sort());
    const versions = await query<{ action: string }>(sql`select action from report_versions where report_id = ${saved.id} order by version`);
    expect(versions.map((v) => v.action)).toEqual(["save", "submit"]);
  });

  it("approving several is all or nothing", async () => {
    await actAs(BUREAU);
    const a = await saveReportDraft(draft(open[3]!), NOW);
    const sa = await submitReport({ reportId: a.id, version: a.version }, NOW);
    const b = await saveReportDraft(draft(open[4]!), NOW);
    const sb = await submitReport({ reportId: b.id, version: b.version }, NOW);
    await actAs("staff");
    expect(await outcome(() => approveReports([{ reportId: a.id, version: sa.version }, { reportId: b.id, version: sb.version - 1 }], NOW))).toBe(409);
    const states = await query<{ state: string }>(sql`select state from reports where id in (${a.id}, ${b.id})`);
    expect(states.map((s) => s.state)).toEqual(["submitted", "submitted"]);
    expect(await approveReports([{ reportId: a.id, version: sa.version }, { reportId: b.id, version: sb.version }], NOW)).toEqual({ approved: 2 });
  });
});

describe("bad input writes nothing", () => {
  it.each<[string, object]>([
    ["progress 150", { progress: 150 }],
    ["progress −1", { progress: -1 }],
    ["progress 'abc'", { progress: "abc" }],
    ["an indicator value that is not a number", { indicatorValues: [{ indicatorId: 1, value: "many" }] }],
    ["an indicator of another task", { indicatorValues: [{ indicatorId: 999_999, value: 1 }] }],
    ["1 MB of text", { workDone: "长".repeat(1_000_000) }],
    ["an unknown status", { status: "great" }],
  ])("%s", async (_label, over) => {
    await actAs(BUREAU);
    const [before] = await query<{ n: number }>(sql`select (select count(*) from report_versions)::int + (select count(*) from audit_log)::int as n`);
    expect(["invalid", 422]).toContain(await outcome(() => saveReportDraft(draft(open[7]!, over), NOW)));
    const [after] = await query<{ n: number }>(sql`select (select count(*) from report_versions)::int + (select count(*) from audit_log)::int as n`);
    expect(after).toEqual(before);
  });

  it("an indicator value is stored with its report", async () => {
    if (!indicatorAssignment) return;
    await actAs(BUREAU);
    const [existing] = await query<{ version: number }>(sql`select version from reports where assignment_id = ${indicatorAssignment.id} and period = '2026-11'`);
    const saved = await saveReportDraft(draft(indicatorAssignment.id, { version: existing?.version, indicatorValues: [{ indicatorId: indicatorAssignment.indicatorId, value: 91.2 }] }), NOW);
    const [row] = await query<{ value: number }>(sql`select value from report_indicator_values where report_id = ${saved.id}`);
    expect(row!.value).toBe(91.2);
    // And read back with it (one statement: the report and its values).
    expect((await getReport(saved.id)).indicatorValues).toEqual([{ indicatorId: indicatorAssignment.indicatorId, value: 91.2 }]);
  });

  it("a return without a comment is refused", async () => {
    await actAs("staff");
    expect(await outcome(() => returnReport({ reportId: submittedElsewhere.id, version: submittedElsewhere.version, comment: "  " }, NOW))).toBe("invalid");
  });
});

describe("a submission reads its report, assignment, plan and task in one statement, and checks each", () => {
  const versionCount = async (reportId: number) => (await query<{ n: number }>(sql`select count(*)::int as n from report_versions where report_id = ${reportId}`))[0]!.n;

  it("keeps the draft's indicator values in the submission's version", async () => {
    expect(indicatorAssignment).not.toBeNull();
    if (!indicatorAssignment) return;
    await actAs(BUREAU);
    const [existing] = await query<{ version: number; state: string }>(sql`select version, state from reports where assignment_id = ${indicatorAssignment.id} and period = '2026-11'`);
    expect(["draft", "returned", undefined]).toContain(existing?.state);
    const saved = await saveReportDraft(draft(indicatorAssignment.id, { version: existing?.version, indicatorValues: [{ indicatorId: indicatorAssignment.indicatorId, value: 42.5 }] }), NOW);
    const { version } = await submitReport({ reportId: saved.id, version: saved.version }, NOW);
    const [kept] = await query<{ action: string; indicator_values: unknown }>(sql`select action, indicator_values from report_versions where report_id = ${saved.id} and version = ${version}`);
    expect(kept!.action).toBe("submit");
    const values = typeof kept!.indicator_values === "string" ? JSON.parse(kept!.indicator_values) : kept!.indicator_values;
    expect(values).toEqual([{ indicatorId: indicatorAssignment.indicatorId, value: 42.5 }]);
  });

  it("refuses a drop below the last handed-in progress without a reason, and takes it with one", async () => {
    const [prior] = await query<{ assignment_id: number; progress: number }>(sql`
      select r.assignment_id, r.progress from reports r
      where r.assignment_id = any(${sql.param(open)}::int[]) and r.period < '2026-11' and r.state <> 'draft' and r.progress > 0
        and not exists (select 1 from reports n where n.assignment_id = r.assignment_id and n.period = '2026-11')
      order by r.assignment_id, r.period desc limit 1`);
    expect(prior).toBeDefined();
    await actAs(BUREAU);
    const saved = await saveReportDraft(draft(prior!.assignment_id, { progress: 0, dropReason: "" }), NOW);
    const before = await versionCount(saved.id);
    expect(await outcome(() => submitReport({ reportId: saved.id, version: saved.version }, NOW))).toBe(422);
    expect(await versionCount(saved.id)).toBe(before);
    const reasoned = await saveReportDraft(draft(prior!.assignment_id, { progress: 0, dropReason: "按新口径重新核算", version: saved.version }), NOW);
    expect(await outcome(() => submitReport({ reportId: reasoned.id, version: reasoned.version }, NOW))).toBe("ok");
  });

  it.each<[string, (taskId: number, planId: number) => SQL, (taskId: number, planId: number) => SQL, Outcome]>([
    ["a task archived since", (taskId) => sql`update tasks set archived_at = now() where id = ${taskId}`, (taskId) => sql`update tasks set archived_at = null where id = ${taskId}`, 404],
    ["a plan closed since", (_t, planId) => sql`update plans set state = 'closed' where id = ${planId}`, (_t, planId) => sql`update plans set state = 'published' where id = ${planId}`, 403],
  ])("refuses a draft of %s, writing nothing", async (_label, change, undo, expected) => {
    await actAs(BUREAU);
    // An open assignment whose report of the period is at most a draft.
    const [free] = await query<{ id: number; version: number | null }>(sql`
      select a.id, r.version from unnest(${sql.param(open)}::int[]) as a(id)
      left join reports r on r.assignment_id = a.id and r.period = '2026-11'
      where r.id is null or r.state = 'draft' order by a.id desc limit 1`);
    expect(free).toBeDefined();
    const assignmentId = free!.id;
    const existing = free!.version === null ? undefined : { version: free!.version };
    const saved = await saveReportDraft(draft(assignmentId, { version: existing?.version }), NOW);
    const [where] = await query<{ task_id: number; plan_id: number }>(sql`select t.id as task_id, t.plan_id from assignments a join tasks t on t.id = a.task_id where a.id = ${assignmentId}`);
    const before = await versionCount(saved.id);
    await query(change(where!.task_id, where!.plan_id));
    try {
      expect(await outcome(() => submitReport({ reportId: saved.id, version: saved.version }, NOW))).toBe(expected);
    } finally {
      await query(undo(where!.task_id, where!.plan_id));
    }
    expect(await versionCount(saved.id)).toBe(before);
    expect((await getReport(saved.id)).state).toBe("draft");
  });

  it("refuses another region's report as not found", async () => {
    await actAs(BUREAU);
    expect(await outcome(() => submitReport({ reportId: submittedElsewhere.id }, NOW))).toBe(404);
  });
});

describe("periods close, and staff reopen them for a region", () => {
  it("a closed period cannot be drafted until reopened, and the reopening is audited", async () => {
    // 乌海市 left some October reports missing in the demo history; October closed on 30 October.
    const late = "150300";
    const [missing] = await query<{ id: number; plan_id: number }>(sql`
      select a.id, t.plan_id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      where p.year = 2026 and a.region_code = ${late} and a.closed_at is null and a.due_date >= '2026-11-30'
        and not exists (select 1 from reports r where r.assignment_id = a.id and r.period = '2026-10')
      order by a.id limit 1`);
    expect(missing).toBeDefined();
    const october = draft(missing!.id, { period: "2026-10" });
    await actAs(`bureau-${late}`);
    expect(await outcome(() => saveReportDraft(october, NOW))).toBe(409);
    await actAs("staff");
    await reopenPeriod({ planId: missing!.plan_id, regionCode: late, period: "2026-10", days: 5 }, NOW);
    await actAs(`bureau-${late}`);
    const saved = await saveReportDraft(october, NOW);
    expect(await outcome(() => submitReport({ reportId: saved.id, version: saved.version }, NOW))).toBe("ok");
    // Reopened for that region only, and only until the day it was opened to.
    await actAs(BUREAU);
    const [other] = await query<{ id: number }>(sql`select a.id from assignments a where a.region_code = ${REGION} and a.task_id = (select task_id from assignments where id = ${missing!.id})`);
    expect(await outcome(() => saveReportDraft(draft(other!.id, { period: "2026-10" }), NOW))).toBe(409);
    await actAs(`bureau-${late}`);
    const later = new Date(NOW.getTime() + 10 * 86_400_000);
    const [another] = await query<{ id: number }>(sql`
      select a.id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      where p.year = 2026 and a.region_code = ${late} and a.closed_at is null and a.due_date >= '2026-11-30' and a.id <> ${missing!.id}
        and not exists (select 1 from reports r where r.assignment_id = a.id and r.period = '2026-10') limit 1`);
    if (another) expect(await outcome(() => saveReportDraft(draft(another.id, { period: "2026-10" }), later))).toBe(409);
    const [audit] = await query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'period.reopen' and region_code = ${late}`);
    expect(audit!.n).toBe(1);
  });

  it("a reminder reaches the region's bureau", async () => {
    await actAs("staff");
    const res = await sendReminder({ regionCode: REGION, message: "请于25日前报送" }, NOW);
    expect(res.assignments).toBeGreaterThan(0);
    await actAs(BUREAU);
    const { items } = await listMyNotifications(50, NOW);
    expect(items.some((n) => n.kind === "reminder" && n.body.includes("请于25日前报送"))).toBe(true);
  });

  it("a report due within 3 days gives one notice per period, not one per measure, and only once", async () => {
    await actAs("bureau-152900");
    const first = await listMyNotifications(50, NOW);
    const again = await listMyNotifications(50, NOW);
    const dueSoon = again.items.filter((n) => n.kind === "due_soon");
    expect(dueSoon).toHaveLength(1);
    expect(dueSoon[0]!.body).toBe("2026-11 · 2026-11-25");
    expect(again.unread).toBe(first.unread);
    // After the due day it is overdue.
    const late = await listMyNotifications(50, new Date("2026-11-27T04:00:00Z"));
    expect(late.items.some((n) => n.kind === "overdue")).toBe(true);
  });

  it("staff see who has not submitted this period", async () => {
    await actAs("staff");
    const rows = await listMissingReports(NOW);
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.period === "2026-11" && r.missing <= r.open)).toBe(true);
    expect(rows.some((r) => r.missing > 0)).toBe(true);
  });
});

describe("a write answers with the report as it is read again (the API sends it without reading it back)", () => {
  const stored = async (reportId: number) =>
    (await query<{ indicatorId: number; value: number | null }>(sql`select indicator_id as "indicatorId", value from report_indicator_values where report_id = ${reportId} order by indicator_id`)).map((v) => ({ indicatorId: Number(v.indicatorId), value: v.value }));

  /** An open assignment of the region with no report of the period yet. */
  const unreported = async () => {
    const [free] = await query<{ id: number; task_id: number }>(sql`
      select a.id, a.task_id from assignments a where a.id = any(${sql.param(open)}::int[])
        and not exists (select 1 from reports r where r.assignment_id = a.id and r.period = '2026-11')
      order by a.id limit 1`);
    expect(free).toBeDefined();
    return free;
  };

  it("a new draft with two values, an edit that changes one and drops the other, an edit with none, and the submission", async () => {
    // An open assignment with no report of the period yet, its task given two indicators here.
    const free = await unreported();
    const made = await query<{ id: number }>(sql`
      insert into indicators (task_id, name, direction) values (${free!.task_id}, '测试指标甲', 'higher'), (${free!.task_id}, '测试指标乙', 'higher') returning id`);
    const [x, y] = made.map((r) => r.id).sort((p, q) => p - q) as [number, number];
    await actAs(BUREAU);
    const answers: Awaited<ReturnType<typeof saveReportDraft>>[] = [];
    answers.push(await saveReportDraft(draft(free!.id, { indicatorValues: [{ indicatorId: y, value: 2.5 }, { indicatorId: x, value: 1 }] }), NOW));
    answers.push(await saveReportDraft(draft(free!.id, { version: 1, progress: 65, indicatorValues: [{ indicatorId: x, value: 7.25 }] }), NOW));
    answers.push(await saveReportDraft(draft(free!.id, { version: 2, progress: 70, indicatorValues: [{ indicatorId: y, value: null }, { indicatorId: x, value: 3 }] }), NOW));
    answers.push(await saveReportDraft(draft(free!.id, { version: 3, progress: 75, indicatorValues: [] }), NOW));
    const expected = [
      [{ indicatorId: x, value: 1 }, { indicatorId: y, value: 2.5 }],
      [{ indicatorId: x, value: 7.25 }],
      [{ indicatorId: x, value: 3 }, { indicatorId: y, value: null }],
      [],
    ];
    for (const [i, answer] of answers.entries()) {
      expect(answer.report.indicatorValues).toEqual(expected[i]);
      expect(answer.report).toMatchObject({ version: i + 1, state: "draft" });
    }
    // The last answer is the report as read; the stored values are the answer's.
    expect(answers[3]!.report).toEqual(await getReport(answers[3]!.id));
    expect(await stored(answers[3]!.id)).toEqual([]);
    const submitted = await submitReport({ reportId: answers[3]!.id, version: 4 }, NOW);
    expect(submitted.report).toEqual(await getReport(answers[3]!.id));
    expect(submitted.report).toMatchObject({ state: "submitted", version: 5, progress: 75 });
    // Each version holds the values of its save.
    const versions = await query<{ version: number; indicator_values: unknown }>(sql`select version, indicator_values from report_versions where report_id = ${answers[0]!.id} order by version`);
    expect(versions.map((v) => (typeof v.indicator_values === "string" ? JSON.parse(v.indicator_values) : v.indicator_values))).toEqual([...expected, []]);
  });

  it("an edit's stored values are the answer's at every step", async () => {
    const free = await unreported();
    const made = await query<{ id: number }>(sql`insert into indicators (task_id, name, direction) values (${free!.task_id}, '测试指标丙', 'higher') returning id`);
    const z = made[0]!.id;
    await actAs(BUREAU);
    let version: number | undefined;
    for (const values of [[{ indicatorId: z, value: 5 }], [], [{ indicatorId: z, value: 6 }], [{ indicatorId: z, value: 6.5 }]]) {
      const saved = await saveReportDraft(draft(free!.id, { version, indicatorValues: values }), NOW);
      expect(await stored(saved.id)).toEqual(saved.report.indicatorValues);
      expect(saved.report).toEqual(await getReport(saved.id));
      version = saved.version;
    }
  });
});
