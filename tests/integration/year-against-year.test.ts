import { beforeAll, describe, expect, it } from "vitest";
import { getDashboard } from "@/lib/data/dashboard";
import { loadAssignmentProgress } from "@/lib/data/progress-rows";
import { getDb } from "@/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { assignments, plans, yearSnapshots } from "@/db/schema";
import { refreshAssignmentStates } from "@/db/derived-state";
import { NOW, actAs, query, seed } from "../support/fixtures";

/**
 * Year against year carries each year's own figures, lights included, under the same region
 * filter as the rest of the view: every year's row equals that year's own headline, and its red
 * count equals a recount with the TypeScript light rule (lib/domain) over each assignment.
 */
beforeAll(async () => {
  await seed();
});

async function redByRule(year: number, regionCode?: string): Promise<number> {
  const db = await getDb();
  const rows = await loadAssignmentProgress(
    db,
    and(eq(plans.year, year), inArray(plans.state, ["published", "closed"]), regionCode ? eq(assignments.regionCode, regionCode) : sql`true`),
    NOW,
  );
  return rows.filter((r) => r.light === "red").length;
}

describe("year against year", () => {
  it.each([undefined, "150300", "150600"])("region %s: every year's row is that year's headline, red lights included", async (regionCode) => {
    await actAs("leader");
    const viewed = await getDashboard({ year: 2026, regionCode }, NOW);
    expect(viewed.byYear.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    for (const row of viewed.byYear) {
      const own = await getDashboard({ year: row.year, regionCode }, NOW);
      expect({ year: row.year, total: row.total, completed: row.completed, meanProgress: row.meanProgress, green: row.green, yellow: row.yellow, red: row.red }).toEqual({
        year: row.year,
        total: own.headline.total,
        completed: own.headline.completed,
        meanProgress: own.headline.meanProgress,
        green: own.headline.green,
        yellow: own.headline.yellow,
        red: own.headline.red,
      });
      expect(row.red).toBe(await redByRule(row.year, regionCode));
    }
    // The demo's 2024 plan left measures undone past their due date: red is not zero there.
    expect(viewed.byYear.find((y) => y.year === 2024)!.red).toBeGreaterThan(regionCode === undefined ? 0 : -1);
  });
});

describe("year against year from kept snapshots", () => {
  const byYear = async (regionCode?: string) => (await getDashboard({ year: 2026, regionCode }, NOW)).byYear;
  const recomputed = async (regionCode?: string) => {
    await (await getDb()).delete(yearSnapshots);
    return byYear(regionCode);
  };

  it("another year's row is read from its snapshot, and equals the row computed afresh", async () => {
    await actAs("leader");
    const first = await recomputed();
    const kept = await query<{ key: string }>(sql`select key from year_snapshots order by key`);
    // 2024 and 2025 are kept (the viewed year is computed with the view).
    expect(kept.map((k) => JSON.parse(k.key)[0])).toEqual([2024, 2025]);
    // Used while its stamp holds: a doctored row shows, which proves the snapshot is what was read.
    await query(sql`update year_snapshots set row = jsonb_set(row, '{row,total}', '-1') where key like '[2024,%'`);
    expect((await byYear()).find((y) => y.year === 2024)!.total).toBe(-1);
    expect(await recomputed()).toEqual(first);
    expect(await byYear()).toEqual(first);
  });

  it("a write to a past year moves its stamp: that year is computed again, the others are read", async () => {
    await actAs("leader");
    const before = await byYear("150300");
    const db = await getDb();
    const [a] = await query<{ id: number }>(sql`
      select a.id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      join assignment_states st on st.assignment_id = a.id
      where p.year = 2025 and a.region_code = '150300' and st.approved_progress > 0 order by a.id limit 1`);
    await query(sql`update year_snapshots set row = jsonb_set(row, '{row,total}', '-1') where key like '[2024,%'`);
    // Every approved report of it back to no progress, its kept state refreshed in the same transaction (as every write does).
    await db.transaction(async (tx) => {
      await tx.execute(sql`update reports set progress = 0, status = 'behind' where assignment_id = ${a!.id} and state = 'approved'`);
      await refreshAssignmentStates(tx, [Number(a!.id)], NOW);
    });
    const after = await byYear("150300");
    const row = (list: typeof before, year: number) => list.find((y) => y.year === year)!;
    expect(row(after, 2025).meanProgress).toBeLessThan(row(before, 2025).meanProgress);
    // 2024 did not change: still its (doctored) snapshot.
    expect(row(after, 2024).total).toBe(-1);
    const fresh = await recomputed("150300");
    expect(row(fresh, 2025)).toEqual(row(after, 2025));
    expect(row(fresh, 2024)).toEqual(row(before, 2024));
  });
});
