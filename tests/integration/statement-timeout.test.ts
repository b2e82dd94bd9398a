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

describe.runIf(!onServer)("embedded database", () => {
  it("has no statement timeout to test (PGlite runs in this process)", () => {
    expect(onServer).toBe(false);
  });
});
