import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { getDashboard } from "@/lib/data/dashboard";
import { seedScale } from "../../scripts/seed-scale";
import { NOW, actAs, query } from "../support/fixtures";

/**
 * The scale data (counties under the 12 league-cities, made by `npm run seed:scale`, small here):
 * the province view shows the 12 league-cities, and their figures equal an independent recount
 * straight from the raw reports, each county rolled up through regions.parent_code.
 */
beforeAll(async () => {
  await seedScale(await getDb(), { counties: 48, measures: 7, years: 2, now: NOW, password: "scale-test-1", batch: 500, log: () => undefined });
}, 300_000);

type Recount = { league: string; total: number; completed: number; progress_sum: number };

async function recount(year: number): Promise<Map<string, Recount>> {
  const rows = await query<Recount>(sql`
    with latest as (
      select distinct on (r.assignment_id) r.assignment_id, r.progress, r.status
      from reports r where r.state = 'approved' order by r.assignment_id, r.period desc
    )
    select coalesce(rg.parent_code, rg.code) as league, count(*)::int as total,
      (count(*) filter (where a.closed_at is not null or l.progress >= 100 or l.status = 'complete'))::int as completed,
      coalesce(sum(case when a.closed_at is not null or l.progress >= 100 or l.status = 'complete' then 100 else coalesce(l.progress, 0) end), 0)::int as progress_sum
    from assignments a
    join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
    join regions rg on rg.code = a.region_code
    left join latest l on l.assignment_id = a.id
    where p.year = ${year} and p.state in ('published', 'closed') and t.archived_at is null and rg.level = 'banner_county'
    group by 1`);
  return new Map(rows.map((r) => [r.league, r]));
}

describe("national-scale data, rolled up", () => {
  it.each([2025, 2026])("%i: 12 league-cities whose figures equal a recount from the raw reports", async (year) => {
    await actAs("leader");
    const d = await getDashboard({ year }, NOW, { useCache: false });
    const expected = await recount(year);
    expect(d.byRegion).toHaveLength(12);
    expect(d.byRegion.every((r) => r.level === "league_city")).toBe(true);
    for (const r of d.byRegion) {
      const e = expected.get(r.regionCode)!;
      expect({ region: r.regionCode, total: r.total, completed: r.completed, meanProgress: r.meanProgress }).toEqual({
        region: r.regionCode,
        total: e.total,
        completed: e.completed,
        meanProgress: Math.round((e.progress_sum / e.total) * 10) / 10,
      });
    }
    const all = [...expected.values()].reduce((n, e) => n + e.total, 0);
    expect(d.headline.total).toBe(all);
    expect(d.headline.completed).toBe([...expected.values()].reduce((n, e) => n + e.completed, 0));
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
