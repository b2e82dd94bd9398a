import { describe, expect, it } from "vitest";
import { expectedProgress, isComplete, statusLight, yearExpectedCurve, yearExpectedProgress, type LightInput } from "./progress";

describe("expectedProgress", () => {
  it.each([
    ["before the start", "2025-01-01", "2025-12-31", "2024-12-31", 0],
    ["on the start day", "2025-01-01", "2025-12-31", "2025-01-01", 0],
    ["half-way through a 10-day window", "2025-01-01", "2025-01-11", "2025-01-06", 50],
    ["on the due day", "2025-01-01", "2025-12-31", "2025-12-31", 100],
    ["after the due day", "2025-01-01", "2025-12-31", "2026-01-05", 100],
    ["a one-day window before it", "2025-03-01", "2025-03-01", "2025-02-28", 0],
    ["a one-day window on it", "2025-03-01", "2025-03-01", "2025-03-01", 100],
    // 2024 is a leap year: 29 Feb is day 59 of a 365-day window (1 Jan → 31 Dec).
    ["leap year, 29 February", "2024-01-01", "2024-12-31", "2024-02-29", 16.2],
    ["leap year, 1 March", "2024-01-01", "2024-12-31", "2024-03-01", 16.4],
  ])("%s", (_label, start, due, on, expected) => {
    expect(expectedProgress(start, due, on)).toBe(expected);
  });
});

describe("isComplete", () => {
  it("needs an approved report", () => expect(isComplete(null)).toBe(false));
  it("is complete at 100 %", () => expect(isComplete({ progress: 100 })).toBe(true));
  it("is complete when marked complete", () => expect(isComplete({ progress: 90, status: "complete" })).toBe(true));
  it("is not complete at 99 %", () => expect(isComplete({ progress: 99, status: "on_track" })).toBe(false));
});

describe("statusLight", () => {
  // A 100-day window: 2025-01-01 → 2025-04-11; on 2025-02-20 (day 50) 50 % is expected.
  const base: LightInput = { progress: 50, completed: false, start: "2025-01-01", due: "2025-04-11", on: "2025-02-20" };
  it.each<[string, Partial<LightInput>, string]>([
    ["on schedule", {}, "green"],
    ["exactly 10 points behind", { progress: 40 }, "green"],
    ["10.x points behind", { progress: 39 }, "yellow"],
    ["exactly 25 points behind", { progress: 25 }, "yellow"],
    ["more than 25 behind", { progress: 24 }, "red"],
    ["no report yet, early in the window", { progress: null, on: "2025-01-05" }, "green"],
    ["no report yet, late in the window", { progress: null }, "red"],
    ["ahead but the last period's report missing", { progress: 80, lastPeriodMissing: true }, "yellow"],
    ["due today, not complete, on track", { progress: 95, on: "2025-04-11" }, "green"],
    ["due yesterday, not complete", { progress: 99, on: "2025-04-12" }, "red"],
    ["past due but complete", { progress: 100, completed: true, on: "2025-05-01" }, "green"],
    ["100 % reported but not approved", { progress: 60, completed: false, on: "2025-04-12" }, "red"],
    ["custom thresholds", { progress: 43, thresholds: { greenMaxBehind: 5, yellowMaxBehind: 6 } }, "red"],
  ])("%s → %s", (_label, over, light) => {
    expect(statusLight({ ...base, ...over })).toBe(light);
  });
});

describe("yearExpectedProgress (the dashboard's 应达进度 line)", () => {
  it.each([
    ["before the year", 2025, "2024-12-31", 0],
    ["on 1 January", 2025, "2025-01-01", 0],
    ["on 2 July, half-way through 2025", 2025, "2025-07-02", 50],
    ["on 31 December", 2025, "2025-12-31", 100],
    ["after the year", 2025, "2026-03-01", 100],
    ["on 1 July of a leap year", 2024, "2024-07-01", 49.9],
  ] as const)("%s", (_, year, on, expected) => {
    expect(yearExpectedProgress(year, on)).toBe(expected);
  });

  it("stands at today in the current period and at each end before it", () => {
    expect(yearExpectedCurve(2025, ["2025-01-31", "2025-02-28", "2025-03-31"], "2025-03-10")).toEqual([
      yearExpectedProgress(2025, "2025-01-31"),
      yearExpectedProgress(2025, "2025-02-28"),
      yearExpectedProgress(2025, "2025-03-10"),
    ]);
    expect(yearExpectedCurve(2025, ["2025-01-31"], "2025-03-10")[0]).toBe(8.2);
  });
});
