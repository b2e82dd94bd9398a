import crypto from "node:crypto";
import { afterAll } from "vitest";
import pg from "pg";
import "./session-mock";
import { verifyKeptState } from "./verify-derived";

// Each test file gets a database of its own on the server named by TEST_DATABASE_URL.
const base = process.env.TEST_DATABASE_URL;
if (!base) throw new Error("TEST_DATABASE_URL is not set");
const name = `tracker_t_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create database "${name}"`);
await admin.end();

const url = new URL(base);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
process.env.SEED_DEMO = "0";
// Evidence files stay in memory too.
process.env.DATA_DIR = "memory://";
process.env.NEXTAUTH_SECRET ??= "integration-tests-secret-0123456789";

afterAll(async () => {
  await verifyKeptState();
  const holder = globalThis as unknown as { __trackerDb?: Promise<{ close(): Promise<void> }> };
  const handle = await holder.__trackerDb?.catch(() => undefined);
  await handle?.close();
  holder.__trackerDb = undefined;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  // Let the pool's connections finish closing before the drop, so none is cut off mid-goodbye.
  for (let i = 0; i < 50; i++) {
    const { rows } = await c.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await c.query(`drop database if exists "${name}" with (force)`);
  await c.end();
});
