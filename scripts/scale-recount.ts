import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { RegionRow } from "@/lib/data/dashboard";

/** One league-city's county assignments of a year, counted from the raw reports. */
export type LeagueRecount = { league: string; total: number; completed: number; progressSum: number };

/** A row of the dashboard's province view, as far as the recount checks it. */
export type ProvinceRow = Pick<RegionRow, "regionCode" | "level" | "total" | "completed" | "meanProgress">;

/**
 * The year's county assignments per league-city, counted straight from the raw tables (plans, tasks,
 * assignments, regions, reports) without anything the app derives or keeps: the latest approved
 * report of each assignment, complete when it says 100 % or complete or the assignment is closed,
 * each county rolled up through regions.parent_code. Written apart from the app's rules on purpose,
 * so that a rule broken there shows as a difference here.
 */
export async function recountLeagueCities(db: Executor, year: number): Promise<Map<string, LeagueRecount>> {
  const result = await db.execute(sql`
    with year_assignments as (
      select a.id, a.closed_at, rg.parent_code as league
      from assignments a
      join tasks t on t.id = a.task_id
      join plans p on p.id = t.plan_id
      join regions rg on rg.code = a.region_code
      where p.year = ${year} and p.state in ('published', 'closed') and t.archived_at is null and rg.level = 'banner_county'
    ),
    latest as (
      select distinct on (r.assignment_id) r.assignment_id, r.progress, r.status
      from reports r join year_assignments y on y.id = r.assignment_id
      where r.state = 'approved'
      order by r.assignment_id, r.period desc
    ),
    judged as (
      select y.league, (y.closed_at is not null or l.progress >= 100 or l.status = 'complete') as complete, coalesce(l.progress, 0) as progress
      from year_assignments y left join latest l on l.assignment_id = y.id
    )
    select league, count(*)::int as total, (count(*) filter (where complete))::int as completed,
      sum(case when complete then 100 else progress end)::bigint as progress_sum
    from judged group by league`);
  const rows = (result as unknown as { rows: { league: string; total: number; completed: number; progress_sum: string | number }[] }).rows;
  return new Map(rows.map((r) => [r.league, { league: r.league, total: r.total, completed: r.completed, progressSum: Number(r.progress_sum) }]));
}

/**
 * Where the province view and the recount disagree, in words (none when they agree): every row a
 * league-city, each league-city of the recount shown once, and each shown row's assignments,
 * completed ones and mean progress (one decimal, as the view rounds it) equal to the recount's.
 */
export function provinceDifferences(view: readonly ProvinceRow[], recount: ReadonlyMap<string, LeagueRecount>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of view) {
    if (r.level !== "league_city") out.push(`${r.regionCode}: a ${r.level} row on the province view`);
    if (seen.has(r.regionCode)) out.push(`${r.regionCode}: shown twice`);
    seen.add(r.regionCode);
    const e = recount.get(r.regionCode);
    if (!e) {
      out.push(`${r.regionCode}: shown, but the recount has no county assignment under it`);
      continue;
    }
    const meanProgress = Math.round((e.progressSum / e.total) * 10) / 10;
    for (const [field, shown, counted] of [
      ["assignments", r.total, e.total],
      ["completed", r.completed, e.completed],
      ["mean progress", r.meanProgress, meanProgress],
    ] as const) {
      if (shown !== counted) out.push(`${r.regionCode}: ${field} ${shown} shown, ${counted} recounted`);
    }
  }
  for (const league of recount.keys()) if (!seen.has(league)) out.push(`${league}: recounted, but not on the province view`);
  return out;
}
