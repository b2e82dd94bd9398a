import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, type Database } from "@/db";
import { createBackup, restoreBackup, type BackupManifest } from "@/db/backup";
import { openDatabase, type DbHandle } from "@/db/client";
import { verifyAssignmentStates } from "@/db/derived-state";
import { expectedSchemaVersion } from "@/db/migrations-info";
import * as schema from "@/db/schema";
import { addReportAttachment } from "@/lib/data/attachments";
import { saveReportDraft } from "@/lib/data/reports";
import { LocalFileStore, type FileStore } from "@/lib/storage/file-store";
import { NOW, actAs, seed, openUnreportedAssignments } from "../support/fixtures";
import { verifyKeptState } from "../support/verify-derived";

// A round trip of `npm run backup` / `npm run restore`: every table's rows and every evidence
// file's bytes come back equal, on the database this file runs on (a folder of the embedded one,
// or the PostgreSQL server). On the server, a backup taken while reports are written restores to
// a consistent state.

const onServer = Boolean(process.env.DATABASE_URL);
const dbHolder = globalThis as unknown as { __trackerDb?: Promise<DbHandle> };
const storeHolder = globalThis as unknown as { __trackerFileStore?: FileStore };
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-backup-"));
const sourceDir = path.join(work, "data-a");
const sourceStore = new LocalFileStore(path.join(work, "files-a"));
const quiet = () => undefined;
const OWN = "150200";
const createdDatabases: string[] = [];

const pdf = (size: number) => Uint8Array.from([...new TextEncoder().encode("%PDF-1.4\n"), ...randomBytes(size)]);

/** A new, empty database on the test server: its URL. */
async function newServerDatabase(suffix: string): Promise<string> {
  const url = new URL(process.env.DATABASE_URL!);
  const name = `${url.pathname.slice(1)}_${suffix}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  createdDatabases.push(name);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A target to restore into: an empty database and an empty file store. */
async function emptyTarget(suffix: string) {
  const store = new LocalFileStore(path.join(work, `files-${suffix}`));
  if (onServer) return { databaseUrl: await newServerDatabase(suffix), dataDir: "unused", store };
  return { databaseUrl: undefined, dataDir: path.join(work, `data-${suffix}`), store };
}

/** Opens a target's database for reading, and closes it after `fn`. */
async function withDatabase<T>(target: { databaseUrl?: string; dataDir: string }, fn: (db: Database) => Promise<T>): Promise<T> {
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      return await fn(drizzle(client, { schema }) as unknown as Database);
    } finally {
      await client.end();
    }
  }
  const handle = await openDatabase({ dataDir: target.dataDir });
  try {
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}

/** Every row of every public table, as sorted JSON lines per table. */
async function allRows(db: Database): Promise<Record<string, string[]>> {
  const names = (await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)) as unknown as { rows: { name: string }[] };
  const out: Record<string, string[]> = {};
  for (const { name } of names.rows) {
    const res = (await db.execute(sql`select * from ${sql.identifier(name)}`)) as unknown as { rows: Record<string, unknown>[] };
    out[name] = res.rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).sort();
  }
  return out;
}

async function bytesOf(store: FileStore, key: string): Promise<Buffer | null> {
  const bytes = await store.get(key);
  return bytes ? Buffer.from(bytes) : null;
}

/** The source database is closed while `fn` runs (the embedded folder has one owner at a time). */
async function withSourceClosed<T>(fn: () => Promise<T>): Promise<T> {
  if (onServer) return fn();
  await (await dbHolder.__trackerDb)?.close();
  dbHolder.__trackerDb = undefined;
  try {
    return await fn();
  } finally {
    dbHolder.__trackerDb = openDatabase({ dataDir: sourceDir });
    await dbHolder.__trackerDb;
  }
}

let openAssignments: number[] = [];

beforeAll(async () => {
  if (!onServer) dbHolder.__trackerDb = openDatabase({ dataDir: sourceDir });
  storeHolder.__trackerFileStore = sourceStore;
  await seed();
  const open = (await openUnreportedAssignments(OWN)).map((id) => ({ id }));
  openAssignments = open.map((a) => a.id);
  if (openAssignments.length < 6) throw new Error(`only ${openAssignments.length} open assignments for ${OWN}`);
  await actAs(`bureau-${OWN}`);
  // Three reports with evidence of different sizes.
  for (const [i, size] of [100, 70_000, 300_000].entries()) {
    const report = await saveReportDraft({ assignmentId: openAssignments[i]!, period: "2026-11", progress: 40 + i, status: "on_track", workDone: `第${i + 1}批` }, NOW);
    await addReportAttachment({ reportId: report.id, fileName: `证明${i}.pdf`, bytes: pdf(size) }, NOW);
  }
});

afterAll(async () => {
  storeHolder.__trackerFileStore = undefined;
  if (!onServer) {
    // The folder goes below: check the kept states now and close it (the setup's own check then finds no database).
    await verifyKeptState();
    await (await dbHolder.__trackerDb)?.close();
    dbHolder.__trackerDb = undefined;
  }
  if (createdDatabases.length > 0) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    for (const name of createdDatabases) await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
  fs.rmSync(work, { recursive: true, force: true });
});

describe("backup and restore", { timeout: 240_000 }, () => {
  let manifest: BackupManifest;
  const backupDir = path.join(work, "backup-1");

  it("a round trip keeps every table's rows and every file's bytes", async () => {
    const before = await allRows(await getDb());
    manifest = await withSourceClosed(() => createBackup({ databaseUrl: process.env.DATABASE_URL, dataDir: sourceDir, store: sourceStore, outDir: backupDir }, quiet));
    expect(manifest.schemaVersion).toBe(expectedSchemaVersion());
    expect(manifest.database.kind).toBe(onServer ? "postgres" : "pglite");
    expect(manifest.tables.attachments).toBe(3);
    expect(manifest.tables.reports).toBe(before.reports!.length);
    expect(manifest.files).toHaveLength(3);
    expect(manifest.missingFiles).toEqual([]);

    const target = await emptyTarget("r1");
    await restoreBackup({ ...target, fromDir: backupDir }, quiet);
    const after = await withDatabase(target, allRows);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
    for (const f of manifest.files) {
      const original = await bytesOf(sourceStore, f.key);
      expect(original).not.toBeNull();
      expect(await bytesOf(target.store, f.key)).toEqual(original);
    }
  });

  it("restore refuses a database or a file store that is not empty, and a damaged backup", async () => {
    const used = await emptyTarget("r2");
    await restoreBackup({ ...used, fromDir: backupDir }, quiet);
    // The same database again (its store emptied first): the database is not empty.
    fs.rmSync(path.join(work, "files-r2"), { recursive: true, force: true });
    await expect(restoreBackup({ ...used, fromDir: backupDir }, quiet)).rejects.toThrow(/not empty|holds a database/);
    // An empty database with a store that holds files.
    const fresh = await emptyTarget("r3");
    await expect(restoreBackup({ ...fresh, store: sourceStore, fromDir: backupDir }, quiet)).rejects.toThrow(/file store is not empty/);
    // One evidence byte changed in a copy of the backup.
    const damaged = path.join(work, "backup-damaged");
    fs.cpSync(backupDir, damaged, { recursive: true });
    const victim = path.join(damaged, "files", ...manifest.files[1]!.key.split("/"));
    const bytes = fs.readFileSync(victim);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    fs.writeFileSync(victim, bytes);
    await expect(restoreBackup({ ...fresh, fromDir: damaged }, quiet)).rejects.toThrow(/checksum/);
    // Nothing was written by the refused restores.
    expect(await fresh.store.isEmpty()).toBe(true);
    // And --out must be a new folder.
    await expect(createBackup({ databaseUrl: process.env.DATABASE_URL, dataDir: sourceDir, store: sourceStore, outDir: backupDir }, quiet)).rejects.toThrow(/not empty/);
  });

  it.runIf(onServer)("a backup taken while reports and files are being written restores to a consistent state", async () => {
    await actAs(`bureau-${OWN}`);
    let stop = false;
    let acknowledged = 0;
    const writer = async (assignmentId: number, w: number) => {
      let version: number | undefined;
      for (let round = 0; !stop; round++) {
        const report = await saveReportDraft({ assignmentId, period: "2026-11", version, progress: (round * 7 + w) % 100, status: "on_track", workDone: `写入 ${w}-${round}` }, NOW);
        version = report.version;
        if (round % 3 === 0) await addReportAttachment({ reportId: report.id, fileName: `w${w}-${round}.pdf`, bytes: pdf(5_000 + round) }, NOW).catch((e: Error) => {
          if (!/tooMany/.test(JSON.stringify(e))) throw e;
        });
        acknowledged++;
      }
    };
    const writers = openAssignments.slice(3, 6).map((id, w) => writer(id, w));
    // The backup starts once writes are under way, and they go on until it ends.
    while (acknowledged < 5) await new Promise((r) => setImmediate(r));
    const during = path.join(work, "backup-during");
    let written: BackupManifest;
    try {
      written = await createBackup({ databaseUrl: process.env.DATABASE_URL, dataDir: sourceDir, store: sourceStore, outDir: during }, quiet);
    } finally {
      stop = true;
      await Promise.all(writers);
    }
    expect(acknowledged).toBeGreaterThan(5);

    const target = await emptyTarget("r4");
    await restoreBackup({ ...target, fromDir: during }, quiet);
    await withDatabase(target, async (db) => {
      // The kept assignment states equal a recomputation from the restored raw reports…
      const { differences } = await verifyAssignmentStates(db);
      expect(differences).toEqual([]);
      // …and every attachment row of the restored database has its bytes, with the recorded hash.
      const rows = (await db.execute(sql`select storage_key as key, sha256, size_bytes as size from attachments`)) as unknown as { rows: { key: string; sha256: string; size: number }[] };
      expect(rows.rows.length).toBe(written.files.length);
      for (const row of rows.rows) {
        const bytes = await bytesOf(target.store, row.key);
        expect(bytes?.length, row.key).toBe(row.size);
      }
    });
  });
});
