import { describe, expect, it } from "vitest";
import { cronOf, deadlineStage, dueSlot, escapeHtml, isoWeek, isoWeekday, JOB_SCHEDULES, nextRun, renderMessage, retryDelayMs, slotOf } from "./reminders";

describe("schedule", () => {
  it("weekdays and ISO weeks", () => {
    expect(isoWeekday("2026-11-23")).toBe(1); // a Monday
    expect(isoWeekday("2026-11-29")).toBe(7);
    expect(isoWeek("2026-11-23")).toBe("2026-W48");
    expect(isoWeek("2026-01-01")).toBe("2026-W01");
    expect(isoWeek("2027-01-01")).toBe("2026-W53");
  });
  it.each([
    // [job, now (UTC), due slot, next run (UTC)]
    ["due-soon", "2026-11-22T00:30:00Z", "2026-11-22", "2026-11-23T00:00:00.000Z"], // 08:30 China: today's 08:00 has passed
    ["due-soon", "2026-11-21T23:30:00Z", null, "2026-11-22T00:00:00.000Z"], // 07:30 China on the 22nd
    ["due-soon", "2026-11-21T15:59:00Z", "2026-11-21", "2026-11-22T00:00:00.000Z"], // 23:59 China on the 21st
    ["digest", "2026-11-25T04:00:00Z", "2026-W48", "2026-11-30T00:00:00.000Z"], // a Wednesday: Monday's digest is this week's slot
    ["digest", "2026-11-22T04:00:00Z", "2026-W47", "2026-11-23T00:00:00.000Z"], // a Sunday
    ["period-close", "2026-11-22T04:00:00Z", "2026-11-22", "2026-11-22T17:00:00.000Z"],
    ["lights", "2026-11-21T16:04:00Z", null, "2026-11-21T16:05:00.000Z"], // 00:04 China on the 22nd: the day's lights not yet
    ["lights", "2026-11-21T16:05:00Z", "2026-11-22", "2026-11-22T16:05:00.000Z"], // 00:05 China: the new day's lights
  ] as const)("%s at %s: slot %s, next %s", (job, now, slot, next) => {
    expect(dueSlot(job, new Date(now))).toBe(slot);
    expect(nextRun(job, new Date(now)).toISOString()).toBe(next);
  });
  it("slots and cron lines", () => {
    expect(slotOf("overdue", new Date("2026-11-22T17:00:00Z"))).toBe("2026-11-23");
    expect(slotOf("digest", new Date("2026-11-22T17:00:00Z"))).toBe("2026-W48");
    expect(cronOf(JOB_SCHEDULES.digest)).toBe("0 8 * * 1");
    expect(cronOf(JOB_SCHEDULES.overdue)).toBe("30 8 * * *");
  });
});

describe("deadline stage", () => {
  it.each([
    ["2026-11-21", null],
    ["2026-11-22", "due_soon"],
    ["2026-11-25", "due_soon"],
    ["2026-11-26", "overdue"],
    ["2026-11-30", "overdue"],
    ["2026-12-01", "escalated"],
  ] as const)("due 25 Nov, 3 days before, escalate after 5: %s → %s", (today, stage) => {
    expect(deadlineStage(today, "2026-11-25", 3, 5)).toBe(stage);
  });
});

describe("retries and messages", () => {
  it("backs off by doubling, at most an hour", () => {
    expect([1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000, 3_600_000]);
  });
  it("renders text and escaped HTML with the link", () => {
    const m = renderMessage({ kind: "即将到期", open: "打开", footer: "督办系统" }, { title: "2.1 <蓝天>", body: "2026-11 · 2026-11-25", url: "http://x/my-region?period=2026-11" });
    expect(m.subject).toBe("【即将到期】2.1 <蓝天>");
    expect(m.text).toContain("打开: http://x/my-region?period=2026-11");
    expect(m.html).toContain("2.1 &lt;蓝天&gt;");
    expect(m.html).toContain('href="http://x/my-region?period=2026-11"');
    expect(escapeHtml(`"'&`)).toBe("&quot;&#39;&amp;");
  });
});
