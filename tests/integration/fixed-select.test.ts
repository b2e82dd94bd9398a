import { eq, getTableColumns, gt, sql } from "drizzle-orm";
import type { QueryBuilder } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { fixedSelect, fixedStatement, orderedFields } from "@/db/fixed-select";
import { withItems } from "@/db/one-statement";
import { assignments, auditLog, plans, reports, tasks, users } from "@/db/schema";
import { query, seed } from "../support/fixtures";

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

describe("fixedStatement", () => {
  let builds = 0;
  const entry = fixedStatement<{ action: string; entityId: string; before: unknown; after: unknown; at: Date }>((db) => {
    builds++;
    return db.insert(auditLog).values({
      action: sql.placeholder("action"),
      entityType: "test",
      entityId: sql.placeholder("entityId"),
      before: sql.placeholder("before"),
      after: sql.placeholder("after"),
      at: sql.placeholder("at"),
    });
  });
  const stored = (entityId: string) =>
    query<{ action: string; before_null: boolean; after: unknown; at: string; entity_type: string }>(
      sql`select action, before is null as before_null, after, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as at, entity_type from audit_log where entity_type = 'test' and entity_id = ${entityId}`,
    );

  it("writes each call's values, encoded as their columns encode them: a null stays SQL's null, an object is JSON, a Date a timestamp", async () => {
    const db = await getDb();
    await db.execute(entry(db, { action: "a.one", entityId: "fs-1", before: null, after: { progress: 80, names: ["甲", "乙"] }, at: new Date("2026-11-30T08:00:00Z") }));
    await db.execute(entry(db, { action: "a.two", entityId: "fs-2", before: { x: 1 }, after: null, at: new Date("2026-11-30T09:30:00Z") }));
    const [one] = await stored("fs-1");
    const [two] = await stored("fs-2");
    expect(one).toMatchObject({ action: "a.one", before_null: true, at: "2026-11-30T08:00:00", entity_type: "test" });
    expect(typeof one!.after === "string" ? JSON.parse(one!.after) : one!.after).toEqual({ progress: 80, names: ["甲", "乙"] });
    expect(two).toMatchObject({ action: "a.two", before_null: false, after: null, at: "2026-11-30T09:30:00" });
    expect(builds).toBe(1);
  });

  it("goes as a WITH item of another statement, inside the caller's transaction", async () => {
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(withItems([entry(tx, { action: "a.with", entityId: "fs-3", before: null, after: null, at: new Date() })], [], sql`select 1`));
        const seen = (await tx.execute(sql`select 1 from audit_log where entity_id = 'fs-3'`)) as unknown as { rows: unknown[] };
        expect(seen.rows).toHaveLength(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await stored("fs-3")).toHaveLength(0);
    await db.execute(withItems([entry(db, { action: "a.with", entityId: "fs-4", before: null, after: null, at: new Date() })], [], sql`select 1`));
    expect(await stored("fs-4")).toHaveLength(1);
  });

  it("refuses a call without one of its values, writing nothing", async () => {
    const db = await getDb();
    expect(() => entry(db, { action: "a.none", entityId: "fs-5", before: null, at: new Date() } as never)).toThrow(/no value for after/);
    expect(await stored("fs-5")).toHaveLength(0);
  });
});
