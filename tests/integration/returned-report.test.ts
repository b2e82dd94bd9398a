import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { assignments, plans, tasks } from "@/db/schema";
import { listReports } from "@/lib/data/api-reports";
import { getReportCard } from "@/lib/data/report-card";
import { getReport, listAssignmentReports, listReportVersions, saveReportDraft, submitReport } from "@/lib/data/reports";
import { getReviewItem, returnReport } from "@/lib/data/review";
import { NOW, actAs, seed } from "../support/fixtures";

vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));

// Issue 13, item 7: a returned report that the bureau is correcting is its work in progress, like
// a draft. Everyone else sees the report as it was submitted (and returned) until it is submitted again.
const REGION = "150400"; // 赤峰市: no drafts in the demo history for the current period
const BUREAU = `bureau-${REGION}`;
const SUBMITTED = { progress: 92, status: "on_track" as const, workDone: "已提交的文字" };
const CORRECTING = { progress: 97, status: "on_track" as const, workDone: "正在修改、尚未提交的文字" };

let reportId = 0;
let assignmentId = 0;

beforeAll(async () => {
  await seed();
  const db = await getDb();
  const [row] = await db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(plans.year, 2026), eq(assignments.regionCode, REGION), sql`${assignments.closedAt} is null`, sql`${assignments.dueDate} >= '2026-11-30'`))
    .orderBy(assignments.id)
    .limit(1);
  assignmentId = row!.id;
  await actAs(BUREAU);
  const v1 = await saveReportDraft({ assignmentId, period: "2026-11", ...SUBMITTED }, NOW);
  reportId = v1.id;
  const v2 = await submitReport({ reportId, version: v1.version }, NOW);
  await actAs("staff");
  const v3 = await returnReport({ reportId, version: v2.version, comment: "请补充" }, NOW);
  await actAs(BUREAU);
  await saveReportDraft({ assignmentId, period: "2026-11", ...CORRECTING, version: v3.version }, NOW);
});

/** What each reader shows `who` of the report: [progress, workDone]. */
const readers: Record<string, (who: string) => Promise<[number, string]>> = {
  getReport: async () => {
    const r = await getReport(reportId);
    return [r.progress, r.workDone];
  },
  listAssignmentReports: async () => {
    const r = (await listAssignmentReports(assignmentId)).find((x) => x.id === reportId)!;
    return [r.progress, r.workDone];
  },
  "API listReports": async () => {
    const r = (await listReports({ assignmentId, limit: 50 })).items.find((x) => x.id === reportId)!;
    return [r.progress, r.workDone];
  },
  "report card": async () => {
    const r = (await getReportCard(assignmentId, reportId)).report!;
    return [r.progress, r.workDone];
  },
  "review page": async (who) => {
    if (who === BUREAU) return [CORRECTING.progress, CORRECTING.workDone]; // not a reviewer of its own region
    const r = (await getReviewItem(reportId)).report;
    return [r.progress, r.workDone];
  },
};

describe("a returned report being corrected", () => {
  const cases = Object.keys(readers).flatMap((reader) => [
    { who: "staff", reader, sees: SUBMITTED },
    { who: "leader", reader, sees: SUBMITTED },
    { who: BUREAU, reader, sees: CORRECTING },
  ]);

  it.each(cases.filter((c) => !(c.who === "leader" && c.reader === "review page")))("$who through $reader sees $sees.workDone", async ({ who, reader, sees }) => {
    await actAs(who);
    expect(await readers[reader]!(who)).toEqual([sees.progress, sees.workDone]);
  });

  it.each([
    { who: "staff", actions: ["save", "submit", "return"] },
    { who: "leader", actions: ["save", "submit", "return"] },
    { who: BUREAU, actions: ["save", "submit", "return", "save"] },
  ])("$who sees the history $actions", async ({ who, actions }) => {
    await actAs(who);
    expect((await listReportVersions(reportId)).map((v) => v.action)).toEqual(actions);
  });

  it("once submitted again, everyone sees the corrected text", async () => {
    await actAs(BUREAU);
    const current = await getReport(reportId);
    await submitReport({ reportId, version: current.version }, NOW);
    for (const who of ["staff", "leader", BUREAU]) {
      await actAs(who);
      expect((await getReport(reportId)).workDone).toBe(CORRECTING.workDone);
      expect((await listReportVersions(reportId)).map((v) => v.action)).toEqual(["save", "submit", "return", "save", "submit"]);
    }
  });
});
