import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, fromDayNumber, dayNumber } from "./dates";
import { periodDueDate, periodsOfYear, type Cadence } from "./periods";
import type { Light } from "./progress";
import {
  FLAG_APPROVED,
  FLAG_HANDED_IN,
  FLAG_ON_TIME,
  behindTenthsOfKey,
  dayLight,
  deriveAssignmentState,
  effectiveProgress,
  isHandedIn,
  isOnTime,
  lastClosedIndex,
  lastDueIndex,
  lastPeriodMissing,
  lastStartedIndex,
  latestApprovedAsOf,
  planCounts,
  punctuality,
  stateLight,
  windowIndices,
  type AssignmentFacts,
  type AssignmentState,
  type ReportFacts,
  type ReportState,
  type ReportStatus,
} from "./reporting";

/** An instant given as a wall-clock time in China (UTC+8). */
const china = (local: string) => new Date(`${local}+08:00`);

const YEAR: AssignmentFacts = { planYear: 2025, cadence: "monthly", startDate: "2025-01-01", dueDate: "2025-12-31", closedAt: null };

/** A report of 2025 (monthly, due on the 25th), submitted on its due day unless told otherwise. */
function report(period: string, state: ReportState, progress: number, over: Partial<ReportFacts> = {}): ReportFacts {
  const dueOn = periodDueDate(period, 25);
  return { period, state, progress, status: "on_track", dueOn, firstSubmittedAt: state === "draft" ? null : china(`${dueOn}T12:00:00`), ...over };
}

const zeros = (n: number) => Array.from({ length: n }, () => 0);

describe("planCounts: only published and closed plans count", () => {
  it.each([
    ["draft", false],
    ["published", true],
    ["closed", true],
  ] as const)("%s → %s", (state, counts) => expect(planCounts(state)).toBe(counts));
});

describe("isHandedIn: submitted, returned or approved", () => {
  it.each([
    ["draft", false],
    ["submitted", true],
    ["returned", true],
    ["approved", true],
    [null, false],
    [undefined, false],
  ] as const)("%s → %s", (state, handedIn) => expect(isHandedIn(state)).toBe(handedIn));
});

describe("isOnTime: first submitted on or before the due day, China time", () => {
  it.each<[string, Date | null | undefined, boolean]>([
    ["00:00 on the due day (16:00 UTC the day before)", china("2025-03-25T00:00:00"), true],
    ["23:59:59 on the due day", china("2025-03-25T23:59:59"), true],
    ["23:59:59 on the due day, written in UTC", new Date("2025-03-25T15:59:59Z"), true],
    ["00:00 the next day", china("2025-03-26T00:00:00"), false],
    ["00:00 the next day, written in UTC (still the 25th in UTC)", new Date("2025-03-25T16:00:00Z"), false],
    ["a week early", china("2025-03-18T09:00:00"), true],
    ["never submitted (null)", null, false],
    ["never submitted (undefined)", undefined, false],
  ])("%s → %s", (_label, at, onTime) => expect(isOnTime(at, "2025-03-25")).toBe(onTime));
});

describe("effectiveProgress: 100 once complete, else the approved figure, 0 when none", () => {
  it.each<[string, { progress: number; status?: string | null } | null, number]>([
    ["nothing approved", null, 0],
    ["0 %", { progress: 0, status: "behind" }, 0],
    ["60 % on track", { progress: 60, status: "on_track" }, 60],
    ["99 %", { progress: 99, status: "on_track" }, 99],
    ["100 %", { progress: 100, status: "on_track" }, 100],
    ["60 % marked complete", { progress: 60, status: "complete" }, 100],
    ["60 %, no status", { progress: 60, status: null }, 60],
    ["60 %, status left out", { progress: 60 }, 60],
  ])("%s → %i", (_label, approved, expected) => expect(effectiveProgress(approved)).toBe(expected));
});

describe("latestApprovedAsOf", () => {
  type R = { id: string; period: string; state: ReportState };
  const r = (id: string, period: string, state: ReportState = "approved"): R => ({ id, period, state });
  it.each<[string, R[], string | null, string | null]>([
    ["no reports", [], null, null],
    ["none approved", [r("a", "2025-01", "submitted"), r("b", "2025-02", "returned"), r("c", "2025-03", "draft")], null, null],
    ["the latest approved of all periods", [r("a", "2025-01"), r("b", "2025-03"), r("c", "2025-02")], null, "b"],
    ["a later unapproved report does not count", [r("a", "2025-01"), r("b", "2025-02", "submitted")], null, "a"],
    ["as of a period: the one of that period", [r("a", "2025-01"), r("b", "2025-03"), r("c", "2025-05")], "2025-03", "b"],
    ["as of a period: the one before it", [r("a", "2025-01"), r("b", "2025-03"), r("c", "2025-05")], "2025-04", "b"],
    ["approved only later than the period", [r("a", "2025-06")], "2025-05", null],
    ["before everything", [r("a", "2025-01")], "2024-12", null],
    ["across a year: December before January", [r("a", "2024-12"), r("b", "2025-01")], null, "b"],
    ["October after September (two digits)", [r("a", "2025-10"), r("b", "2025-09")], null, "a"],
    ["quarterly: Q4 after Q3", [r("a", "2025-Q4"), r("b", "2025-Q3")], "2025-Q4", "a"],
    ["quarterly, as of Q2", [r("a", "2025-Q1"), r("b", "2025-Q3")], "2025-Q2", "a"],
    ["a tie of periods: the first one given wins", [r("a", "2025-02"), r("b", "2025-02")], null, "a"],
    ["a tie after a better one: still the first of the tie", [r("x", "2025-01"), r("a", "2025-02"), r("b", "2025-02")], "2025-02", "a"],
  ])("%s", (_label, reports, period, expected) => {
    expect(latestApprovedAsOf(reports, period)?.id ?? null).toBe(expected);
  });
});

describe("windowIndices: the window's periods within the plan's year", () => {
  it.each<[string, Cadence, string, string, { first: number; last: number } | null]>([
    ["the whole year", "monthly", "2025-01-01", "2025-12-31", { first: 1, last: 12 }],
    ["inside the year", "monthly", "2025-03-15", "2025-09-10", { first: 3, last: 9 }],
    ["one day", "monthly", "2025-07-31", "2025-07-31", { first: 7, last: 7 }],
    ["starting before the year", "monthly", "2024-11-01", "2025-06-30", { first: 1, last: 6 }],
    ["ending after the year", "monthly", "2025-10-01", "2026-03-31", { first: 10, last: 12 }],
    ["spanning the year", "monthly", "2024-06-01", "2026-06-30", { first: 1, last: 12 }],
    ["due on the year's first day", "monthly", "2024-12-01", "2025-01-01", { first: 1, last: 1 }],
    ["starting on the year's last day", "monthly", "2025-12-31", "2026-02-28", { first: 12, last: 12 }],
    ["entirely before the year", "monthly", "2024-01-01", "2024-12-31", null],
    ["entirely after the year", "monthly", "2026-01-01", "2026-12-31", null],
    ["quarterly, whole year", "quarterly", "2025-01-01", "2025-12-31", { first: 1, last: 4 }],
    ["quarterly, inside", "quarterly", "2025-02-10", "2025-08-20", { first: 1, last: 3 }],
    ["quarterly, quarter boundaries (31 March → 1 April)", "quarterly", "2025-03-31", "2025-04-01", { first: 1, last: 2 }],
    ["quarterly, starting before", "quarterly", "2024-05-01", "2025-05-31", { first: 1, last: 2 }],
    ["quarterly, ending after", "quarterly", "2025-07-01", "2026-01-31", { first: 3, last: 4 }],
    ["quarterly, outside", "quarterly", "2026-01-01", "2026-03-31", null],
  ])("%s (%s %s → %s)", (_label, cadence, start, due, expected) => {
    expect(windowIndices(2025, cadence, start, due)).toEqual(expected);
  });
});

describe("deriveAssignmentState", () => {
  it("with no reports: nothing approved, nothing handed in, the window's indices", () => {
    expect(deriveAssignmentState({ ...YEAR, startDate: "2025-03-10", dueDate: "2025-08-31" }, [])).toEqual<AssignmentState>({
      approvedPeriod: null,
      approvedProgress: null,
      approvedStatus: null,
      completed: false,
      completedOnTime: false,
      lastPeriod: null,
      lastState: null,
      firstIndex: 3,
      lastIndex: 8,
      asOf: zeros(12),
      periodFlags: zeros(12),
    });
  });

  it("a quarterly plan keeps four periods", () => {
    const s = deriveAssignmentState({ ...YEAR, cadence: "quarterly" }, [report("2025-Q2", "approved", 40, { dueOn: "2025-06-25" })]);
    expect(s.asOf).toEqual([0, 40, 40, 40]);
    expect(s.periodFlags).toEqual([0, FLAG_HANDED_IN | FLAG_ON_TIME | FLAG_APPROVED, 0, 0]);
    expect([s.firstIndex, s.lastIndex]).toEqual([1, 4]);
  });

  it("a window outside the plan's year has no indices", () => {
    const s = deriveAssignmentState({ ...YEAR, startDate: "2026-01-01", dueDate: "2026-06-30" }, []);
    expect([s.firstIndex, s.lastIndex]).toEqual([null, null]);
  });

  it("a returned, corrected and resubmitted report: handed in, on time by its first submission, nothing approved", () => {
    const first = china("2025-04-20T10:00:00");
    const returned = deriveAssignmentState(YEAR, [report("2025-04", "returned", 50, { firstSubmittedAt: first })]);
    expect(returned).toMatchObject({ approvedProgress: null, lastPeriod: "2025-04", lastState: "returned", completed: false });
    expect(returned.periodFlags[3]).toBe(FLAG_HANDED_IN | FLAG_ON_TIME);
    // Resubmitted after the due day: the first submission still decides punctuality.
    const resubmitted = deriveAssignmentState(YEAR, [report("2025-04", "submitted", 55, { firstSubmittedAt: first })]);
    expect(resubmitted).toMatchObject({ approvedProgress: null, lastState: "submitted" });
    expect(resubmitted.periodFlags[3]).toBe(FLAG_HANDED_IN | FLAG_ON_TIME);
    expect(resubmitted.asOf).toEqual(zeros(12));
  });

  it.each<[string, number, ReportStatus, boolean, number]>([
    ["approved 100 % → completed", 100, "on_track", true, 100],
    ['approved 60 % marked "complete" → completed, counted as 100', 60, "complete", true, 100],
    ["approved 99 % → not completed", 99, "on_track", false, 99],
  ])("%s", (_label, progress, status, completed, asOfAfter) => {
    const s = deriveAssignmentState(YEAR, [report("2025-05", "approved", progress, { status })]);
    expect(s).toMatchObject({ completed, approvedProgress: progress, approvedStatus: status, approvedPeriod: "2025-05" });
    expect(s.asOf.slice(3, 6)).toEqual([0, asOfAfter, asOfAfter]);
    expect(s.asOf.at(-1)).toBe(asOfAfter);
    // Completed without a closing date (not 办结) is not "completed on time".
    expect(s.completedOnTime).toBe(false);
  });

  it("a 100 % report not yet approved does not complete", () => {
    const s = deriveAssignmentState(YEAR, [report("2025-05", "approved", 40), report("2025-06", "submitted", 100, { status: "complete" })]);
    expect(s).toMatchObject({ completed: false, approvedProgress: 40, lastState: "submitted", lastPeriod: "2025-06" });
  });

  it.each<[string, Date, boolean]>([
    ["closed at 23:59:59 China time on the due day", china("2025-06-30T23:59:59"), true],
    ["closed at 00:00 China time the day after (still the 30th in UTC)", china("2025-07-01T00:00:00"), false],
    ["closed a month early", china("2025-05-30T09:00:00"), true],
  ])("%s → completedOnTime %s", (_label, closedAt, onTime) => {
    const s = deriveAssignmentState({ ...YEAR, dueDate: "2025-06-30", closedAt }, [report("2025-06", "approved", 100)]);
    expect(s.completed).toBe(true);
    expect(s.completedOnTime).toBe(onTime);
  });

  it("a closed (办结) assignment is completed whatever its latest approved figure says", () => {
    const s = deriveAssignmentState({ ...YEAR, closedAt: china("2025-07-01T10:00:00") }, [report("2025-06", "approved", 70)]);
    expect(s).toMatchObject({ completed: true, completedOnTime: true, approvedProgress: 70 });
  });

  it("asOf carries the last approved figure forward and ignores later reports that are not approved", () => {
    const s = deriveAssignmentState(YEAR, [
      report("2025-03", "approved", 30),
      report("2025-06", "approved", 50),
      report("2025-08", "submitted", 90),
      report("2025-09", "returned", 92),
      report("2025-10", "draft", 95),
    ]);
    expect(s.asOf).toEqual([0, 0, 30, 30, 30, 50, 50, 50, 50, 50, 50, 50]);
    expect(s).toMatchObject({ approvedPeriod: "2025-06", approvedProgress: 50, lastPeriod: "2025-10", lastState: "draft", completed: false });
  });

  it("a window reaching into other years: asOf is the latest approved as of each period, the kept figure the latest of all", () => {
    const before = deriveAssignmentState({ ...YEAR, startDate: "2024-11-01" }, [report("2024-12", "approved", 20), report("2025-02", "approved", 30)]);
    expect(before.asOf.slice(0, 3)).toEqual([20, 30, 30]);
    const after = deriveAssignmentState({ ...YEAR, dueDate: "2026-03-31" }, [report("2025-12", "approved", 60), report("2026-01", "approved", 80)]);
    expect(after.asOf.at(-1)).toBe(60);
    expect(after).toMatchObject({ approvedPeriod: "2026-01", approvedProgress: 80, lastPeriod: "2026-01" });
  });

  describe("periodFlags", () => {
    const late = (period: string) => china(`${addDays(periodDueDate(period, 25), 1)}T00:00:00`);
    it.each<[string, ReportFacts, number]>([
      ["draft", report("2025-02", "draft", 10), 0],
      ["draft that was never submitted, even with a date", report("2025-02", "draft", 10, { firstSubmittedAt: china("2025-02-01T08:00:00") }), 0],
      ["submitted on time", report("2025-02", "submitted", 10), FLAG_HANDED_IN | FLAG_ON_TIME],
      ["submitted late", report("2025-02", "submitted", 10, { firstSubmittedAt: late("2025-02") }), FLAG_HANDED_IN],
      ["returned, first submitted on time", report("2025-02", "returned", 10), FLAG_HANDED_IN | FLAG_ON_TIME],
      ["returned, first submitted late", report("2025-02", "returned", 10, { firstSubmittedAt: late("2025-02") }), FLAG_HANDED_IN],
      ["approved on time", report("2025-02", "approved", 10), FLAG_HANDED_IN | FLAG_ON_TIME | FLAG_APPROVED],
      ["approved late", report("2025-02", "approved", 10, { firstSubmittedAt: late("2025-02") }), FLAG_HANDED_IN | FLAG_APPROVED],
      ["approved, submitted at 23:59 China time on the due day", report("2025-02", "approved", 10, { firstSubmittedAt: china("2025-02-25T23:59:00") }), 7],
      ["approved, submitted at 00:00 China time the next day", report("2025-02", "approved", 10, { firstSubmittedAt: china("2025-02-26T00:00:00") }), 5],
    ])("%s → %i", (_label, r, flags) => {
      const s = deriveAssignmentState(YEAR, [r]);
      expect(s.periodFlags).toEqual([0, flags, ...zeros(10)]);
    });
  });
});

describe("the plan's period indices on a day (due day 25, grace 5)", () => {
  it.each<[string, Cadence, string, number, number, number]>([
    // [label, cadence, today, lastClosed, lastDue, lastStarted]
    ["the day before the year", "monthly", "2024-12-31", 0, 0, 0],
    ["1 January", "monthly", "2025-01-01", 0, 0, 1],
    ["25 January: due today, not yet past", "monthly", "2025-01-25", 0, 0, 1],
    ["26 January: January's due day has passed", "monthly", "2025-01-26", 0, 1, 1],
    ["30 January: the last day of grace", "monthly", "2025-01-30", 0, 1, 1],
    ["31 January: January closed", "monthly", "2025-01-31", 1, 1, 1],
    ["1 February", "monthly", "2025-02-01", 1, 1, 2],
    ["2 March: February's grace (25 Feb + 5) ends today", "monthly", "2025-03-02", 1, 2, 3],
    ["3 March: February closed", "monthly", "2025-03-03", 2, 2, 3],
    ["30 April", "monthly", "2025-04-30", 3, 4, 4],
    ["1 May: April closed the day after the 30th", "monthly", "2025-05-01", 4, 4, 5],
    ["30 December", "monthly", "2025-12-30", 11, 12, 12],
    ["31 December: December closed", "monthly", "2025-12-31", 12, 12, 12],
    ["after the year", "monthly", "2026-03-01", 12, 12, 12],
    ["quarterly, 31 March: Q1 closed", "quarterly", "2025-03-31", 1, 1, 1],
    ["quarterly, 30 March", "quarterly", "2025-03-30", 0, 1, 1],
    ["quarterly, 25 March", "quarterly", "2025-03-25", 0, 0, 1],
    ["quarterly, 1 April", "quarterly", "2025-04-01", 1, 1, 2],
    ["quarterly, 26 June", "quarterly", "2025-06-26", 1, 2, 2],
    ["quarterly, 30 June", "quarterly", "2025-06-30", 1, 2, 2],
    ["quarterly, 1 July: Q2 closed", "quarterly", "2025-07-01", 2, 2, 3],
    ["quarterly, 31 December", "quarterly", "2025-12-31", 4, 4, 4],
    ["quarterly, after the year", "quarterly", "2026-01-01", 4, 4, 4],
  ])("%s", (_label, cadence, today, closed, due, started) => {
    expect({
      closed: lastClosedIndex(2025, cadence, today, 25, 5),
      due: lastDueIndex(2025, cadence, today, 25),
      started: lastStartedIndex(2025, cadence, today),
    }).toEqual({ closed, due, started });
  });

  it.each<[string, number, number, string, number]>([
    ["grace 0: closed the day after the due day", 25, 0, "2025-03-26", 3],
    ["grace 0, on the due day", 25, 0, "2025-03-25", 2],
    ["due day 28 in February (28 days)", 28, 0, "2025-03-01", 2],
    ["due day 28, grace 3 runs into March", 28, 3, "2025-03-03", 1],
    ["due day 28, grace 3, the day after", 28, 3, "2025-03-04", 2],
    ["a grace of 60 days: 25 January + 60 = 26 March", 25, 60, "2025-03-26", 0],
    ["a grace of 60 days, the day after", 25, 60, "2025-03-27", 1],
  ])("%s", (_label, dueDay, grace, today, closed) => {
    expect(lastClosedIndex(2025, "monthly", today, dueDay, grace)).toBe(closed);
  });
});

describe("lastPeriodMissing: the last closed period inside the window was not handed in", () => {
  const flags = (handedIn: number[]) => zeros(12).map((_, i) => (handedIn.includes(i + 1) ? FLAG_HANDED_IN : 0));
  const s = (over: Partial<AssignmentState> = {}) => ({ firstIndex: 3, lastIndex: 9, completed: false, periodFlags: flags([3, 4]), ...over });
  it.each<[string, ReturnType<typeof s>, number, boolean]>([
    ["nothing closed yet", s(), 0, false],
    ["closed periods all before the window", s(), 2, false],
    ["the window's first period closed and handed in", s(), 3, false],
    ["the window's second period closed and handed in", s(), 4, false],
    ["the third closed and missing", s(), 5, true],
    ["handed in late still counts as handed in", s({ periodFlags: flags([3, 4, 5]) }), 5, false],
    ["past the window: its last period decides (missing)", s(), 11, true],
    ["past the window: its last period decides (handed in)", s({ periodFlags: flags([9]) }), 11, false],
    ["a completed assignment is never missing", s({ completed: true }), 5, false],
    ["no window in the year", s({ firstIndex: null, lastIndex: null }), 5, false],
    ["only the approved bit set does not count as handed in", s({ periodFlags: zeros(12).map((_, i) => (i === 4 ? FLAG_APPROVED : 0)) }), 5, true],
  ])("%s", (_label, state, closedIndex, missing) => {
    expect(lastPeriodMissing(state, closedIndex)).toBe(missing);
  });
});

describe("stateLight", () => {
  // A 100-day window, 2025-01-01 → 2025-04-11: on 2025-02-20 (day 50) 50 % is expected.
  const window = { start: "2025-01-01", due: "2025-04-11" };
  const allHandedIn = zeros(12).map(() => FLAG_HANDED_IN);
  const s = (approvedProgress: number | null, over: Partial<AssignmentState> = {}) => ({ approvedProgress, completed: false, firstIndex: 1, lastIndex: 4, periodFlags: allHandedIn, ...over });
  it.each<[string, ReturnType<typeof s>, string, number, Light]>([
    ["on schedule", s(50), "2025-02-20", 1, "green"],
    ["exactly 10 points behind", s(40), "2025-02-20", 1, "green"],
    ["11 points behind", s(39), "2025-02-20", 1, "yellow"],
    ["exactly 25 points behind", s(25), "2025-02-20", 1, "yellow"],
    ["26 points behind", s(24), "2025-02-20", 1, "red"],
    ["nothing approved on the start day", s(null), "2025-01-01", 0, "green"],
    ["nothing approved 10 % in", s(null), "2025-01-11", 0, "green"],
    ["nothing approved 11 % in", s(null), "2025-01-12", 0, "yellow"],
    ["nothing approved half-way", s(null), "2025-02-20", 1, "red"],
    ["ahead, but January's report missing once January closed", s(80, { periodFlags: zeros(12) }), "2025-02-20", 1, "yellow"],
    ["ahead, January's report missing, January not yet closed", s(80, { periodFlags: zeros(12) }), "2025-01-30", 0, "green"],
    ["26 behind and missing: red wins", s(24, { periodFlags: zeros(12) }), "2025-02-20", 1, "red"],
    ["due today, 95 %", s(95), "2025-04-11", 3, "green"],
    ["due today, 90 % (exactly 10 behind)", s(90), "2025-04-11", 3, "green"],
    ["due yesterday, 99 %", s(99), "2025-04-12", 3, "red"],
    ["past due, 100 % approved but not marked completed", s(100), "2025-04-12", 3, "red"],
    ["past due and completed", s(60, { completed: true }), "2025-06-01", 5, "green"],
    ["completed, nothing handed in", s(100, { completed: true, periodFlags: zeros(12) }), "2025-02-20", 1, "green"],
  ])("%s → %s", (_label, state, today, closedIndex, light) => {
    expect(stateLight(state, window, today, closedIndex)).toBe(light);
  });

  it.each<[string, number, Light]>([
    ["5 behind with green up to 5", 45, "green"],
    ["6 behind with green up to 5, yellow up to 6", 44, "yellow"],
    ["7 behind", 43, "red"],
  ])("custom thresholds: %s", (_label, progress, light) => {
    expect(stateLight(s(progress), window, "2025-02-20", 1, { greenMaxBehind: 5, yellowMaxBehind: 6 })).toBe(light);
  });
});

describe("dayLight: the light kept with the state, its order in the behind list, and the last day it holds", () => {
  // The same 100-day window as stateLight's: on 2025-02-20 (day 50) 50 % is expected.
  const window = { start: "2025-01-01", due: "2025-04-11" };
  const handedIn = zeros(12).map(() => FLAG_HANDED_IN);
  const s = (approvedProgress: number | null, over: Partial<AssignmentState> = {}) => ({ approvedProgress, completed: false, firstIndex: 1, lastIndex: 4, periodFlags: handedIn, ...over });
  it.each<[string, ReturnType<typeof s>, string, number, { light: Light; behindKey: number | null; until: string | null }]>([
    ["green today: no key, holds today only", s(50), "2025-02-20", 1, { light: "green", behindKey: null, until: "2025-02-20" }],
    ["yellow, 11 behind", s(39), "2025-02-20", 1, { light: "yellow", behindKey: 110 + 2000, until: "2025-02-20" }],
    ["yellow by a missing report, 30 ahead", s(80, { periodFlags: zeros(12) }), "2025-02-20", 1, { light: "yellow", behindKey: -300 + 2000, until: "2025-02-20" }],
    ["red, 26 behind", s(24), "2025-02-20", 1, { light: "red", behindKey: 10000 + 260 + 2000, until: "2025-02-20" }],
    ["red, nothing approved half-way", s(null), "2025-02-20", 1, { light: "red", behindKey: 10000 + 500 + 2000, until: "2025-02-20" }],
    ["due today, 70 %: red, not yet overdue", s(70), "2025-04-11", 3, { light: "red", behindKey: 10000 + 300 + 2000, until: "2025-04-11" }],
    ["overdue at 99 %: holds from now on", s(99), "2025-04-12", 3, { light: "red", behindKey: 20000 + 10000 + 10 + 2000, until: null }],
    ["overdue with nothing approved", s(null), "2025-12-31", 12, { light: "red", behindKey: 20000 + 10000 + 1000 + 2000, until: null }],
    ["completed: green from now on", s(60, { completed: true }), "2025-02-20", 1, { light: "green", behindKey: null, until: null }],
    ["completed and past due: green from now on", s(100, { completed: true }), "2025-06-01", 5, { light: "green", behindKey: null, until: null }],
  ])("%s", (_label, state, today, closedIndex, expected) => {
    expect(dayLight(state, window, today, closedIndex)).toEqual(expected);
  });

  it("its light is stateLight's, and its key gives back the behind tenths", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), fc.integer({ min: 0, max: 130 }), fc.boolean(), fc.integer({ min: 0, max: 4 }), (progress, day, missing, closed) => {
        const today = fromDayNumber(dayNumber(window.start) + day);
        const state = s(progress, { periodFlags: missing ? zeros(12) : handedIn });
        const got = dayLight(state, window, today, closed);
        expect(got.light).toBe(stateLight(state, window, today, closed));
        if (got.behindKey !== null) {
          const expected10 = today >= window.due ? 1000 : Math.round(((dayNumber(today) - dayNumber(window.start)) * 1000) / (dayNumber(window.due) - dayNumber(window.start)));
          expect(behindTenthsOfKey(got.behindKey)).toBe(expected10 - 10 * (progress ?? 0));
        }
      }),
    );
  });

  it("the key orders as the behind list does: overdue, then red, then furthest behind", () => {
    const keys = [
      dayLight(s(90), window, "2025-04-12", 3).behindKey!, // overdue, 10 behind
      dayLight(s(0), window, "2025-04-11", 3).behindKey!, // red, 100 behind, due today
      dayLight(s(24), window, "2025-02-20", 1).behindKey!, // red, 26 behind
      dayLight(s(30), window, "2025-02-20", 1).behindKey!, // yellow, 20 behind
      dayLight(s(39), window, "2025-02-20", 1).behindKey!, // yellow, 11 behind
      dayLight(s(90, { periodFlags: zeros(12) }), window, "2025-02-20", 1).behindKey!, // yellow by a missing report, 40 ahead
    ];
    expect([...keys].sort((a, b) => b - a)).toEqual(keys);
  });
});

describe("punctuality: reports due and handed in by their due day over the window", () => {
  const f = FLAG_HANDED_IN | FLAG_ON_TIME;
  const flags = [f, FLAG_HANDED_IN, f, 0, f, f, f, f, f, f, f, f];
  it.each<[string, Pick<AssignmentState, "firstIndex" | "lastIndex" | "periodFlags">, number, { due: number; onTime: number }]>([
    ["nothing due yet", { firstIndex: 1, lastIndex: 12, periodFlags: flags }, 0, { due: 0, onTime: 0 }],
    ["first period due, on time", { firstIndex: 1, lastIndex: 12, periodFlags: flags }, 1, { due: 1, onTime: 1 }],
    ["second handed in late", { firstIndex: 1, lastIndex: 12, periodFlags: flags }, 2, { due: 2, onTime: 1 }],
    ["fourth missing", { firstIndex: 1, lastIndex: 12, periodFlags: flags }, 4, { due: 4, onTime: 2 }],
    ["whole year", { firstIndex: 1, lastIndex: 12, periodFlags: flags }, 12, { due: 12, onTime: 10 }],
    ["a window of periods 3–6", { firstIndex: 3, lastIndex: 6, periodFlags: flags }, 12, { due: 4, onTime: 3 }],
    ["a window starting after the due periods", { firstIndex: 5, lastIndex: 6, periodFlags: flags }, 3, { due: 0, onTime: 0 }],
    ["no window in the year", { firstIndex: null, lastIndex: null, periodFlags: flags }, 12, { due: 0, onTime: 0 }],
    ["the on-time bit alone counts", { firstIndex: 1, lastIndex: 1, periodFlags: [FLAG_ON_TIME] }, 1, { due: 1, onTime: 1 }],
  ])("%s", (_label, state, dueIndex, expected) => {
    expect(punctuality(state, dueIndex)).toEqual(expected);
  });
});

describe("properties", () => {
  const CADENCES: Cadence[] = ["monthly", "quarterly"];
  const day2025 = fc.integer({ min: dayNumber("2024-10-01"), max: dayNumber("2026-03-31") }).map(fromDayNumber);
  const nonComplete = fc.constantFrom<ReportStatus>("on_track", "at_risk", "behind");
  const anyStatus = fc.constantFrom<ReportStatus>("on_track", "at_risk", "behind", "complete");
  const state = fc.constantFrom<ReportState>("draft", "submitted", "returned", "approved");

  /** Reports of distinct periods of 2025 for a cadence, with any state and submission time. */
  const reportsOf = (cadence: Cadence, status = anyStatus) =>
    fc
      .uniqueArray(fc.integer({ min: 0, max: cadence === "monthly" ? 11 : 3 }), { maxLength: cadence === "monthly" ? 12 : 4 })
      .chain((indices) =>
        fc.tuple(...indices.map((i) => fc.tuple(fc.constant(periodsOfYear(2025, cadence)[i]!), state, fc.integer({ min: 0, max: 100 }), status, fc.integer({ min: -20, max: 20 })))),
      )
      .map((rows) =>
        rows.map(([period, st, progress, status, offset]): ReportFacts => {
          const dueOn = periodDueDate(period, 25);
          return { period, state: st, progress, status, dueOn, firstSubmittedAt: st === "draft" ? null : china(`${addDays(dueOn, offset)}T20:00:00`) };
        }),
      );

  const factsOf = (cadence: Cadence) =>
    fc.tuple(day2025, day2025).map(([a, b]): AssignmentFacts => ({ planYear: 2025, cadence, startDate: a < b ? a : b, dueDate: a < b ? b : a, closedAt: null }));

  it("deriveAssignmentState does not depend on the order of the reports", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CADENCES).chain((c) => fc.tuple(factsOf(c), reportsOf(c))),
        ([facts, reports]) => {
          const shuffled = [...reports].reverse();
          const rotated = reports.length > 1 ? [...reports.slice(1), reports[0]!] : reports;
          const a = deriveAssignmentState(facts, reports);
          expect(deriveAssignmentState(facts, shuffled)).toEqual(a);
          expect(deriveAssignmentState(facts, rotated)).toEqual(a);
        },
      ),
    );
  });

  it("deriveAssignmentState does not depend on the order of the reports (any permutation)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CADENCES).chain((c) => fc.tuple(factsOf(c), reportsOf(c))),
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        ([facts, reports], keys) => {
          const permuted = reports.map((r, i) => [keys[i]!, r] as const).sort((x, y) => x[0] - y[0]).map(([, r]) => r);
          expect(deriveAssignmentState(facts, permuted)).toEqual(deriveAssignmentState(facts, reports));
        },
      ),
    );
  });

  it("asOf never falls when approved progress never falls from one period to the next", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CADENCES).chain((c) => fc.tuple(factsOf(c), reportsOf(c, nonComplete))),
        ([facts, generated]) => {
          // Give the approved reports non-decreasing figures in period order.
          const approvedPeriods = generated.filter((r) => r.state === "approved").map((r) => r.period).sort();
          const figures = generated.filter((r) => r.state === "approved").map((r) => r.progress).sort((x, y) => x - y);
          const reports = generated.map((r) => (r.state === "approved" ? { ...r, progress: figures[approvedPeriods.indexOf(r.period)]! } : r));
          const s = deriveAssignmentState(facts, reports);
          for (let i = 1; i < s.asOf.length; i++) expect(s.asOf[i]!).toBeGreaterThanOrEqual(s.asOf[i - 1]!);
        },
      ),
    );
  });

  it("asOf of each period is effectiveProgress(latestApprovedAsOf(period)); the kept approval is latestApprovedAsOf's", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CADENCES).chain((c) => fc.tuple(factsOf(c), reportsOf(c))),
        ([facts, reports]) => {
          const s = deriveAssignmentState(facts, reports);
          periodsOfYear(2025, facts.cadence).forEach((p, i) => expect(s.asOf[i]).toBe(effectiveProgress(latestApprovedAsOf(reports, p))));
          const latest = latestApprovedAsOf(reports);
          expect(s.asOf.at(-1)).toBe(effectiveProgress(latest));
          expect(s.approvedProgress).toBe(latest?.progress ?? null);
          expect(s.completed).toBe(effectiveProgress(latest) === 100);
        },
      ),
    );
  });

  it("flags: on time and approved each imply handed in; handed in exactly where a report was", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CADENCES).chain((c) => fc.tuple(factsOf(c), reportsOf(c))),
        ([facts, reports]) => {
          const s = deriveAssignmentState(facts, reports);
          const byPeriod = new Map(reports.map((r) => [r.period, r]));
          periodsOfYear(2025, facts.cadence).forEach((p, i) => {
            const flags = s.periodFlags[i]!;
            if (flags & (FLAG_ON_TIME | FLAG_APPROVED)) expect(flags & FLAG_HANDED_IN).toBe(FLAG_HANDED_IN);
            expect((flags & FLAG_HANDED_IN) !== 0).toBe(isHandedIn(byPeriod.get(p)?.state));
          });
        },
      ),
    );
  });

  it("closed ≤ due ≤ started, and each grows with the day", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CADENCES), day2025, fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 60 }), (cadence, today, dueDay, grace) => {
        const closed = lastClosedIndex(2025, cadence, today, dueDay, grace);
        const due = lastDueIndex(2025, cadence, today, dueDay);
        const started = lastStartedIndex(2025, cadence, today);
        expect(closed).toBeLessThanOrEqual(due);
        expect(due).toBeLessThanOrEqual(started);
        const tomorrow = addDays(today, 1);
        expect(lastClosedIndex(2025, cadence, tomorrow, dueDay, grace)).toBeGreaterThanOrEqual(closed);
        expect(lastDueIndex(2025, cadence, tomorrow, dueDay)).toBeGreaterThanOrEqual(due);
        expect(lastStartedIndex(2025, cadence, tomorrow)).toBeGreaterThanOrEqual(started);
      }),
    );
  });

  it("more approved progress never makes the light worse", () => {
    const worse: Record<Light, number> = { green: 0, yellow: 1, red: 2 };
    fc.assert(
      fc.property(
        fc.constantFrom(...CADENCES).chain((c) => fc.tuple(factsOf(c), reportsOf(c))),
        day2025,
        fc.integer({ min: 0, max: 99 }),
        ([facts, reports], today, progress) => {
          const s = deriveAssignmentState(facts, reports);
          const closed = lastClosedIndex(2025, facts.cadence, today, 25, 5);
          const w = { start: facts.startDate, due: facts.dueDate };
          const a = stateLight({ ...s, approvedProgress: progress }, w, today, closed);
          const b = stateLight({ ...s, approvedProgress: progress + 1 }, w, today, closed);
          expect(worse[b]).toBeLessThanOrEqual(worse[a]);
        },
      ),
    );
  });

  it("punctuality: on time never exceeds due, and due counts the window's periods due by then", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CADENCES).chain((c) => fc.tuple(factsOf(c), reportsOf(c))),
        fc.integer({ min: 0, max: 12 }),
        ([facts, reports], dueIndex) => {
          const s = deriveAssignmentState(facts, reports);
          const p = punctuality(s, dueIndex);
          expect(p.onTime).toBeLessThanOrEqual(p.due);
          const expectedDue = s.firstIndex === null ? 0 : Math.max(0, Math.min(s.lastIndex!, dueIndex) - s.firstIndex + 1);
          expect(p.due).toBe(expectedDue);
        },
      ),
    );
  });
});
