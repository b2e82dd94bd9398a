import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { getDashboard } from "@/lib/data/dashboard";
import { provinceDifferences, recountLeagueCities } from "../../scripts/scale-recount";
import { seedScale } from "../../scripts/seed-scale";
import { NOW, actAs } from "../support/fixtures";

/**
 * The scale data (counties under the 12 league-cities, made by `npm run seed:scale`, small here):
 * the province view shows the 12 league-cities, and their figures equal an independent recount
 * straight from the raw reports, each county rolled up through regions.parent_code.
 */
beforeAll(async () => {
  await seedScale(await getDb(), { counties: 48, measures: 7, years: 2, now: NOW, password: "scale-test-1", batch: 500, log: () => undefined });
}, 300_000);

describe("national-scale data, rolled up", () => {
  it.each([2025, 2026])("%i: 12 league-cities whose figures equal a recount from the raw reports", async (year) => {
    await actAs("leader");
    const d = await getDashboard({ year }, NOW, { useCache: false });
    const expected = await recountLeagueCities(await getDb(), year);
    expect(expected.size).toBe(12);
    expect(d.byRegion).toHaveLength(12);
    expect(provinceDifferences(d.byRegion, expected)).toEqual([]);
    // And the comparison sees a difference: one completed too many, a county row, a league-city left out.
    const [first, second, ...rest] = d.byRegion;
    const doctored = [{ ...first!, completed: first!.completed + 1 }, { ...second!, level: "banner_county" as const }, ...rest.slice(1)];
    expect(provinceDifferences(doctored, expected)).toEqual([
      `${first!.regionCode}: completed ${first!.completed + 1} shown, ${first!.completed} recounted`,
      `${second!.regionCode}: a banner_county row on the province view`,
      `${rest[0]!.regionCode}: recounted, but not on the province view`,
    ]);
    const counted = [...expected.values()];
    expect(d.headline.total).toBe(counted.reduce((n, e) => n + e.total, 0));
    expect(d.headline.completed).toBe(counted.reduce((n, e) => n + e.completed, 0));
    // The ranking ranks the league-cities, 1…12 at most.
    expect(Math.max(...d.byRegion.map((r) => r.rank))).toBeLessThanOrEqual(12);
  });

  it("a league-city's view lists its own counties, and their figures add up to its row", async () => {
    await actAs("leader");
    const province = await getDashboard({ year: 2026 }, NOW);
    const city = province.byRegion[0]!;
    const d = await getDashboard({ year: 2026, regionCode: city.regionCode }, NOW);
    expect(d.byRegion.length).toBeGreaterThan(1);
    expect(d.byRegion.every((r) => r.level === "banner_county")).toBe(true);
    expect(d.byRegion.reduce((n, r) => n + r.total, 0)).toBe(city.total);
    expect(d.byRegion.reduce((n, r) => n + r.completed, 0)).toBe(city.completed);
  });
});
