import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { getDb, type Database } from "@/db";
import type { DbHandle } from "@/db/client";
import { GET } from "@/app/api/health/route";
import { LocalFileStore, type FileStore } from "@/lib/storage/file-store";

const dbHolder = globalThis as unknown as { __trackerDb?: Promise<DbHandle> };
const storeHolder = globalThis as unknown as { __trackerFileStore?: FileStore };
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-health-"));

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
afterEach(() => {
  storeHolder.__trackerFileStore = undefined;
});

async function health() {
  const res = await GET();
  return { status: res.status, cache: res.headers.get("cache-control"), body: (await res.json()) as { status: string; failed: string[]; checks: Record<string, { ok: boolean; detail?: string }> } };
}

describe("GET /api/health", () => {
  it("answers 200 with every part ok, and is never cached", async () => {
    await getDb();
    storeHolder.__trackerFileStore = new LocalFileStore(path.join(work, "files"));
    const { status, cache, body } = await health();
    expect(body).toMatchObject({ status: "ok", failed: [] });
    expect(status).toBe(200);
    expect(cache).toBe("no-store");
    expect(Object.keys(body.checks).sort()).toEqual(["database", "files", "migrations", "server"]);
    // The probe leaves nothing behind in the store.
    expect(fs.readdirSync(path.join(work, "files"))).toEqual([]);
  });

  it("a file store that cannot take a write: 503 naming files", async () => {
    const notADir = path.join(work, "plain-file");
    fs.writeFileSync(notADir, "x");
    storeHolder.__trackerFileStore = new LocalFileStore(path.join(notADir, "files"));
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.failed).toEqual(["files"]);
    expect(body.checks.files).toMatchObject({ ok: false, detail: expect.any(String) });
  });

  it("a database behind the code's migrations: 503 naming migrations", async () => {
    const db: Database = await getDb();
    const last = await db.execute(sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`);
    const row = (last as unknown as { rows: { id: number; hash: string; created_at: string }[] }).rows[0]!;
    await db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${row.id}`);
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.failed).toEqual(["migrations"]);
      expect(body.checks.migrations!.detail).toMatch(/expects 00\d\d_/);
    } finally {
      await db.execute(sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${row.id}, ${row.hash}, ${row.created_at})`);
    }
    expect((await health()).status).toBe(200);
  });

  it("a database that accepts the connection and never answers: 503 naming database, within seconds", async () => {
    // A real peer on a local port that takes the TCP connection and stays silent (a hung server).
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as net.AddressInfo).port;
    const pool = new pg.Pool({ connectionString: `postgres://nobody@127.0.0.1:${port}/none`, connectionTimeoutMillis: 30_000 });
    pool.on("error", () => undefined);
    const real = dbHolder.__trackerDb;
    const hung: DbHandle = {
      db: drizzle(pool) as unknown as Database,
      kind: "postgres",
      created: false,
      close: () => pool.end(),
      runCancellable: (_signal, fn) => fn(drizzle(pool) as unknown as Database),
    };
    dbHolder.__trackerDb = Promise.resolve(hung);
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.failed).toEqual(["database", "migrations"]);
      expect(body.checks.database!.detail).toMatch(/no answer within/);
    } finally {
      dbHolder.__trackerDb = real;
      for (const s of sockets) s.destroy();
      silent.close();
      void pool.end().catch(() => undefined);
    }
  });
});
