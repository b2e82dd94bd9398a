import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { leagueOfSql } from "@/lib/data/progress-core";
import { query, seed } from "../support/fixtures";

// Migration 0015: statistics on the league-city expression every roll-up groups by, so that the
// planner hashes a province's cells into a few groups instead of sorting them as if each were one.
beforeAll(async () => {
  await seed();
  // Ten banner-counties under each league-city (the demo has none), as a province has.
  await query(sql`
    insert into regions (code, name_zh, name_en, level, parent_code, sort_order)
    select l.code || lpad(n::text, 2, '0'), l.name_zh || '第' || n || '旗', l.name_en || ' banner ' || n, 'banner_county', l.code, n
    from regions l cross join generate_series(1, 10) n
    where l.level = 'league_city'`);
});

describe("the planner knows how many league-city groups the regions make", () => {
  it("estimates grouping by leagueOfSql near the real count, not one group per region", async () => {
    await query(sql`analyze regions`);
    const [{ regions, leagues }] = await query<{ regions: number; leagues: number }>(sql`
      select count(*)::int as regions, count(distinct ${leagueOfSql("rg")})::int as leagues from regions rg`) as [{ regions: number; leagues: number }];
    expect(regions).toBeGreaterThan(leagues * 3);
    const [row] = await query<Record<string, unknown>>(sql`explain (format json) select 1 from regions rg group by ${leagueOfSql("rg")}`);
    const raw = Object.values(row!)[0];
    const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: { "Plan Rows": number } }[];
    const estimated = plan[0]!.Plan["Plan Rows"];
    // Without the statistics the estimate is the product of its columns' distinct counts, capped at the rows.
    expect(estimated).toBeLessThanOrEqual(leagues * 2);
  });

  it("keeps the statistics object the migration made", async () => {
    const rows = await query<{ name: string }>(sql`select stxname as name from pg_statistic_ext where stxname = 'regions_league_expr'`);
    expect(rows).toHaveLength(1);
  });
});
