import { describe, expect, it } from "vitest";
import { countLights, rank, rollup, worstLight } from "./rollup";

describe("rollup", () => {
  it("computes rates over a region", () => {
    const r = rollup({ total: 4, completed: 1, progressSum: 250, completedOnTime: 1, lights: { green: 2, red: 2 }, reportsDue: 10, reportsOnTime: 7 });
    expect(r).toMatchObject({ completionRate: 0.25, meanProgress: 62.5, onTimeRate: 1, green: 2, yellow: 0, red: 2, punctuality: 0.7 });
  });
  it("does not divide by zero", () => {
    expect(rollup({ total: 0, completed: 0, progressSum: 0 })).toMatchObject({ completionRate: 0, meanProgress: 0, onTimeRate: null, punctuality: null });
  });
  it("counts lights", () => {
    expect(countLights(["red", "green", "red"])).toEqual({ green: 1, yellow: 0, red: 2 });
  });
  it("ranks by completion, then mean progress, ties sharing a rank", () => {
    const ranked = rank([
      { id: "a", completionRate: 0.5, meanProgress: 70 },
      { id: "b", completionRate: 0.5, meanProgress: 80 },
      { id: "c", completionRate: 0.9, meanProgress: 10 },
      { id: "d", completionRate: 0.5, meanProgress: 70 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([["c", 1], ["b", 2], ["a", 3], ["d", 3]]);
  });
});

describe("worstLight", () => {
  it.each<[("green" | "yellow" | "red")[], string]>([
    [[], "green"],
    [["green", "green"], "green"],
    [["green", "yellow"], "yellow"],
    [["yellow", "red", "green"], "red"],
  ])("%j → %s", (lights, expected) => expect(worstLight(lights)).toBe(expected));
});
