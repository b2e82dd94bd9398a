import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/db/client";

// The server's connections keep the statements they run prepared (db/client.ts, StatementCachingClient).
// pg_prepared_statements lists a connection's own, so each check runs inside one transaction.
const onServer = Boolean(process.env.DATABASE_URL);

type Rows<T> = { rows: T[] };
const rowsOf = <T>(r: unknown) => (r as Rows<T>).rows;

describe.runIf(onServer)("statements kept prepared on a server connection", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: "memory://" });
  });
  afterAll(async () => {
    await handle?.close();
  });

  const preparedLike = async (tx: Parameters<Parameters<DbHandle["db"]["transaction"]>[0]>[0], pattern: string) =>
    Number(rowsOf<{ n: string }>(await tx.execute(sql`select count(*) as n from pg_prepared_statements where statement like ${pattern}`))[0]!.n);

  it("prepares a statement with parameters once per connection and runs it with each run's values", async () => {
    await handle.db.transaction(async (tx) => {
      const answers: number[] = [];
      for (const n of [1, 2, 3]) answers.push(Number(rowsOf<{ x: number }>(await tx.execute(sql`select ${n}::int + 100 as x /* prepared-once */`))[0]!.x));
      expect(answers).toEqual([101, 102, 103]);
      expect(await preparedLike(tx, "%prepared-once%")).toBe(1);
    });
  });

  it("leaves statements without parameters, and those with more than 64, unnamed", async () => {
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 as one /* no-parameters */`);
      const many = Array.from({ length: 65 }, (_, i) => i);
      const sum = rowsOf<{ s: number }>(await tx.execute(sql`select (${sql.join(many.map((i) => sql`${i}::int`), sql` + `)}) as s /* many-parameters */`))[0]!.s;
      expect(Number(sum)).toBe((64 * 65) / 2);
      expect(await preparedLike(tx, "%no-parameters%")).toBe(0);
      expect(await preparedLike(tx, "%many-parameters%")).toBe(0);
    });
  });

  it("a statement the server refuses fails the same way each time (its name is not kept)", async () => {
    const attempt = () =>
      handle.db.execute(sql`select ${1}::no_such_type as x /* refused */`).then(
        () => "ran",
        (e: unknown) => (e as { cause?: { message?: string }; message: string }).cause?.message ?? (e as Error).message,
      );
    const first = await attempt();
    const second = await attempt();
    expect(first).toMatch(/no_such_type/);
    expect(second).toBe(first);
  });

  it("keeps at most 500 texts per connection; later ones still run, unnamed", async () => {
    await handle.db.transaction(async (tx) => {
      for (let i = 0; i < 510; i++) {
        const x = rowsOf<{ x: number }>(await tx.execute(sql`select ${i}::int as x, ${String(i)} as tag /* cap-${sql.raw(String(i))} */`))[0]!.x;
        expect(Number(x)).toBe(i);
      }
      const kept = Number(rowsOf<{ n: string }>(await tx.execute(sql`select count(*) as n from pg_prepared_statements`))[0]!.n);
      expect(kept).toBeLessThanOrEqual(500);
      expect(await preparedLike(tx, "%cap-0 %")).toBe(1);
      expect(await preparedLike(tx, "%cap-509 %")).toBe(0);
    });
  });

  it("prepares nothing with preparedStatements false (DATABASE_PREPARED_STATEMENTS=off, behind a transaction pooler)", async () => {
    const plain = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: "memory://", preparedStatements: false });
    try {
      await plain.db.transaction(async (tx) => {
        for (const n of [1, 2]) expect(Number(rowsOf<{ x: number }>(await tx.execute(sql`select ${n}::int as x /* never-prepared */`))[0]!.x)).toBe(n);
        expect(await preparedLike(tx, "%never-prepared%")).toBe(0);
      });
    } finally {
      await plain.close();
    }
  });
});
