import { beforeAll, describe, expect, it } from "vitest";
import { getDashboard } from "@/lib/data/dashboard";
import { NOW, actAs, seed } from "../support/fixtures";
import before from "./fixtures/demo-figures-before-progress-core.json";

/**
 * The demo shows the same figures as before the progress core: these were recorded from the
 * previous implementation (which recomputed every report on every request) on the same seed at
 * the same instant. A change of any figure here is a change of a rule, to be made on purpose.
 */
type Recorded = {
  headline: Record<string, number | string | null>;
  byRegion: (string | number | null)[][];
  byTask: (string | number)[][];
  byPeriod: (string | number)[][];
  behindCount: number;
};
const recorded = before as unknown as Record<string, Recorded>;

beforeAll(async () => {
  await seed();
});

describe("the demo's figures are those of the previous implementation", () => {
  it.each([2024, 2025, 2026])("%i", async (year) => {
    await actAs("leader");
    const d = await getDashboard({ year }, NOW);
    const was = recorded[year]!;
    const { currentPeriod, ...h } = d.headline;
    expect({ total: h.total, completed: h.completed, meanProgress: h.meanProgress, onTime: h.onTime, green: h.green, yellow: h.yellow, red: h.red, missingThisPeriod: h.missingThisPeriod, currentPeriod }).toEqual(was.headline);
    const byCode = (rows: (string | number | null)[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byCode(d.byRegion.map((r) => [r.regionCode, r.total, r.completed, r.meanProgress, r.green, r.yellow, r.red, r.rank, r.previousRank]))).toEqual(byCode(was.byRegion));
    expect(d.byTask.map((t) => [t.number, t.total, t.completed, t.meanProgress, t.green, t.yellow, t.red])).toEqual(was.byTask);
    expect(d.byPeriod.map((p) => [p.period, Math.round(p.completionRate * 10000) / 10000, p.meanProgress])).toEqual(was.byPeriod);
    expect(d.behindCount).toBe(was.behindCount);
  });
});
