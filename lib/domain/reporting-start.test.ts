import { describe, expect, it } from "vitest";
import { assignedStart } from "./reporting";

describe("assignedStart: an assignment starts on the day it is given", () => {
  const task = { startDate: "2026-03-01", dueDate: "2026-12-31" };
  it.each([
    ["given mid-year: that day (Shanghai), not the task's start", new Date("2026-11-24T02:00:00Z"), "2026-11-24"],
    ["late evening UTC is already the next day in Shanghai", new Date("2026-11-23T17:00:00Z"), "2026-11-24"],
    ["given before the task starts: the task's start", new Date("2026-01-10T02:00:00Z"), "2026-03-01"],
    ["given after the task's due day: its due day (never an empty window)", new Date("2027-02-01T02:00:00Z"), "2026-12-31"],
  ])("%s", (_name, now, expected) => {
    expect(assignedStart(task, now)).toBe(expected);
  });
});
