import { expect, it } from "vitest";
import { retitleForYear, shiftDate } from "./plan-copy";

it("retitles a plan for the next year, leaving other figures alone", () => {
  expect(retitleForYear("2025年全区生态环境保护工作会议重点任务", 2025, 2026)).toBe("2026年全区生态环境保护工作会议重点任务");
  expect(retitleForYear("Key tasks 2025 (12025 kept)", 2025, 2026)).toBe("Key tasks 2026 (12025 kept)");
});

it("moves dates a year on, 29 February to 28 February", () => {
  expect(shiftDate("2024-02-29", 1)).toBe("2025-02-28");
  expect(shiftDate("2025-12-31", 1)).toBe("2026-12-31");
  expect(shiftDate(null, 1)).toBeNull();
});
