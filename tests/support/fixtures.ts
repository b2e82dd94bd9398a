import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { eq, sql, type SQL } from "drizzle-orm";
import pg from "pg";
import { inject, vi } from "vitest";
import { getDb } from "@/db";
import { openDatabase, type DbHandle } from "@/db/client";
import { fillMissingStates } from "@/db/derived-state";
import { users } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { setClaims } from "./session-mock";
import { NOW } from "./test-clock";

export { NOW };

/**
 * The clock (Date) from NOW on, running: for a file whose steps go through code that reads the
 * time itself (an API route, an action) on the demo data, which is built as of NOW — with the real
 * clock, such a step would fall in another period once the real date has left NOW's month. Timers
 * stay real. Gives the function that puts the real clock back.
 */
export function clockFromNow(): () => void {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"], shouldAdvanceTime: true });
  return () => vi.useRealTimers();
}

/**
 * Loads the demo data (as of NOW). On a database not yet opened, starts from the run's seeded
 * copy when there is one (see seed-cache.ts), else seeds and, the first time, leaves that copy.
 */
export async function seed(): Promise<void> {
  const fresh = !holder.__trackerDb;
  if (fresh && (await openSeededCopy())) return;
  await seedDemo(await getDb(), { password: "demo2025", now: NOW });
  if (fresh) await keepSeededCopy();
}

const holder = globalThis as unknown as { __trackerDb?: Promise<DbHandle> };
const cache = inject("seedCache");

async function openSeededCopy(): Promise<boolean> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const file = path.join(cache, "pglite.tar");
    if (!fs.existsSync(file)) return false;
    const initialData = new Blob([fs.readFileSync(file)]);
    holder.__trackerDb = openDatabase({ dataDir: "memory://", initialData }).then(async (handle) => {
      await fillMissingStates(handle.db);
      return handle;
    });
    await holder.__trackerDb;
    return true;
  }
  const marker = path.join(cache, "pg-template");
  if (!fs.existsSync(marker)) return false;
  const template = fs.readFileSync(marker, "utf8").trim();
  const name = new URL(server).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}"`);
    // Another file copying the same template at this instant makes PostgreSQL refuse (55006): try again.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${template}"`);
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== "55006" || attempt >= 50) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  return true;
}

/** The first file to seed leaves its database, as seeded, for the others. */
async function keepSeededCopy(): Promise<void> {
  try {
    fs.mkdirSync(path.join(cache, "claimed"));
  } catch {
    return; // another file keeps it
  }
  const server = process.env.DATABASE_URL;
  if (!server) {
    const client = ((await getDb()) as unknown as { $client: PGlite }).$client;
    const dump = Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer());
    const part = path.join(cache, "pglite.tar.part");
    fs.writeFileSync(part, dump);
    fs.renameSync(part, path.join(cache, "pglite.tar"));
    return;
  }
  // A template may have no other connection: close this file's pool, copy, and let the next use reopen it.
  const handle = await holder.__trackerDb!;
  await handle.close();
  holder.__trackerDb = undefined;
  const name = new URL(server).pathname.slice(1);
  const template = `${name}_seeded`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${template}" template "${name}"`);
  } finally {
    await admin.end();
  }
  fs.writeFileSync(path.join(cache, "pg-template.part"), template);
  fs.renameSync(path.join(cache, "pg-template.part"), path.join(cache, "pg-template"));
}

/** Acts as a demo user for the data-layer calls that follow; null signs out. */
export async function actAs(username: string | null): Promise<void> {
  if (username === null) return setClaims(null);
  const db = await getDb();
  const [u] = await db.select({ id: users.id, sv: users.sessionVersion }).from(users).where(eq(users.username, username));
  if (!u) throw new Error(`no user ${username}`);
  setClaims({ userId: u.id, sessionVersion: u.sv });
}

/** Rows of a raw SQL query (both drivers answer with { rows }). */
export async function query<T = Record<string, unknown>>(q: SQL): Promise<T[]> {
  const db = await getDb();
  const res = (await db.execute(q)) as unknown as { rows: T[] };
  return res.rows;
}

/**
 * A region's open 2026 assignments with nothing reported for November yet (the demo's current
 * period), by id: what the upload and data tests draft reports on.
 */
export async function openUnreportedAssignments(regionCode: string, limit?: number): Promise<number[]> {
  const rows = await query<{ id: number }>(sql`
    select a.id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
    where p.year = 2026 and a.region_code = ${regionCode} and a.closed_at is null and a.due_date >= '2026-11-30'
      and not exists (select 1 from reports r where r.assignment_id = a.id and r.period = '2026-11')
    order by a.id ${limit === undefined ? sql`` : sql`limit ${limit}`}`);
  return rows.map((r) => Number(r.id));
}
