import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDashboard } from "@/lib/data/dashboard";
import { NOW, actAs, query, seed } from "../support/fixtures";

type Raw = { assignment_id: number; region_code: string; top_task: number; closed: boolean; period: string | null; progress: number | null; status: string | null };

/** An independent recount, straight from the rows: every approved report is loaded and the latest picked in JavaScript. */
async function recount(year: number) {
  const rows = await query<Raw>(sql`
    select a.id as assignment_id, a.region_code, coalesce(t.parent_id, t.id) as top_task, a.closed_at is not null as closed,
      r.period, r.progress, r.status
    from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
    left join reports r on r.assignment_id = a.id and r.state = 'approved'
    where p.year = ${year}`);
  const latest = new Map<number, Raw>();
  for (const r of rows) {
    const prev = latest.get(r.assignment_id);
    if (!prev || (r.period !== null && (prev.period === null || r.period > prev.period))) latest.set(r.assignment_id, r);
  }
  const groups = { region: new Map<string, number[][]>(), task: new Map<number, number[][]>() };
  const all: number[][] = [];
  for (const r of latest.values()) {
    const done = r.closed || (r.progress ?? 0) >= 100 || r.status === "complete";
    const entry = [done ? 1 : 0, done ? 100 : (r.progress ?? 0)];
    all.push(entry);
    groups.region.set(r.region_code, [...(groups.region.get(r.region_code) ?? []), entry]);
    groups.task.set(r.top_task, [...(groups.task.get(r.top_task) ?? []), entry]);
  }
  const sum = (list: number[][]) => ({
    total: list.length,
    completed: list.reduce((n, e) => n + e[0]!, 0),
    meanProgress: Math.round((list.reduce((n, e) => n + e[1]!, 0) / list.length) * 10) / 10,
  });
  return { all: sum(all), region: new Map([...groups.region].map(([k, v]) => [k, sum(v)])), task: new Map([...groups.task].map(([k, v]) => [k, sum(v)])) };
}

beforeAll(async () => {
  await seed();
});

describe("the dashboard's numbers equal an independent recount", () => {
  it.each([2024, 2025, 2026])("%i: every region, every key task and the headline", async (year) => {
    await actAs("leader");
    const d = await getDashboard({ year }, NOW);
    const expected = await recount(year);
    expect(d.byRegion).toHaveLength(12);
    for (const r of d.byRegion) {
      const e = expected.region.get(r.regionCode)!;
      expect({ total: r.total, completed: r.completed, meanProgress: r.meanProgress }, r.regionCode).toEqual(e);
      expect(r.completionRate).toBeCloseTo(e.completed / e.total, 10);
      expect(r.green + r.yellow + r.red).toBe(r.total);
    }
    expect(d.byTask.length).toBe(expected.task.size);
    for (const t of d.byTask) expect({ total: t.total, completed: t.completed, meanProgress: t.meanProgress }, t.number).toEqual(expected.task.get(t.taskId));
    expect({ total: d.headline.total, completed: d.headline.completed, meanProgress: d.headline.meanProgress }).toEqual(expected.all);
    // The ranking orders by completion rate, then mean progress.
    for (let i = 1; i < d.byRegion.length; i++) {
      const [a, b] = [d.byRegion[i - 1]!, d.byRegion[i]!];
      expect(a.completionRate > b.completionRate || (a.completionRate === b.completionRate && a.meanProgress >= b.meanProgress)).toBe(true);
    }
  });

  it("progress over the periods ends where the year ends", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2025 }, NOW);
    expect(d.byPeriod.map((p) => p.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`));
    const last = d.byPeriod.at(-1)!;
    expect(last.meanProgress).toBe(d.headline.meanProgress);
    expect(last.completionRate).toBeCloseTo(d.headline.completionRate, 10);
    for (let i = 1; i < d.byPeriod.length; i++) expect(d.byPeriod[i]!.meanProgress).toBeGreaterThanOrEqual(d.byPeriod[i - 1]!.meanProgress);
    const q = await getDashboard({ year: 2024 }, NOW);
    expect(q.byPeriod.map((p) => p.month)).toEqual([3, 6, 9, 12]);
    expect(d.byYear.map((y) => y.year)).toEqual([2024, 2025, 2026]);
  });

  it("filters by key task and region, and the matrix covers region × task", async () => {
    await actAs("leader");
    const all = await getDashboard({ year: 2025 }, NOW);
    const task = all.byTask[1]!;
    const d = await getDashboard({ year: 2025, taskId: task.taskId }, NOW);
    expect(d.headline.total).toBe(task.total);
    expect(d.byTask.map((t) => t.taskId)).toEqual([task.taskId]);
    const r = await getDashboard({ year: 2025, regionCode: "150600" }, NOW);
    expect(r.byRegion.map((x) => x.regionCode)).toEqual(["150600"]);
    expect(all.matrix).toHaveLength(12 * all.byTask.length);
    expect(all.behind.every((b) => b.light !== "green")).toBe(true);
  });

  it("the current year has a ranking change and reports missing this period", async () => {
    await actAs("staff");
    const d = await getDashboard({ year: 2026 }, NOW);
    expect(d.rankingPeriods).toEqual({ current: "2026-10", previous: "2026-09" });
    expect(d.byRegion.every((r) => r.previousRank !== null)).toBe(true);
    expect(d.headline.currentPeriod).toBe("2026-11");
    expect(d.headline.missingThisPeriod).toBeGreaterThan(0);
  });

  it.each([
    ["bureau-150100", 403],
    [null, 401],
  ] as const)("%s may not open it", async (who, status) => {
    await actAs(who);
    await expect(getDashboard({ year: 2025 }, NOW)).rejects.toMatchObject({ status });
  });
});
