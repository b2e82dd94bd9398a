import { describe, expect, it } from "vitest";
import {
  isPeriodClosed,
  isPeriodKey,
  nextPeriod,
  periodDueDate,
  periodOf,
  periodRange,
  periodsBetween,
  periodsOfYear,
  previousPeriod,
} from "./periods";
import { addYears, shanghaiDate } from "./dates";

describe("periods", () => {
  it("lists the periods of a year", () => {
    expect(periodsOfYear(2025, "monthly")).toHaveLength(12);
    expect(periodsOfYear(2025, "quarterly")).toEqual(["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
  });
  it("validates keys for a cadence", () => {
    expect(isPeriodKey("2025-03", "monthly")).toBe(true);
    expect(isPeriodKey("2025-13", "monthly")).toBe(false);
    expect(isPeriodKey("2025-Q1", "monthly")).toBe(false);
    expect(isPeriodKey("2025-Q4", "quarterly")).toBe(true);
    expect(isPeriodKey("2025-Q5", "quarterly")).toBe(false);
  });
  it("gives a period's range, leap February included", () => {
    expect(periodRange("2024-02")).toEqual({ start: "2024-02-01", end: "2024-02-29" });
    expect(periodRange("2025-02")).toEqual({ start: "2025-02-01", end: "2025-02-28" });
    expect(periodRange("2025-Q4")).toEqual({ start: "2025-10-01", end: "2025-12-31" });
  });
  it("puts a quarterly report's due day in the quarter's last month", () => {
    expect(periodDueDate("2025-Q1", 25)).toBe("2025-03-25");
    expect(periodDueDate("2025-02", 28)).toBe("2025-02-28");
  });
  it("finds the period of a date and its neighbours", () => {
    expect(periodOf("2025-05-31", "quarterly")).toBe("2025-Q2");
    expect(periodOf("2025-05-31", "monthly")).toBe("2025-05");
    expect(previousPeriod("2025-01")).toBe("2024-12");
    expect(previousPeriod("2025-Q1")).toBe("2024-Q4");
    expect(nextPeriod("2025-12")).toBe("2026-01");
    expect(periodsBetween("2025-02-18", "2025-06-30", "monthly")).toEqual(["2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]);
  });
  it("closes a period after its grace days", () => {
    expect(isPeriodClosed("2025-03", "2025-03-30", 25, 5)).toBe(false);
    expect(isPeriodClosed("2025-03", "2025-03-31", 25, 5)).toBe(true);
  });
});

describe("dates", () => {
  it("moves 29 February a year on to 28 February", () => {
    expect(addYears("2024-02-29", 1)).toBe("2025-02-28");
    expect(addYears("2025-02-18", 1)).toBe("2026-02-18");
  });
  it("reads today in Shanghai", () => {
    expect(shanghaiDate(new Date("2025-12-31T16:00:00Z"))).toBe("2026-01-01");
    expect(shanghaiDate(new Date("2025-12-31T15:59:59Z"))).toBe("2025-12-31");
  });
});
