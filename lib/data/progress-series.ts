import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db";
import { assignments, plans, reports, tasks } from "@/db/schema";
import { periodRange, periodsOfYear, type Cadence } from "@/lib/domain/periods";
import { rollup } from "@/lib/domain/rollup";

export type PeriodPoint = { period: string; month: number; completionRate: number; meanProgress: number };

/**
 * Completion and mean progress as of each period of the year, from the latest approved report
 * up to that period (a LATERAL join per assignment and period, one query).
 */
export async function progressByPeriod(db: Database, where: SQL | undefined, year: number, cadence: Cadence, today: string): Promise<PeriodPoint[]> {
  const periods = periodsOfYear(year, cadence).filter((p) => periodRange(p).start <= today);
  if (periods.length === 0) return [];
  const values = sql.join(periods.map((p) => sql`(${p})`), sql`, `);
  const rows = await db.execute(sql`
    select p.period,
      count(*)::int as total,
      (count(*) filter (where l.progress >= 100 or l.status = 'complete'))::int as completed,
      coalesce(sum(case when l.progress >= 100 or l.status = 'complete' then 100 else l.progress end), 0)::int as progress_sum
    from (values ${values}) as p(period)
    cross join ${assignments}
    join ${tasks} on ${tasks.id} = ${assignments.taskId}
    join ${plans} on ${plans.id} = ${tasks.planId}
    left join lateral (
      select r.progress, r.status from ${reports} r
      where r.assignment_id = ${assignments.id} and r.state = 'approved' and r.period <= p.period
      order by r.period desc limit 1
    ) l on true
    where ${where ?? sql`true`}
    group by p.period
    order by p.period`);
  return (rows as unknown as { rows: { period: string; total: number; completed: number; progress_sum: number }[] }).rows.map((r) => {
    const roll = rollup({ total: r.total, completed: r.completed, progressSum: r.progress_sum });
    const month = r.period.includes("Q") ? Number(r.period.slice(-1)) * 3 : Number(r.period.slice(5, 7));
    return { period: r.period, month, completionRate: roll.completionRate, meanProgress: roll.meanProgress };
  });
}

