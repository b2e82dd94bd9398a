import { describe, expect, it } from "vitest";
import { reportDraftSchema } from "./report";

const draft = { assignmentId: 1, period: "2026-11", progress: 50, status: "on_track" };

describe("reportDraftSchema's indicator values", () => {
  it("takes each indicator once, none, or up to 100", () => {
    expect(reportDraftSchema.safeParse({ ...draft, indicatorValues: [{ indicatorId: 1, value: 1 }, { indicatorId: 2, value: null }] }).success).toBe(true);
    expect(reportDraftSchema.parse(draft).indicatorValues).toEqual([]);
    expect(reportDraftSchema.safeParse({ ...draft, indicatorValues: Array.from({ length: 100 }, (_, i) => ({ indicatorId: i + 1, value: i })) }).success).toBe(true);
  });

  it("refuses the same indicator twice (one value each: the write upserts by indicator)", () => {
    const r = reportDraftSchema.safeParse({ ...draft, indicatorValues: [{ indicatorId: 7, value: 1 }, { indicatorId: 7, value: 2 }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["indicatorValues", "duplicateIndicator"]]);
  });

  it("refuses more than 100", () => {
    expect(reportDraftSchema.safeParse({ ...draft, indicatorValues: Array.from({ length: 101 }, (_, i) => ({ indicatorId: i + 1, value: i })) }).success).toBe(false);
  });
});
