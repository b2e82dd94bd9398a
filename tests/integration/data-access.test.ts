import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { assignments, plans, reports, tasks, users } from "@/db/schema";
import { listRegionAssignments } from "@/lib/data/assignments";
import { getRegionCompletion } from "@/lib/data/dashboard";
import { listPlanYears, listPlansWithTasks } from "@/lib/data/plans";
import { getRegion, listLeagueCities } from "@/lib/data/regions";
import { getReport, listAssignmentReports, saveReportDraft, submitReport } from "@/lib/data/reports";
import { NOW, actAs, query, seed } from "../support/fixtures";
import { outcome, type Outcome } from "../support/outcome";

const OWN = "150200"; // bureau-150200 is 包头市
const OTHER = "150100";


const ids = { ownReport: 0, otherReport: 0, ownAssignment: 0, otherAssignment: 0, ownDraft: 0, spareAssignment: 0 };

beforeAll(async () => {
  await seed();
  const db = await getDb();
  const pick = async (region: string, state: "approved" | "draft") => {
    const [row] = await db
      .select({ reportId: reports.id, assignmentId: assignments.id })
      .from(reports)
      .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
      .where(and(eq(assignments.regionCode, region), eq(reports.state, state)))
      .limit(1);
    if (!row) throw new Error(`no ${state} report for ${region}`);
    return row;
  };
  const own = await pick(OWN, "approved");
  const other = await pick(OTHER, "approved");
  ids.ownReport = own.reportId;
  ids.otherReport = other.reportId;
  // An open 2026 assignment of each region, with nothing reported for the current period yet.
  const open = async (region: string, unreported = true) => {
    const rows = await db
      .select({ id: assignments.id })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(
        and(
          eq(plans.year, 2026),
          eq(assignments.regionCode, region),
          sql`${assignments.closedAt} is null`,
          sql`${assignments.dueDate} >= '2026-11-30'`,
          unreported ? sql`not exists (select 1 from reports r where r.assignment_id = ${assignments.id} and r.period = '2026-11')` : undefined,
        ),
      )
      .limit(3);
    if (rows.length < 3) throw new Error(`no open assignments for ${region}`);
    return rows.map((r) => r.id);
  };
  [ids.ownAssignment, ids.spareAssignment] = (await open(OWN)) as [number, number];
  [ids.otherAssignment] = (await open(OTHER, false)) as [number];
  // The bureau's own draft for the current period.
  const [draftAssignment] = (await open(OWN)).slice(2);
  await actAs(`bureau-${OWN}`);
  ids.ownDraft = (await saveReportDraft(draft(draftAssignment!), NOW)).id;
});

const draft = (assignmentId: number, extra: object = {}) => ({
  assignmentId,
  period: "2026-11",
  progress: 80,
  status: "on_track" as const,
  workDone: "召开推进会",
  dropReason: "按新口径重新核算",
  ...extra,
});

// (who, what, expected): every role against every data-access function.
const roles = ["admin", "staff", "leader", `bureau-${OWN}`, null] as const;
type Role = (typeof roles)[number];
const cases: [string, () => Promise<unknown>, Record<string, Outcome>][] = [
  ["listLeagueCities", () => listLeagueCities(), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", anon: 401 }],
  ["getRegion(own)", () => getRegion(OWN), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", anon: 401 }],
  ["getRegion(other)", () => getRegion(OTHER), { admin: "ok", staff: "ok", leader: "ok", bureau: 404, anon: 401 }],
  ["listRegionAssignments(own)", () => listRegionAssignments(OWN, 2025), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", anon: 401 }],
  ["listRegionAssignments(other)", () => listRegionAssignments(OTHER, 2025), { admin: "ok", staff: "ok", leader: "ok", bureau: 404, anon: 401 }],
  ["listPlanYears", () => listPlanYears(), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", anon: 401 }],
  ["listPlansWithTasks", () => listPlansWithTasks(2025), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", anon: 401 }],
  ["getRegionCompletion", () => getRegionCompletion({ year: 2025 }), { admin: "ok", staff: "ok", leader: "ok", bureau: 403, anon: 401 }],
  ["getReport(own)", () => getReport(ids.ownReport), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", anon: 401 }],
  ["getReport(other)", () => getReport(ids.otherReport), { admin: "ok", staff: "ok", leader: "ok", bureau: 404, anon: 401 }],
  ["getReport(own draft)", () => getReport(ids.ownDraft), { admin: 404, staff: 404, leader: 404, bureau: "ok", anon: 401 }],
  ["listAssignmentReports(other)", () => listAssignmentReports(ids.otherAssignment), { admin: "ok", staff: "ok", leader: "ok", bureau: 404, anon: 401 }],
  ["saveReportDraft(other region)", () => saveReportDraft(draft(ids.otherAssignment), NOW), { admin: 403, staff: 403, leader: 403, bureau: 404, anon: 401 }],
  ["submitReport(other region)", () => submitReport({ reportId: ids.otherReport }, NOW), { admin: 403, staff: 403, leader: 403, bureau: 404, anon: 401 }],
];

describe.each(cases)("%s", (_name, call, expected) => {
  it.each(roles.map((r) => [r ?? "anonymous", r] as const))("as %s", async (_label, role: Role) => {
    await actAs(role);
    const key = role === null ? "anon" : role.startsWith("bureau") ? "bureau" : role;
    expect(await outcome(call)).toBe(expected[key]);
  });
});

describe("what each role sees", () => {
  it("a bureau sees only its own region's assignments, with progress and light", async () => {
    await actAs(`bureau-${OWN}`);
    const rows = await listRegionAssignments(OWN, 2025);
    expect(rows.length).toBe(25);
    expect(rows.every((r) => ["green", "yellow", "red"].includes(r.light))).toBe(true);
    expect(rows.some((r) => r.progress !== null && r.progress > 0)).toBe(true);
  });

  it("the dashboard ranks the twelve league-cities", async () => {
    await actAs("leader");
    const { rows, total } = await getRegionCompletion({ year: 2025 });
    expect(rows).toHaveLength(12);
    expect(rows[0]!.rank).toBe(1);
    expect(total.total).toBe(12 * 25);
    expect(rows.reduce((n, r) => n + r.green + r.yellow + r.red, 0)).toBe(total.total);
    // Demo history differs by region: the dashboard is not flat.
    expect(new Set(rows.map((r) => r.completionRate)).size).toBeGreaterThan(3);
  });

  it("a leader changes nothing: the database is the same after every attempted write", async () => {
    // Every refusal is itself recorded (access.denied); nothing else may be written.
    const snapshot = async () => (await query(sql`select (select count(*) from reports)::int as r, (select count(*) from report_versions)::int as v, (select count(*) from audit_log where action <> 'access.denied')::int as a`))[0];
    const before = await snapshot();
    await actAs("leader");
    expect(await outcome(() => saveReportDraft(draft(ids.ownAssignment), NOW))).toBe(403);
    expect(await outcome(() => submitReport({ reportId: ids.ownDraft }, NOW))).toBe(403);
    expect(await snapshot()).toEqual(before);
    const denied = await query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = (select id from users where username = 'leader')`);
    expect(denied[0]!.n).toBeGreaterThanOrEqual(2);
  });
});

describe("reports: drafts, submission, versions", () => {
  it("a bureau drafts, edits with its version, submits, and can no longer change it", async () => {
    await actAs(`bureau-${OWN}`);
    const first = await saveReportDraft(draft(ids.ownAssignment), NOW);
    expect(first.version).toBe(1);
    const second = await saveReportDraft(draft(ids.ownAssignment, { progress: 85, version: 1 }), NOW);
    expect(second).toMatchObject({ id: first.id, version: 2 });
    expect(second.report).toEqual(await getReport(first.id));
    // An edit made from a stale copy is refused.
    expect(await outcome(() => saveReportDraft(draft(ids.ownAssignment, { progress: 90, version: 1 }), NOW))).toBe(409);
    const submitted = await submitReport({ reportId: first.id, version: 2 }, NOW);
    expect(submitted.version).toBe(3);
    expect(await outcome(() => saveReportDraft(draft(ids.ownAssignment, { version: 3 }), NOW))).toBe(409);
    const report = await getReport(first.id);
    expect(report).toMatchObject({ state: "submitted", progress: 85, version: 3 });
    const versions = await query(sql`select version, action from report_versions where report_id = ${first.id} order by version`);
    expect(versions).toEqual([
      { version: 1, action: "save" },
      { version: 2, action: "save" },
      { version: 3, action: "submit" },
    ]);
    const audit = await query(sql`select action from audit_log where entity_type = 'report' and entity_id = ${String(first.id)} order by id`);
    expect(audit.map((r) => (r as { action: string }).action)).toEqual(["report.create", "report.save", "report.submit"]);
  });

  it("two bureau officers saving the same version at once: one wins, one is told to reload", async () => {
    await actAs(`bureau-${OWN}`);
    const a = { id: ids.spareAssignment };
    const base = await saveReportDraft(draft(a.id), NOW);
    const results = await Promise.all([1, 2].map((n) => outcome(() => saveReportDraft(draft(a.id, { progress: 80 + n, version: base.version }), NOW))));
    expect(results.sort()).toEqual([409, "ok"].sort());
  });

  it("rejects bad input without writing anything", async () => {
    await actAs(`bureau-${OWN}`);
    const before = (await query(sql`select count(*)::int as n from report_versions`))[0];
    await expect(saveReportDraft(draft(ids.ownAssignment, { progress: 101 }), NOW)).rejects.toThrow();
    await expect(saveReportDraft(draft(ids.ownAssignment, { progress: "abc" }), NOW)).rejects.toThrow();
    await expect(saveReportDraft(draft(ids.ownAssignment, { period: "2026-13" }), NOW)).rejects.toThrow();
    await expect(saveReportDraft(draft(ids.ownAssignment, { period: "2026-12" }), NOW)).rejects.toThrow(); // future period
    await expect(saveReportDraft(draft(ids.ownAssignment, { period: "2026-03" }), NOW)).rejects.toThrow(); // closed period
    await expect(saveReportDraft(draft(ids.ownAssignment, { workDone: "x".repeat(10_000) }), NOW)).rejects.toThrow();
    expect((await query(sql`select count(*)::int as n from report_versions`))[0]).toEqual(before);
  });

  it("a deactivated user is refused at the next call", async () => {
    await actAs(`bureau-${OTHER}`);
    expect(await outcome(() => listRegionAssignments(OTHER, 2025))).toBe("ok");
    const db = await getDb();
    await db.update(users).set({ active: false }).where(eq(users.username, `bureau-${OTHER}`));
    expect(await outcome(() => listRegionAssignments(OTHER, 2025))).toBe(401);
    await db.update(users).set({ active: true }).where(eq(users.username, `bureau-${OTHER}`));
  });

  it("a changed role takes effect at the next call", async () => {
    const db = await getDb();
    await actAs("staff");
    expect(await outcome(() => getRegionCompletion({ year: 2025 }))).toBe("ok");
    await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.username, "staff"));
    expect(await outcome(() => getRegionCompletion({ year: 2025 }))).toBe(401);
  });
});
