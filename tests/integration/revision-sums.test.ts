import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import type { Executor } from "@/db/client";
import { refreshAssignmentStates, verifyRevisionSums } from "@/db/derived-state";
import { recordAudit } from "@/lib/data/audit";
import { yearsStamps } from "@/lib/data/progress-core";
import { NOW, query, seed } from "../support/fixtures";

// plan_revision_sums (migrations 0017 and 0018): each plan's sum of its revision counters; each
// writing statement notes its change per plan, added to the sum when the transaction commits.

const onServer = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  await seed();
});

async function planOfYear(year: number): Promise<number> {
  const [p] = await query<{ id: number }>(sql`select id from plans where year = ${year} and state <> 'draft' order by id limit 1`);
  return Number(p!.id);
}

async function keptSum(planId: number): Promise<number> {
  const [r] = await query<{ total: string | null }>(sql`select (select total from plan_revision_sums where plan_id = ${planId})::text as total`);
  return Number(r!.total ?? 0);
}

async function counterSum(planId: number): Promise<number> {
  const [r] = await query<{ total: string }>(sql`select coalesce(sum(revision), 0)::text as total from state_revisions where plan_id = ${planId}`);
  return Number(r!.total);
}

/** A test's own counter of (plan, region), moved by one as the write path moves it. */
async function bump(tx: Executor, planId: number, regionCode: string): Promise<void> {
  await tx.execute(sql`
    insert into state_revisions (plan_id, region_code, revision) values (${planId}, ${regionCode}, 1)
    on conflict (plan_id, region_code) do update set revision = state_revisions.revision + 1`);
}

/** An assignment of a counted plan of that year, with its plan (whose counters its writes move). */
async function assignmentOf(year: number): Promise<{ id: number; plan: number }> {
  const [a] = await query<{ id: number; plan: number }>(sql`
    select a.id, p.id as plan from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
    where p.year = ${year} and p.state <> 'draft' order by a.id limit 1`);
  return { id: Number(a!.id), plan: Number(a!.plan) };
}

describe("each plan's kept sum of its revision counters", () => {
  it("equals the counters' sum after the seed, per plan", async () => {
    const db = await getDb();
    const { checked, differences } = await verifyRevisionSums(db);
    expect(differences).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(3);
    const plan = await planOfYear(2026);
    expect(await keptSum(plan)).toBeGreaterThan(0);
    expect(await keptSum(plan)).toBe(await counterSum(plan));
  });

  it("is added to when a write commits, not before, and not at all when it rolls back", async () => {
    const db = await getDb();
    const { id: assignment, plan } = await assignmentOf(2025);
    const before = await keptSum(plan);
    await db.transaction(async (tx) => {
      await refreshAssignmentStates(tx, [assignment], NOW);
      // Inside the transaction the county's counter has moved; the plan's sum waits for the commit.
      const inside = await tx.execute(sql`select total::text as total from plan_revision_sums where plan_id = ${plan}`);
      expect(Number((inside as unknown as { rows: { total: string }[] }).rows[0]!.total)).toBe(before);
    });
    expect(await keptSum(plan)).toBe(before + 1);
    await expect(
      db.transaction(async (tx) => {
        await refreshAssignmentStates(tx, [assignment], NOW);
        await bump(tx, plan, "T-rollback");
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await keptSum(plan)).toBe(before + 1);
    expect(await keptSum(plan)).toBe(await counterSum(plan));
  });

  it("counts every counter a transaction moves, new ones and ones moved twice", async () => {
    const db = await getDb();
    const plan = await planOfYear(2024);
    const before = await keptSum(plan);
    await db.transaction(async (tx) => {
      await bump(tx, plan, "T-new-a");
      await bump(tx, plan, "T-new-a");
      await bump(tx, plan, "T-new-b");
      await tx.execute(sql`update state_revisions set revision = revision + 5 where plan_id = ${plan} and region_code = 'T-new-b'`);
    });
    expect(await keptSum(plan)).toBe(before + 8);
    expect((await verifyRevisionSums(db)).differences).toEqual([]);
  });

  it("moves the stamp of the year written to, and of no other year", async () => {
    const db = await getDb();
    const before = await yearsStamps(db, [2024, 2025]);
    const { id: assignment } = await assignmentOf(2025);
    await db.transaction((tx) => refreshAssignmentStates(tx, [assignment], NOW));
    const after = await yearsStamps(db, [2024, 2025]);
    expect(after.get(2024)).toBe(before.get(2024));
    expect(after.get(2025)).not.toBe(before.get(2025));
  });

  it("db:verify names a sum that differs and --repair sets it", async () => {
    const db = await getDb();
    const plan = await planOfYear(2026);
    const right = await keptSum(plan);
    await query(sql`update plan_revision_sums set total = total + 7 where plan_id = ${plan}`);
    const found = await verifyRevisionSums(db);
    expect(found.differences).toEqual([{ planId: plan, kept: String(right + 7), derived: String(right) }]);
    await db.transaction((tx) => verifyRevisionSums(tx, { repair: true }));
    expect(await keptSum(plan)).toBe(right);
    expect((await verifyRevisionSums(db)).differences).toEqual([]);
  });

  it("a statement moving many counters notes one change per plan, added at commit; a savepoint rolled back adds nothing; removed counters are taken off", async () => {
    const db = await getDb();
    const plan = await planOfYear(2025);
    const before = await keptSum(plan);
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into state_revisions (plan_id, region_code, revision)
        select ${plan}, 'T-many-' || g, 1 from generate_series(1, 3000) g`);
      await tx.execute(sql`update state_revisions set revision = revision + 1 where plan_id = ${plan} and region_code like 'T-many-%'`);
      const noted = (await tx.execute(sql`select plan_id, delta::text as delta from plan_revision_deltas order by id`)) as unknown as { rows: { plan_id: number; delta: string }[] };
      // Two statements, one plan: two notes, not 6,000.
      expect(noted.rows.map((r) => [Number(r.plan_id), r.delta])).toEqual([
        [plan, "3000"],
        [plan, "3000"],
      ]);
      await expect(
        tx.transaction(async (sp) => {
          await bump(sp, plan, "T-savepoint");
          throw new Error("back to the savepoint");
        }),
      ).rejects.toThrow("back to the savepoint");
    });
    expect(await keptSum(plan)).toBe(before + 6000);
    expect(await query(sql`select * from plan_revision_deltas`)).toEqual([]);
    await query(sql`delete from state_revisions where plan_id = ${plan} and region_code like 'T-many-%'`);
    expect(await keptSum(plan)).toBe(before);
    expect((await verifyRevisionSums(db)).differences).toEqual([]);
  });

  it.runIf(onServer)("concurrent writers moving two plans' counters in opposite orders, with and without audit entries, all commit and the sums hold", async () => {
    const db = await getDb();
    const [a, b] = [await planOfYear(2024), await planOfYear(2025)];
    const before = [await keptSum(a), await keptSum(b)];
    const writers = 24;
    const results = await Promise.allSettled(
      Array.from({ length: writers }, (_, i) =>
        db.transaction(async (tx) => {
          // Each writer its own county (no two share a counter), the plans in turn one way and the other.
          const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
          if (i % 3 === 0) await recordAudit(tx, { actorId: null, action: "test.sumsFirst", entityType: "test", entityId: i, ip: null });
          await bump(tx, first, `T-c${i}`);
          if (i % 3 === 1) await recordAudit(tx, { actorId: null, action: "test.sumsBetween", entityType: "test", entityId: i, ip: null });
          await bump(tx, second, `T-c${i}`);
          if (i % 3 === 2) await recordAudit(tx, { actorId: null, action: "test.sumsAfter", entityType: "test", entityId: i, ip: null });
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect([await keptSum(a), await keptSum(b)]).toEqual([before[0]! + writers, before[1]! + writers]);
    expect((await verifyRevisionSums(db)).differences).toEqual([]);
  });
});
