import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { toProblem } from "@/lib/api/problem";

// Only a PostgreSQL server enforces statement_timeout; the embedded database runs each statement to its end.
const onServer = Boolean(process.env.DATABASE_URL);

describe.runIf(onServer)("every query runs under a statement timeout", () => {
  it("a statement over the limit is cancelled, and the API answers 503 with a clear problem", async () => {
    const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: "memory://", statementTimeoutMs: 200 });
    try {
      const err = await handle.db.execute(sql`select pg_sleep(2)`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
      const res = toProblem(err);
      expect(res.status).toBe(503);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 503, code: "statementTimeout" });
      // A short statement still runs on the same pool afterwards.
      const ok = await handle.db.execute(sql`select 1 as one`);
      expect((ok as unknown as { rows: { one: number }[] }).rows[0]!.one).toBe(1);
    } finally {
      await handle.close();
    }
  });
});

describe.runIf(onServer)("a request whose client went away stops its queries", () => {
  it("aborting the signal cancels the running statement and drops its connection", async () => {
    const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: "memory://" });
    try {
      const controller = new AbortController();
      const started = Date.now();
      const run = handle.runCancellable(controller.signal, (db) => db.execute(sql`select pg_sleep(30), 'tracker-cancel-probe'`));
      setTimeout(() => controller.abort(), 300);
      await expect(run).rejects.toBeTruthy();
      expect(Date.now() - started).toBeLessThan(10_000);
      // The server ends the cancelled backend asynchronously (on a busy machine a moment after the
      // client has given up): it is gone within seconds, long before the statement's 30 s.
      const left = async () =>
        ((await handle.db.execute(sql`select count(*)::int as n from pg_stat_activity where query like '%tracker-cancel-probe%' and state = 'active' and pid <> pg_backend_pid()`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
      await expect.poll(left, { timeout: 10_000, interval: 100 }).toBe(0);
      expect(Date.now() - started).toBeLessThan(20_000);
      // The pool still answers.
      await expect(handle.db.execute(sql`select 1`)).resolves.toBeTruthy();
    } finally {
      await handle.close();
    }
  });
});

describe("an aborted request runs no query at all", () => {
  it("on either database", async () => {
    const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: "memory://" });
    try {
      const controller = new AbortController();
      controller.abort();
      let ran = false;
      await expect(
        handle.runCancellable(controller.signal, async () => {
          ran = true;
        }),
      ).rejects.toMatchObject({ name: "AbortError" });
      expect(ran).toBe(false);
    } finally {
      await handle.close();
    }
  });
});
