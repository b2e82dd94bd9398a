import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, getDbHandle } from "@/db";
import { auditLog } from "@/db/schema";
import { query, seed } from "../support/fixtures";

async function count(table: string): Promise<number> {
  const [row] = await query<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return row!.n;
}

const tables = ["regions", "users", "plans", "tasks", "indicators", "indicator_region_targets", "assignments", "reports", "report_versions", "report_indicator_values", "audit_log"];

describe("schema and demo seed", () => {
  beforeAll(async () => {
    await getDbHandle();
  });

  it("applies the migrations to an empty database", async () => {
    const res = await query(sql`select table_name from information_schema.tables where table_schema = 'public'`);
    const names = res.map((r) => (r as { table_name: string }).table_name);
    for (const t of [...tables, "attachments", "notifications"]) expect(names).toContain(t);
    for (const t of tables) expect(await count(t)).toBe(0);
  });

  it("loads the demo data derived from the seeds", async () => {
    await seed();
    expect(await count("regions")).toBe(13);
    // admin, staff, leader, 12 bureaus, and (三员分立) secadmin and auditor.
    expect(await count("users")).toBe(17);
    const plans = await query(sql`select year, cadence, state, is_demo from plans order by year`);
    expect(plans).toEqual([
      { year: 2024, cadence: "quarterly", state: "closed", is_demo: false },
      { year: 2025, cadence: "monthly", state: "closed", is_demo: false },
      { year: 2026, cadence: "monthly", state: "published", is_demo: true },
    ]);
    // The 2025 plan: the seven tasks of the conference, each with its measures, all assigned to the 12 league-cities.
    const top = await query(sql`select t.title from tasks t join plans p on p.id = t.plan_id where p.year = 2025 and t.parent_id is null order by t.sort_order`);
    expect(top).toHaveLength(7);
    expect((top[1] as { title: string }).title).toBe("在深入打好污染防治攻坚战上有作为、见实效");
    const perLeaf = await query(sql`
      select count(distinct a.region_code)::int as regions from tasks t join plans p on p.id = t.plan_id
      left join assignments a on a.task_id = t.id
      where not exists (select 1 from tasks c where c.parent_id = t.id) group by t.id`);
    expect(perLeaf.every((r) => (r as { regions: number }).regions === 12)).toBe(true);
    const indicators = await query(sql`select name from indicators where name like '%优良天数%'`);
    expect(indicators.length).toBeGreaterThanOrEqual(2);
    // A history that differs by region, and a current period with work still to do.
    const spread = await query(sql`
      select a.region_code, avg(r.progress)::float as mean from reports r join assignments a on a.id = r.assignment_id
      where r.state = 'approved' group by a.region_code`);
    const means = spread.map((r) => (r as { mean: number }).mean);
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(5);
    const latest2026 = await query(sql`select max(r.period) as p from reports r join assignments a on a.id = r.assignment_id join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id where p.year = 2026 and r.state <> 'draft'`);
    expect((latest2026[0] as { p: string }).p).toBe("2026-10");
  });

  it("is idempotent", async () => {
    const before = await Promise.all(tables.map(count));
    await seed();
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it("keeps every report version and one report per assignment and period", async () => {
    const db = await getDb();
    const res = await query(sql`select count(*)::int as n from reports r where r.version <> (select max(v.version) from report_versions v where v.report_id = r.id)`);
    expect((res[0] as { n: number }).n).toBe(0);
    await expect(
      db.execute(sql`insert into reports (assignment_id, period, due_on) select assignment_id, period, due_on from reports limit 1`),
    ).rejects.toThrow();
  });

  it("refuses to change or delete the audit log", async () => {
    const db = await getDb();
    await db.insert(auditLog).values({ action: "test", entityType: "test", entityId: "1" });
    await expect(db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
    expect(await count("audit_log")).toBeGreaterThan(0);
  });
});
