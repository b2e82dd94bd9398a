import bcrypt from "bcryptjs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { verifyAssignmentStates } from "@/db/derived-state";
import { regions, users } from "@/db/schema";
import * as breakdownRoute from "@/app/api/v1/assignments/[id]/breakdown/route";
import { listAssignments } from "@/lib/data/api-assignments";
import { listReports } from "@/lib/data/api-reports";
import { createApiToken, resolveApiToken } from "@/lib/data/api-tokens";
import { listRegionAssignments, type RegionAssignment } from "@/lib/data/assignments";
import { breakDownAssignment } from "@/lib/data/breakdown";
import { getDashboard, type Dashboard } from "@/lib/data/dashboard";
import { copyPlan } from "@/lib/data/plans";
import { getReport, saveReportDraft, submitReport } from "@/lib/data/reports";
import { approveReport, approveReports, getReviewItem, listReviewQueue, returnReport } from "@/lib/data/review";
import { getTaskOverview } from "@/lib/data/task-page";
import { NOW, actAs, query, seed } from "../support/fixtures";
import { outcome, type Outcome } from "../support/outcome";
import { setClaims } from "../support/session-mock";

/**
 * The region tree (逐级分解): a league-city bureau sees its own region and its banner-counties,
 * breaks its assignments down to them and reviews their reports; a county sees itself only;
 * nobody sees another league-city's tree; drafts stay their own bureau's.
 */

const PERIOD = "2026-11";
const LEAGUE = "150100"; // 呼和浩特市, with two counties
const COUNTY = "150102"; // below LEAGUE
const SIBLING = "150103"; // below LEAGUE too
const OTHER = "150200"; // 包头市, another league-city
const OTHER_COUNTY = "150202"; // below OTHER
const BARE = "150300"; // 乌海市: a league-city without counties

const NEW_REGIONS = [
  { code: COUNTY, nameZh: "新城区", nameEn: "Xincheng District", parentCode: LEAGUE, sortOrder: 1 },
  { code: SIBLING, nameZh: "回民区", nameEn: "Huimin District", parentCode: LEAGUE, sortOrder: 2 },
  { code: OTHER_COUNTY, nameZh: "东河区", nameEn: "Donghe District", parentCode: OTHER, sortOrder: 1 },
];

const bureau = (code: string) => `bureau-${code}`;

/** The columns of every table below, in this order. */
const ROLES = ["admin", "staff", "leader", bureau(LEAGUE), bureau(OTHER), bureau(COUNTY), bureau(SIBLING), null] as const;
type Role = (typeof ROLES)[number];
type Row8 = [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
const label = (r: Role) => r ?? "anonymous";

const draftInput = (assignmentId: number, extra: object = {}) => ({ assignmentId, period: PERIOD, progress: 60, status: "on_track" as const, workDone: "推进中", dropReason: "按新口径重新核算", ...extra });

/**
 * Open 2026 assignments of a region that can take a November report, in id order: with nothing
 * reported for November yet, or (anyReport) whatever the demo has begun for it (150100's demo
 * bureau has already drafted every open one).
 */
async function openAssignments(region: string, anyReport = false): Promise<number[]> {
  const rows = await query<{ id: number }>(sql`
    select a.id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
    where p.year = 2026 and p.state = 'published' and t.archived_at is null and a.region_code = ${region} and a.closed_at is null
      and a.start_date <= '2026-11-22' and a.due_date >= '2026-11-30'
      and (${anyReport} or not exists (select 1 from reports r where r.assignment_id = a.id and r.period = ${PERIOD}))
    order by a.id`);
  return rows.map((r) => Number(r.id));
}

/** The version of the November report of an assignment, if it has one (to edit it without a conflict). */
async function currentVersion(assignmentId: number): Promise<number | undefined> {
  const [r] = await query<{ version: number }>(sql`select version from reports where assignment_id = ${assignmentId} and period = ${PERIOD}`);
  return r ? Number(r.version) : undefined;
}

async function drafted(region: string, assignmentId: number, extra: object = {}) {
  const version = await currentVersion(assignmentId);
  await actAs(bureau(region));
  return saveReportDraft(draftInput(assignmentId, { ...(version ? { version } : {}), ...extra }), NOW);
}

/** Drafted and submitted by the region's own bureau. */
async function submitted(region: string, assignmentId: number, extra: object = {}) {
  const d = await drafted(region, assignmentId, extra);
  const s = await submitReport({ reportId: d.id, version: d.version }, NOW);
  return { reportId: d.id, version: s.version };
}

async function reportRow(reportId: number) {
  const [r] = await query<{ state: string; version: number; review_comment: string | null }>(sql`select state, version, review_comment from reports where id = ${reportId}`);
  return r!;
}

async function taskOf(assignmentId: number) {
  const [r] = await query<{ task_id: number; parent_id: number | null }>(sql`select a.task_id, t.parent_id from assignments a join tasks t on t.id = a.task_id where a.id = ${assignmentId}`);
  return { taskId: Number(r!.task_id), parentId: r!.parent_id === null ? null : Number(r!.parent_id) };
}

async function userId(username: string) {
  const db = await getDb();
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return u!.id;
}

/** Fixtures made before the tables: see the "role × action × region" beforeAll. */
const fx = {
  own: [] as number[], // LEAGUE's open 2026 assignments (each with the demo's November draft)
  other: [] as number[], // OTHER's
  approved: {} as Record<string, number>, // an approved report of each league-city (from the demo)
  submitted: {} as Record<string, { reportId: number; version: number }>, // a submitted report per region
  draft: {} as Record<string, number>, // a draft per region
  toWrite: {} as Record<string, number>, // an assignment to save a November draft on, per region
  toSubmit: {} as Record<string, number>, // a draft to submit, per region
  fresh: {} as Record<string, number[]>, // assignments for reports made fresh for each decision that should succeed
  main: 0, // the assignment the whole 逐级分解 path breaks down
  idem: 0, // the one case 3 breaks down twice
  api: 0, // the one the route breaks down
  roleBreakDown: 0, // the one the breakDown table uses
};

beforeAll(async () => {
  await seed();
  const db = await getDb();
  await db.insert(regions).values(NEW_REGIONS.map((r) => ({ ...r, level: "banner_county" as const })));
  const passwordHash = bcrypt.hashSync("demo2025", 4);
  await db.insert(users).values(NEW_REGIONS.map((r) => ({ username: bureau(r.code), name: `${r.nameZh}生态环境分局`, passwordHash, role: "bureau" as const, regionCode: r.code })));
  fx.own = await openAssignments(LEAGUE, true);
  fx.other = await openAssignments(OTHER);
  expect(fx.own.length).toBeGreaterThanOrEqual(12);
  expect(fx.other.length).toBeGreaterThanOrEqual(8);
  [fx.main, fx.idem, fx.api, fx.roleBreakDown] = fx.own as [number, number, number, number];
  for (const region of [LEAGUE, OTHER]) {
    const [r] = await query<{ id: number }>(sql`
      select r.id from reports r join assignments a on a.id = r.assignment_id
      where a.region_code = ${region} and r.state = 'approved' order by r.id limit 1`);
    fx.approved[region] = Number(r!.id);
  }
});

describe("1. role × action × region", () => {
  beforeAll(async () => {
    // The league-cities break eight assignments each down: LEAGUE to both counties, OTHER to its one.
    const leaguePool = fx.own.slice(4, 12);
    const otherPool = fx.other.slice(0, 8);
    await actAs(bureau(LEAGUE));
    for (const id of leaguePool) expect((await breakDownAssignment({ assignmentId: id, regionCodes: [COUNTY, SIBLING] }, NOW)).created).toHaveLength(2);
    await actAs(bureau(OTHER));
    for (const id of otherPool) expect((await breakDownAssignment({ assignmentId: id, regionCodes: [OTHER_COUNTY] }, NOW)).created).toHaveLength(1);

    const pools: Record<string, number[]> = {
      [LEAGUE]: leaguePool,
      [OTHER]: otherPool,
      [COUNTY]: await openAssignments(COUNTY),
      [OTHER_COUNTY]: await openAssignments(OTHER_COUNTY),
    };
    expect(pools[COUNTY]).toHaveLength(8);
    expect(pools[OTHER_COUNTY]).toHaveLength(8);
    for (const [region, pool] of Object.entries(pools)) {
      const [s, d, w, t, ...rest] = pool as [number, number, number, number, ...number[]];
      fx.submitted[region] = await submitted(region, s);
      fx.draft[region] = (await drafted(region, d)).id;
      fx.toWrite[region] = w;
      fx.toSubmit[region] = (await drafted(region, t)).id;
      fx.fresh[region] = rest;
    }
  });

  type Case = {
    action: string;
    target: string;
    expected: Row8;
    /** Runs before the viewer is switched; ok says whether the call is expected to succeed. */
    prepare?: (ok: boolean) => Promise<unknown>;
    call: (arg: unknown) => Promise<unknown>;
    /** Runs after the call: what it did, or that a refusal wrote nothing. */
    after?: (arg: unknown, ok: boolean) => Promise<void>;
  };

  //                                     admin   staff   leader  b-150100 b-150200 b-150102 b-150103 anon
  const reads: Case[] = [
    ...([
      [LEAGUE, ["ok", "ok", "ok", "ok", 404, 404, 404, 401]],
      [COUNTY, ["ok", "ok", "ok", "ok", 404, "ok", 404, 401]],
      [OTHER, ["ok", "ok", "ok", 404, "ok", 404, 404, 401]],
      [OTHER_COUNTY, ["ok", "ok", "ok", 404, "ok", 404, 404, 401]],
    ] as [string, Row8][]).map(([target, expected]): Case => ({ action: "listRegionAssignments", target, expected, call: () => listRegionAssignments(target, 2026) })),
    ...([
      [LEAGUE, ["ok", "ok", "ok", "ok", 404, 404, 404, 401]],
      [COUNTY, ["ok", "ok", "ok", "ok", 404, "ok", 404, 401]],
      [OTHER, ["ok", "ok", "ok", 404, "ok", 404, 404, 401]],
      [OTHER_COUNTY, ["ok", "ok", "ok", 404, "ok", 404, 404, 401]],
    ] as [string, Row8][]).map(([target, expected]): Case => ({
      action: "getReport (not a draft)",
      target,
      expected,
      call: () => getReport(target === LEAGUE || target === OTHER ? fx.approved[target]! : fx.submitted[target]!.reportId),
    })),
    // A draft is its own bureau's only: not the league-city's above it, not staff's.
    ...([
      [LEAGUE, [404, 404, 404, "ok", 404, 404, 404, 401]],
      [COUNTY, [404, 404, 404, 404, 404, "ok", 404, 401]],
      [OTHER_COUNTY, [404, 404, 404, 404, 404, 404, 404, 401]],
    ] as [string, Row8][]).map(([target, expected]): Case => ({ action: "getReport (draft)", target, expected, call: () => getReport(fx.draft[target]!) })),
  ];

  const writes: Case[] = [
    ...([
      [LEAGUE, [403, 403, 403, "ok", 404, 404, 404, 401]],
      [COUNTY, [403, 403, 403, 404, 404, "ok", 404, 401]],
      [OTHER, [403, 403, 403, 404, "ok", 404, 404, 401]],
      [OTHER_COUNTY, [403, 403, 403, 404, 404, 404, 404, 401]],
    ] as [string, Row8][]).map(([target, expected]): Case => ({
      action: "saveReportDraft",
      target,
      expected,
      prepare: () => currentVersion(fx.toWrite[target]!),
      call: (version) => saveReportDraft(draftInput(fx.toWrite[target]!, version ? { version } : {}), NOW),
    })),
    ...([
      [LEAGUE, [403, 403, 403, "ok", 404, 404, 404, 401]],
      [COUNTY, [403, 403, 403, 404, 404, "ok", 404, 401]],
      [OTHER, [403, 403, 403, 404, "ok", 404, 404, 401]],
      [OTHER_COUNTY, [403, 403, 403, 404, 404, 404, 404, 401]],
    ] as [string, Row8][]).map(([target, expected]): Case => ({
      action: "submitReport",
      target,
      expected,
      prepare: async () => (await reportRow(fx.toSubmit[target]!)).state,
      call: () => submitReport({ reportId: fx.toSubmit[target]! }, NOW),
      after: async (before, ok) => expect((await reportRow(fx.toSubmit[target]!)).state).toBe(ok ? "submitted" : before),
    })),
  ];

  // Review: staff every region; a league-city its counties only (not itself, not another's); nobody a draft.
  const reviewRows: [string, "submitted" | "draft", Row8][] = [
    [LEAGUE, "submitted", [403, "ok", 403, 404, 404, 403, 403, 401]],
    [COUNTY, "submitted", [403, "ok", 403, "ok", 404, 403, 403, 401]],
    [OTHER, "submitted", [403, "ok", 403, 404, 404, 403, 403, 401]],
    [OTHER_COUNTY, "submitted", [403, "ok", 403, 404, "ok", 403, 403, 401]],
    [COUNTY, "draft", [403, 404, 403, 404, 404, 403, 403, 401]],
  ];
  const reviews: Case[] = [
    ...reviewRows.map(([target, kind, expected]): Case => ({
      action: "getReviewItem",
      target: `${target} ${kind}`,
      expected,
      call: () => getReviewItem(kind === "draft" ? fx.draft[target]! : fx.submitted[target]!.reportId),
    })),
    ...(["approve", "return"] as const).flatMap((decision) =>
      reviewRows.map(([target, kind, expected]): Case => ({
        action: `${decision}Report`,
        target: `${target} ${kind}`,
        expected,
        // A decision that should succeed gets a report of its own; a refusal is tried on the shared one.
        prepare: async (ok) => {
          if (kind === "draft") return { reportId: fx.draft[target]!, version: (await reportRow(fx.draft[target]!)).version };
          if (ok) return submitted(target, fx.fresh[target]!.shift()!);
          return { reportId: fx.submitted[target]!.reportId, version: (await reportRow(fx.submitted[target]!.reportId)).version };
        },
        call: (arg) => {
          const d = arg as { reportId: number; version: number };
          return decision === "approve" ? approveReport(d, NOW) : returnReport({ ...d, comment: "请补充佐证材料" }, NOW);
        },
        after: async (arg, ok) => {
          const d = arg as { reportId: number; version: number };
          const row = await reportRow(d.reportId);
          expect(row.state).toBe(ok ? (decision === "approve" ? "approved" : "returned") : kind);
          if (!ok) expect(row.version).toBe(d.version);
        },
      })),
    ),
  ];

  const breakDowns: Case[] = (
    [
      ["own assignment → own county", () => ({ assignmentId: fx.roleBreakDown, regionCodes: [COUNTY] }), [403, 403, 403, "ok", 404, 404, 404, 401]],
      ["own assignment → another league-city's county", () => ({ assignmentId: fx.roleBreakDown, regionCodes: [OTHER_COUNTY] }), [403, 403, 403, 422, 404, 404, 404, 401]],
      ["own assignment → own county and another's", () => ({ assignmentId: fx.roleBreakDown, regionCodes: [SIBLING, OTHER_COUNTY] }), [403, 403, 403, 422, 404, 404, 404, 401]],
      ["own assignment → another league-city", () => ({ assignmentId: fx.roleBreakDown, regionCodes: [OTHER] }), [403, 403, 403, 422, 404, 404, 404, 401]],
      ["own assignment → itself", () => ({ assignmentId: fx.roleBreakDown, regionCodes: [LEAGUE] }), [403, 403, 403, 422, 404, 404, 404, 401]],
      ["150200's assignment → its county", () => ({ assignmentId: fx.other[0]!, regionCodes: [OTHER_COUNTY] }), [403, 403, 403, 404, "ok", 404, 404, 401]],
      // A county has nothing below it: on its own assignment the code answers 422 (regionCodes), elsewhere 404.
      ["150102's assignment → its sibling", () => ({ assignmentId: fx.toWrite[COUNTY]!, regionCodes: [SIBLING] }), [403, 403, 403, 404, 404, 422, 404, 401]],
    ] as [string, () => { assignmentId: number; regionCodes: string[] }, Row8][]
  ).map(([target, input, expected]) => ({ action: "breakDownAssignment", target, expected, call: () => breakDownAssignment(input(), NOW) }));

  const cases = [...reads, ...writes, ...reviews, ...breakDowns];

  describe.each(cases.map((c) => [c.action, c.target, c] as const))("%s · %s", (_action, _target, c) => {
    it.each(ROLES.map((r, i) => [label(r), r, i] as const))("as %s", async (_label, role, i) => {
      const expected = c.expected[i]!;
      const arg = await c.prepare?.(expected === "ok");
      await actAs(role);
      expect(await outcome(() => c.call(arg))).toBe(expected);
      await c.after?.(arg, expected === "ok");
    });
  });

  it("a refused break-down says which field: regionCodes", async () => {
    await actAs(bureau(LEAGUE));
    for (const regionCodes of [[OTHER_COUNTY], [OTHER], [LEAGUE], ["159999"]]) {
      await expect(breakDownAssignment({ assignmentId: fx.roleBreakDown, regionCodes }, NOW)).rejects.toMatchObject({ status: 422, fields: { regionCodes: "notBelow" } });
    }
    // Nothing was given to the refused regions: a refusal is all or nothing.
    const { taskId } = await taskOf(fx.roleBreakDown);
    const rows = await query<{ region_code: string }>(sql`select region_code from assignments where task_id = ${taskId}`);
    const codes = rows.map((r) => r.region_code);
    expect(codes).toContain(COUNTY);
    expect(codes).not.toContain(SIBLING);
    // 150202 has this measure only if 150200 broke its own assignment of it down (in the fixtures).
    const otherTasks = await Promise.all(fx.other.slice(0, 8).map(async (id) => (await taskOf(id)).taskId));
    expect(codes.includes(OTHER_COUNTY)).toBe(otherTasks.includes(taskId));
  });

  describe("listReviewQueue", () => {
    it.each([
      ["admin", 403],
      ["staff", "ok"],
      ["leader", 403],
      [bureau(LEAGUE), "ok"],
      [bureau(OTHER), "ok"],
      [bureau(COUNTY), 403], // a county bureau: nothing below it
      [bureau(SIBLING), 403],
      [bureau(BARE), 403], // a league-city without counties
      [null, 401],
    ] as [Role | string, Outcome][])("as %s: %s", async (role, expected) => {
      await actAs(role as string | null);
      expect(await outcome(() => listReviewQueue())).toBe(expected);
    });

    it("a league-city bureau's queue holds its counties' submitted reports and nothing else", async () => {
      await actAs(bureau(LEAGUE));
      const q = await listReviewQueue();
      const codes = new Set(q.map((i) => i.regionCode));
      expect([...codes].every((c) => c === COUNTY || c === SIBLING)).toBe(true);
      const ids = q.map((i) => i.reportId);
      expect(ids).toContain(fx.submitted[COUNTY]!.reportId);
      expect(ids).not.toContain(fx.submitted[LEAGUE]!.reportId);
      expect(ids).not.toContain(fx.submitted[OTHER_COUNTY]!.reportId);
      expect(ids).not.toContain(fx.draft[COUNTY]);
      // Asking for another region by filter gives nothing.
      expect(await listReviewQueue({ regionCode: OTHER_COUNTY })).toEqual([]);
      expect(await listReviewQueue({ regionCode: LEAGUE })).toEqual([]);
    });

    it("the other league-city's queue holds its county only; staff's holds every region", async () => {
      await actAs(bureau(OTHER));
      const q = await listReviewQueue();
      expect(q.every((i) => i.regionCode === OTHER_COUNTY)).toBe(true);
      expect(q.map((i) => i.reportId)).toContain(fx.submitted[OTHER_COUNTY]!.reportId);
      await actAs("staff");
      const all = (await listReviewQueue({ period: PERIOD })).map((i) => i.reportId);
      for (const region of [LEAGUE, COUNTY, OTHER, OTHER_COUNTY]) expect(all, region).toContain(fx.submitted[region]!.reportId);
      expect(all).not.toContain(fx.draft[COUNTY]);
    });

    it("approving several at once is all or nothing: one report of another league's county refuses the batch", async () => {
      const [spare] = await openAssignments(SIBLING);
      const mine = await submitted(SIBLING, spare!);
      const theirs = fx.submitted[OTHER_COUNTY]!;
      await actAs(bureau(LEAGUE));
      expect(await outcome(() => approveReports([mine, theirs], NOW))).toBe(404);
      expect((await reportRow(mine.reportId)).state).toBe("submitted");
      expect((await reportRow(theirs.reportId)).state).toBe("submitted");
      expect(await approveReports([mine], NOW)).toEqual({ approved: 1 });
    });
  });

  describe("lists and pages cover the viewer's tree only", () => {
    async function allAssignments() {
      const out: { regionCode: string }[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await listAssignments({ limit: 100, cursor }, NOW);
        out.push(...page.items);
        if (!page.nextCursor) return out;
        cursor = page.nextCursor;
      }
    }

    it.each([
      [bureau(LEAGUE), [LEAGUE, COUNTY, SIBLING]],
      [bureau(COUNTY), [COUNTY]],
      [bureau(OTHER), [OTHER, OTHER_COUNTY]],
    ])("listAssignments as %s: regions %j", async (role, codes) => {
      await actAs(role);
      expect([...new Set((await allAssignments()).map((a) => a.regionCode))].sort()).toEqual([...codes].sort());
    });

    it("listAssignments with another league-city's county named: 404; its own county: ok", async () => {
      await actAs(bureau(LEAGUE));
      expect(await outcome(() => listAssignments({ regionCode: OTHER_COUNTY }, NOW))).toBe(404);
      expect(await outcome(() => listAssignments({ regionCode: COUNTY }, NOW))).toBe("ok");
    });

    it("listReports as the league-city bureau: its tree, its own drafts, not its counties' drafts", async () => {
      await actAs(bureau(LEAGUE));
      const items = (await listReports({ period: PERIOD, limit: 100 })).items;
      expect(items.every((r) => [LEAGUE, COUNTY, SIBLING].includes(r.regionCode))).toBe(true);
      const ids = items.map((r) => r.id);
      expect(ids).toContain(fx.draft[LEAGUE]);
      expect(ids).toContain(fx.submitted[COUNTY]!.reportId);
      expect(ids).not.toContain(fx.draft[COUNTY]);
      expect(items.filter((r) => r.state === "draft").every((r) => r.regionCode === LEAGUE)).toBe(true);
    });

    it("task page: a league-city bureau's rows cover itself and its counties only", async () => {
      const { parentId } = await taskOf(fx.own[4]!);
      await actAs(bureau(LEAGUE));
      const o = await getTaskOverview(parentId!);
      expect(o.regions.map((r) => r.code).sort()).toEqual([LEAGUE, COUNTY, SIBLING]);
      expect([...new Set(o.progress.map((p) => p.regionCode))].sort()).toEqual([LEAGUE, COUNTY, SIBLING]);
      for (const i of o.indicators) expect(Object.keys(i.byRegion).sort()).toEqual([LEAGUE, COUNTY, SIBLING]);
    });

    it("task page: a county sees itself only; the other league-city its own tree", async () => {
      const { parentId } = await taskOf(fx.own[4]!);
      await actAs(bureau(COUNTY));
      const c = await getTaskOverview(parentId!);
      expect(c.regions.map((r) => r.code)).toEqual([COUNTY]);
      expect(new Set(c.progress.map((p) => p.regionCode))).toEqual(new Set([COUNTY]));
      await actAs(bureau(OTHER));
      const o = await getTaskOverview(parentId!);
      expect(o.regions.map((r) => r.code).sort()).toEqual([OTHER, OTHER_COUNTY]);
      expect(o.progress.every((p) => p.regionCode === OTHER || p.regionCode === OTHER_COUNTY)).toBe(true);
    });

    it("task page history: another league-city's bureau is not shown 150100's break-downs", async () => {
      const { taskId, parentId } = await taskOf(fx.own[4]!);
      const [entry] = await query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'assignment.breakDown' and entity_id = ${String(taskId)} and region_code = ${LEAGUE}`);
      expect(entry!.n).toBeGreaterThan(0);
      await actAs(bureau(OTHER));
      const o = await getTaskOverview(parentId!);
      const leagueName = "呼和浩特市生态环境局";
      expect(o.history.filter((h) => h.actor === leagueName || JSON.stringify(h.after ?? {}).includes(COUNTY))).toEqual([]);
    });
  });
});

describe("2. the whole 逐级分解 path", () => {
  const ctx = {
    taskNumber: "",
    startDate: "",
    dueDate: "",
    county: { assignmentId: 0, reportId: 0, version: 0 },
    sibling: { assignmentId: 0, reportId: 0, version: 0 },
    province0: null as unknown as Dashboard,
    province1: null as unknown as Dashboard,
    league1: null as unknown as Dashboard,
  };
  const row = (d: Dashboard, code: string) => d.byRegion.find((r) => r.regionCode === code)!;
  const countyRow = async (region: string, assignmentId: number): Promise<RegionAssignment | undefined> => {
    await actAs(bureau(region));
    return (await listRegionAssignments(region, 2026)).find((a) => a.assignmentId === assignmentId);
  };

  it("the league-city bureau breaks its 2026 assignment down to both counties", async () => {
    await actAs("leader");
    ctx.province0 = await getDashboard({ year: 2026 }, NOW);
    await actAs(bureau(LEAGUE));
    const mine = (await listRegionAssignments(LEAGUE, 2026)).find((a) => a.assignmentId === fx.main)!;
    expect(mine).toBeDefined();
    Object.assign(ctx, { taskNumber: mine.taskNumber, startDate: mine.startDate, dueDate: mine.dueDate });
    const result = await breakDownAssignment({ assignmentId: fx.main, regionCodes: [COUNTY, SIBLING] }, NOW);
    expect(result.existing).toEqual([]);
    expect(result.created.map((c) => c.regionCode).sort()).toEqual([COUNTY, SIBLING]);
    ctx.county.assignmentId = result.created.find((c) => c.regionCode === COUNTY)!.assignmentId;
    ctx.sibling.assignmentId = result.created.find((c) => c.regionCode === SIBLING)!.assignmentId;
    // Each county's bureau is told.
    const told = await query<{ username: string }>(sql`
      select u.username from notifications n join users u on u.id = n.user_id
      where n.assignment_id in (${ctx.county.assignmentId}, ${ctx.sibling.assignmentId}) order by u.username`);
    expect(told.map((t) => t.username)).toEqual([bureau(COUNTY), bureau(SIBLING)]);
    // The province's figures count the two new assignments under 150100 at once.
    await actAs("leader");
    const d = await getDashboard({ year: 2026 }, NOW);
    expect(d.byRegion).toHaveLength(12);
    expect(row(d, LEAGUE).total).toBe(row(ctx.province0, LEAGUE).total + 2);
    expect(d.headline.total).toBe(ctx.province0.headline.total + 2);
  });

  it("each county sees it in its list: same measure and due day, starting the day it was given, nothing reported yet", async () => {
    // The league-city's own assignment started in January; a county given it on NOW starts on NOW's day,
    // so no month before counts as missing for it.
    expect(ctx.startDate < "2026-11-22").toBe(true);
    for (const [region, a] of [[COUNTY, ctx.county], [SIBLING, ctx.sibling]] as const) {
      const r = await countyRow(region, a.assignmentId);
      expect(r, region).toMatchObject({ taskNumber: ctx.taskNumber, startDate: "2026-11-22", dueDate: ctx.dueDate, progress: null, completed: false, lastState: null });
    }
  });

  it("each county drafts and submits its report for the current period", async () => {
    Object.assign(ctx.county, await submitted(COUNTY, ctx.county.assignmentId, { progress: 100, status: "complete", workDone: "已全部完成" }));
    Object.assign(ctx.sibling, await submitted(SIBLING, ctx.sibling.assignmentId, { progress: 50 }));
    expect((await countyRow(COUNTY, ctx.county.assignmentId))!.lastState).toBe("submitted");
  });

  it("the league-city bureau's queue shows both, and it may open them", async () => {
    await actAs(bureau(LEAGUE));
    const q = await listReviewQueue();
    const ids = q.map((i) => i.reportId);
    expect(ids).toContain(ctx.county.reportId);
    expect(ids).toContain(ctx.sibling.reportId);
    expect(q.find((i) => i.reportId === ctx.county.reportId)).toMatchObject({ regionCode: COUNTY, period: PERIOD, progress: 100, taskNumber: ctx.taskNumber });
    expect((await getReviewItem(ctx.sibling.reportId)).report).toMatchObject({ regionCode: SIBLING, state: "submitted" });
  });

  it("it returns one with a comment and approves the other", async () => {
    await actAs("leader");
    ctx.province1 = await getDashboard({ year: 2026 }, NOW);
    ctx.league1 = await getDashboard({ year: 2026, regionCode: LEAGUE }, NOW);
    await actAs(bureau(LEAGUE));
    ctx.sibling.version = (await returnReport({ ...ctx.sibling, comment: "请补充佐证材料" }, NOW)).version;
    expect(await approveReport(ctx.county, NOW)).toMatchObject({ closed: true });
    const ids = (await listReviewQueue()).map((i) => i.reportId);
    expect(ids).not.toContain(ctx.county.reportId);
    expect(ids).not.toContain(ctx.sibling.reportId);
    const audit = await query<{ action: string; actor_id: number; region_code: string }>(sql`
      select action, actor_id, region_code from audit_log where entity_type = 'report' and entity_id in (${String(ctx.county.reportId)}, ${String(ctx.sibling.reportId)}) and action in ('report.approve', 'report.return') order by id`);
    const leagueId = await userId(bureau(LEAGUE));
    expect(audit).toEqual([
      { action: "report.return", actor_id: leagueId, region_code: SIBLING },
      { action: "report.approve", actor_id: leagueId, region_code: COUNTY },
    ]);
  });

  it("the counties see returned (with the comment) and approved", async () => {
    await actAs(bureau(SIBLING));
    expect(await getReport(ctx.sibling.reportId)).toMatchObject({ state: "returned", reviewComment: "请补充佐证材料" });
    expect((await countyRow(SIBLING, ctx.sibling.assignmentId))!.lastState).toBe("returned");
    await actAs(bureau(COUNTY));
    expect(await getReport(ctx.county.reportId)).toMatchObject({ state: "approved", progress: 100 });
    expect(await countyRow(COUNTY, ctx.county.assignmentId)).toMatchObject({ lastState: "approved", progress: 100, completed: true });
    const [a] = await query<{ closed: boolean }>(sql`select closed_at is not null as closed from assignments where id = ${ctx.county.assignmentId}`);
    expect(a!.closed).toBe(true);
  });

  it("the returned one is corrected and comes back to the league-city's queue", async () => {
    await actAs(bureau(SIBLING));
    const saved = await saveReportDraft(draftInput(ctx.sibling.assignmentId, { progress: 55, version: ctx.sibling.version, problems: "已补充" }), NOW);
    ctx.sibling.version = (await submitReport({ reportId: saved.id, version: saved.version }, NOW)).version;
    await actAs(bureau(LEAGUE));
    expect((await listReviewQueue()).map((i) => i.reportId)).toContain(ctx.sibling.reportId);
  });

  it("the province view: still 12 league-city rows, 150100's row and the headline moved at once", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2026 }, NOW);
    expect(d.byRegion).toHaveLength(12);
    expect(d.byRegion.every((r) => r.level === "league_city")).toBe(true);
    expect(row(d, LEAGUE).completed).toBe(row(ctx.province1, LEAGUE).completed + 1);
    expect(row(d, LEAGUE).total).toBe(row(ctx.province1, LEAGUE).total);
    expect(row(d, LEAGUE).meanProgress).toBeGreaterThan(row(ctx.province1, LEAGUE).meanProgress);
    expect(d.headline.completed).toBe(ctx.province1.headline.completed + 1);
    for (const r of d.byRegion.filter((x) => x.regionCode !== LEAGUE)) {
      expect({ total: r.total, completed: r.completed }, r.regionCode).toEqual({ total: row(ctx.province1, r.regionCode).total, completed: row(ctx.province1, r.regionCode).completed });
    }
    // What is remembered equals a fresh computation.
    const fresh = await getDashboard({ year: 2026 }, NOW, { useCache: false });
    expect(fresh.headline).toEqual(d.headline);
    expect(fresh.byRegion).toEqual(d.byRegion);
  });

  it("the league-city view: rows for 150100 and both counties, each with its own figures", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2026, regionCode: LEAGUE }, NOW);
    expect(d.scope).toMatchObject({ code: LEAGUE, level: "league_city" });
    expect(d.byRegion.map((r) => r.regionCode).sort()).toEqual([LEAGUE, COUNTY, SIBLING]);
    expect(row(d, COUNTY)).toMatchObject({ level: "banner_county" });
    expect(row(d, COUNTY).completed).toBe(row(ctx.league1, COUNTY).completed + 1);
    expect(row(d, SIBLING).completed).toBe(row(ctx.league1, SIBLING).completed);
    expect(row(d, LEAGUE).completed).toBe(row(ctx.league1, LEAGUE).completed);
    expect(d.headline.completed).toBe(ctx.league1.headline.completed + 1);
    // Each row equals what that region's own bureau reads of its assignments.
    for (const code of [LEAGUE, COUNTY, SIBLING]) {
      await actAs(bureau(code));
      const list = await listRegionAssignments(code, 2026);
      const expected = {
        total: list.length,
        completed: list.filter((a) => a.completed).length,
        meanProgress: Math.round((list.reduce((s, a) => s + (a.progress ?? 0), 0) / list.length) * 10) / 10,
      };
      const r = row(d, code);
      expect({ total: r.total, completed: r.completed, meanProgress: r.meanProgress }, code).toEqual(expected);
    }
    expect(d.headline.total).toBe(d.byRegion.reduce((n, r) => n + r.total, 0));
  });

  it("the kept state equals a recomputation", async () => {
    const db = await getDb();
    const { checked, differences } = await verifyAssignmentStates(db);
    const [n] = await query<{ n: number }>(sql`select count(*)::int as n from assignments`);
    expect(checked).toBe(n!.n);
    expect(differences).toEqual([]);
  });
});

describe("3. break-down: idempotent, refuses what is closed, audited", () => {
  it("a second call creates nothing and names both as existing", async () => {
    const { taskId } = await taskOf(fx.idem);
    const count = async () => (await query<{ n: number }>(sql`select count(*)::int as n from assignments where task_id = ${taskId}`))[0]!.n;
    const before = await count();
    await actAs(bureau(LEAGUE));
    const first = await breakDownAssignment({ assignmentId: fx.idem, regionCodes: [COUNTY, SIBLING] }, NOW);
    expect(first.created.map((c) => c.regionCode).sort()).toEqual([COUNTY, SIBLING]);
    expect(first.existing).toEqual([]);
    const second = await breakDownAssignment({ assignmentId: fx.idem, regionCodes: [SIBLING, COUNTY, COUNTY] }, NOW);
    expect(second.created).toEqual([]);
    expect(second.existing.sort()).toEqual([COUNTY, SIBLING]);
    expect(await count()).toBe(before + 2);
  });

  it("audits: an audit_log row assignment.breakDown by the league-city bureau", async () => {
    const { taskId } = await taskOf(fx.idem);
    const rows = await query<{ actor_id: number; entity_type: string; region_code: string; after: { from: number; regions: string[] } }>(sql`
      select actor_id, entity_type, region_code, after from audit_log where action = 'assignment.breakDown' and entity_id = ${String(taskId)} and region_code = ${LEAGUE} order by id`);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ actor_id: await userId(bureau(LEAGUE)), entity_type: "task", region_code: LEAGUE, after: { from: fx.idem, regions: [COUNTY, SIBLING] } });
  });

  it("refuses a closed assignment (409 assignmentClosed)", async () => {
    const [a] = await query<{ id: number }>(sql`
      select a.id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      where p.year = 2026 and p.state = 'published' and a.region_code = ${LEAGUE} and a.closed_at is not null order by a.id limit 1`);
    await actAs(bureau(LEAGUE));
    await expect(breakDownAssignment({ assignmentId: Number(a!.id), regionCodes: [COUNTY] }, NOW)).rejects.toMatchObject({ status: 409, code: "assignmentClosed" });
  });

  it("refuses an assignment of a closed plan (409 planClosed)", async () => {
    const [a] = await query<{ id: number }>(sql`
      select a.id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      where p.year = 2025 and p.state = 'closed' and a.region_code = ${LEAGUE} and a.closed_at is null order by a.id limit 1`);
    await actAs(bureau(LEAGUE));
    await expect(breakDownAssignment({ assignmentId: Number(a!.id), regionCodes: [COUNTY] }, NOW)).rejects.toMatchObject({ status: 409, code: "planClosed" });
  });

  it("an assignment of a draft plan is not found (404)", async () => {
    await actAs("staff");
    const [closed2025] = await query<{ id: number }>(sql`select id from plans where year = 2025 and state = 'closed' order by id limit 1`);
    const copy = await copyPlan({ fromPlanId: Number(closed2025!.id), year: 2027, title: "2027年草稿（分解用）" });
    const [a] = await query<{ id: number }>(sql`select a.id from assignments a join tasks t on t.id = a.task_id where t.plan_id = ${copy.id} and a.region_code = ${LEAGUE} order by a.id limit 1`);
    await actAs(bureau(LEAGUE));
    expect(await outcome(() => breakDownAssignment({ assignmentId: Number(a!.id), regionCodes: [COUNTY] }, NOW))).toBe(404);
  });

  it("nothing was written by the refusals: the kept state still equals a recomputation", async () => {
    const { differences } = await verifyAssignmentStates(await getDb());
    expect(differences).toEqual([]);
  });
});

describe("4. POST /api/v1/assignments/{id}/breakdown", () => {
  type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const post = async (id: number, body: unknown) => {
    const init: RequestInit = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    const res = await (breakdownRoute.POST as Handler)(new Request(`http://localhost/api/v1/assignments/${id}/breakdown`, init), { params: Promise.resolve({ id: String(id) }) });
    const text = await res.text();
    return { status: res.status, type: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
  };
  /** Signs in through the API: a bearer token for the user, resolved to the claims the route sees. */
  const withToken = async (username: string, address: string) => {
    const { token } = await createApiToken({ username, password: "demo2025" }, address, NOW);
    setClaims(await resolveApiToken(token, NOW));
  };

  it("201 with the result for the league-city bureau", async () => {
    await withToken(bureau(LEAGUE), "10.8.0.1");
    const res = await post(fx.api, { regionCodes: [COUNTY, SIBLING] });
    expect(res.status).toBe(201);
    expect(res.body.existing).toEqual([]);
    expect(res.body.created.map((c: { regionCode: string }) => c.regionCode).sort()).toEqual([COUNTY, SIBLING]);
    expect(res.body.created.every((c: { assignmentId: unknown }) => typeof c.assignmentId === "number")).toBe(true);
    const again = await post(fx.api, { regionCodes: [COUNTY] });
    expect(again).toMatchObject({ status: 201, body: { created: [], existing: [COUNTY] } });
  });

  it.each([
    ["an empty list", { regionCodes: [] }],
    ["no list", {}],
    ["a malformed code", { regionCodes: ["abc"] }],
    ["another league-city's county", { regionCodes: [OTHER_COUNTY] }],
    ["a code that is no region", { regionCodes: ["150199"] }],
  ])("422 problem+json naming regionCodes for %s", async (_label, body) => {
    await withToken(bureau(LEAGUE), "10.8.0.2");
    const res = await post(fx.api, body);
    expect(res.status).toBe(422);
    expect(res.type).toBe("application/problem+json");
    expect(res.body.errors.some((e: { field: string }) => e.field === "regionCodes" || e.field.startsWith("regionCodes."))).toBe(true);
  });

  it("401 problem+json without a token", async () => {
    setClaims(null);
    const res = await post(fx.api, { regionCodes: [COUNTY] });
    expect(res.status).toBe(401);
    expect(res.type).toBe("application/problem+json");
  });

  it("404 for another league-city's bureau, 403 for staff", async () => {
    await withToken(bureau(OTHER), "10.8.0.3");
    expect((await post(fx.api, { regionCodes: [COUNTY] })).status).toBe(404);
    await withToken("staff", "10.8.0.4");
    expect((await post(fx.api, { regionCodes: [COUNTY] })).status).toBe(403);
  });
});
