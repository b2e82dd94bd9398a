import { eq, getTableColumns, gt, sql } from "drizzle-orm";
import type { QueryBuilder } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { fixedSelect, orderedFields } from "@/db/fixed-select";
import { assignments, plans, reports, tasks, users } from "@/db/schema";
import { seed } from "../support/fixtures";

beforeAll(async () => {
  await seed();
});

// A select of every kind of field: a whole table (nested), columns of joined tables, a date, a
// timestamp, a nullable column, an SQL expression and a nested object.
const selection = {
  report: reports,
  regionCode: assignments.regionCode,
  due: assignments.dueDate,
  closedAt: assignments.closedAt,
  plan: { year: plans.year, cadence: plans.cadence },
  versions: sql<number>`(select count(*)::int from report_versions v where v.report_id = ${reports.id})`,
};

let builds = 0;
const reportRows = fixedSelect((qb: QueryBuilder) => {
  builds++;
  return qb
    .select(selection)
    .from(reports)
    .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(gt(reports.updatedAt, sql.placeholder("since")))
    .orderBy(reports.id)
    .limit(sql.placeholder("limit"));
});

describe("fixedSelect", () => {
  it("gives the rows the same select run by drizzle gives, mapped the same way (nested tables, dates, nulls, SQL)", async () => {
    const db = await getDb();
    const since = new Date("2026-01-01T00:00:00Z");
    const built = await db
      .select(selection)
      .from(reports)
      .innerJoin(assignments, eq(assignments.id, reports.assignmentId))
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(gt(reports.updatedAt, since))
      .orderBy(reports.id)
      .limit(25);
    const fixed = await reportRows(db, { since: since.toISOString(), limit: 25 });
    expect(built.length).toBe(25);
    expect(fixed).toEqual(built);
    expect(fixed[0]!.report.updatedAt).toBeInstanceOf(Date);
    expect(typeof fixed[0]!.due).toBe("string");
  });

  it("builds its text once and runs it with each call's values", async () => {
    const db = await getDb();
    const a = await reportRows(db, { since: "2026-01-01T00:00:00Z", limit: 3 });
    const b = await reportRows(db, { since: "2026-01-01T00:00:00Z", limit: 7 });
    const none = await reportRows(db, { since: "2099-01-01T00:00:00Z", limit: 7 });
    expect([a.length, b.length, none.length]).toEqual([3, 7, 0]);
    expect(b.slice(0, 3)).toEqual(a);
    expect(builds).toBe(1);
  });

  it("runs on the transaction it is given: it sees that transaction's own writes, and a rollback leaves nothing", async () => {
    const db = await getDb();
    const named = fixedSelect((qb: QueryBuilder) => qb.select({ id: users.id, name: users.name }).from(users).where(eq(users.username, sql.placeholder("username"))));
    const [leader] = await named(db, { username: "leader" });
    expect(leader).toBeDefined();
    await expect(
      db.transaction(async (tx) => {
        await tx.update(users).set({ name: "改名未提交" }).where(eq(users.id, leader!.id));
        expect(await named(tx, { username: "leader" })).toEqual([{ id: leader!.id, name: "改名未提交" }]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await named(db, { username: "leader" })).toEqual([leader]);
  });

  it("orders the fields as drizzle writes them: a table's columns in its place, nested objects depth first", () => {
    const paths = orderedFields({ a: users.id, t: plans, n: { x: users.name, y: { z: users.role } } }).map((f) => f.path.join("."));
    expect(paths[0]).toBe("a");
    expect(paths.slice(1, 1 + Object.keys(getTableColumns(plans)).length).every((p) => p.startsWith("t."))).toBe(true);
    expect(paths.slice(-2)).toEqual(["n.x", "n.y.z"]);
    expect(() => orderedFields({ bad: 3 })).toThrow(/not a column/);
  });
});
