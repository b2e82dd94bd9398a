import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { FileStore } from "@/lib/storage/file-store";
import { openDatabase, restoreEmbedded, type Database } from "./client";
import { appliedSchemaVersion, committedMigrations } from "./migrations-info";
import * as schema from "./schema";

/**
 * Backup and restore of the whole installation: the database (pg_dump's custom format on a
 * PostgreSQL server, PGlite's own dumpDataDir tarball on the embedded one) and the evidence files,
 * with a manifest of row counts per table, a sha256 of every file and the schema version.
 */

export const MANIFEST_FORMAT = "tracker-backup/1";

export type BackupManifest = {
  format: typeof MANIFEST_FORMAT;
  createdAt: string;
  /** The tag of the last migration applied to the database that was backed up. */
  schemaVersion: string;
  database: { kind: "postgres" | "pglite"; file: string; bytes: number; sha256: string };
  /** Rows per table of the public schema, counted in the same snapshot as the dump. */
  tables: Record<string, number>;
  /** Every evidence file an attachment row of the snapshot points at (purged ones excepted). */
  files: { key: string; bytes: number; sha256: string }[];
  /** Keys whose bytes were missing from the store when the backup ran (listed, not fatal). */
  missingFiles: string[];
};

export type Target = { databaseUrl?: string; dataDir: string; store: FileStore };

const log = (line: string) => console.log(`[tracker] ${line}`);

// ---------------------------------------------------------------------------------------------
// backup

export async function createBackup(source: Target & { outDir: string }, say: (line: string) => void = log): Promise<BackupManifest> {
  const outDir = path.resolve(source.outDir);
  if (await exists(outDir)) {
    if ((await fs.readdir(outDir)).length > 0) throw new Error(`${outDir} is not empty; give a new folder to --out.`);
    await fs.rmdir(outDir);
  }
  // Written beside the target and renamed at the end: a folder named --out is always a whole backup.
  const work = `${outDir}.partial-${process.pid}`;
  await fs.rm(work, { recursive: true, force: true });
  await fs.mkdir(path.join(work, "files"), { recursive: true });
  try {
    const manifest = source.databaseUrl ? await backupServer(source.databaseUrl, source.store, work, say) : await backupEmbedded(source.dataDir, source.store, work, say);
    await writeDurably(path.join(work, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    await fs.rename(work, outDir);
    await syncDir(path.dirname(outDir));
    say(`backup written to ${outDir}: ${Object.keys(manifest.tables).length} tables, ${sum(manifest.tables)} rows, ${manifest.files.length} files, schema ${manifest.schemaVersion}`);
    return manifest;
  } catch (err) {
    await fs.rm(work, { recursive: true, force: true });
    throw err;
  }
}

async function backupServer(url: string, store: FileStore, work: string, say: (line: string) => void): Promise<BackupManifest> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One snapshot for the counts, the file list and pg_dump (which imports it): writes that go on
    // meanwhile are all in the backup or all out of it, and every row's file is in it.
    await client.query("begin transaction isolation level repeatable read, read only");
    const snapshot = (await client.query<{ s: string }>("select pg_export_snapshot() as s")).rows[0]!.s;
    const db = drizzlePg(client, { schema }) as unknown as Database;
    const schemaVersion = await appliedSchemaVersion(db);
    if (schemaVersion === "none") throw new Error("the database holds no tracker data (never migrated): nothing to back up.");
    const tables = await countTables(db);
    const keys = await attachmentKeys(db);
    say(`dumping the database (snapshot ${snapshot})`);
    const dumpFile = path.join(work, "database.dump");
    await run("pg_dump", ["--format=custom", `--snapshot=${snapshot}`, "--no-owner", `--file=${dumpFile}`], url);
    const files = await copyFiles(store, keys, work, say);
    await client.query("commit");
    return { format: MANIFEST_FORMAT, createdAt: new Date().toISOString(), schemaVersion, database: { kind: "postgres", file: "database.dump", ...(await digestFile(dumpFile)) }, tables, ...files };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function backupEmbedded(dataDir: string, store: FileStore, work: string, say: (line: string) => void): Promise<BackupManifest> {
  if (!(await exists(path.join(path.resolve(dataDir), "pgdata")))) throw new Error(`${path.resolve(dataDir)} holds no embedded database: nothing to back up (set DATA_DIR, or DATABASE_URL for a server).`);
  // Opening takes the folder's lock: a running server holds it, and this refuses with a clear message.
  const handle = await openDatabase({ dataDir });
  try {
    const schemaVersion = await appliedSchemaVersion(handle.db);
    const tables = await countTables(handle.db);
    const keys = await attachmentKeys(handle.db);
    say("dumping the embedded database");
    const tarball = await handle.dumpDataDir!();
    const dumpFile = path.join(work, "database.tar.gz");
    await writeDurably(dumpFile, new Uint8Array(await tarball.arrayBuffer()));
    const files = await copyFiles(store, keys, work, say);
    return { format: MANIFEST_FORMAT, createdAt: new Date().toISOString(), schemaVersion, database: { kind: "pglite", file: "database.tar.gz", ...(await digestFile(dumpFile)) }, tables, ...files };
  } finally {
    await handle.close();
  }
}

async function copyFiles(store: FileStore, keys: { key: string; sha256: string }[], work: string, say: (line: string) => void) {
  const files: BackupManifest["files"] = [];
  const missingFiles: string[] = [];
  for (const { key, sha256 } of keys) {
    const stream = await store.getStream(key);
    if (!stream) {
      missingFiles.push(key);
      say(`warning: the bytes of ${key} are missing from the file store`);
      continue;
    }
    const target = path.join(work, "files", ...key.split("/"));
    await fs.mkdir(path.dirname(target), { recursive: true });
    const hash = createHash("sha256");
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(stream, tap, createWriteStream(target, { flags: "wx" }));
    await fsyncFile(target);
    const digest = hash.digest("hex");
    if (digest !== sha256) throw new Error(`the bytes of ${key} do not match their recorded sha256 (the store holds something else)`);
    files.push({ key, bytes, sha256: digest });
  }
  return { files, missingFiles };
}

// ---------------------------------------------------------------------------------------------
// restore

export async function readManifest(fromDir: string): Promise<BackupManifest> {
  const file = path.join(path.resolve(fromDir), "manifest.json");
  if (!(await exists(file))) throw new Error(`${fromDir} has no manifest.json: not a backup (or an unfinished one).`);
  const manifest = JSON.parse(await fs.readFile(file, "utf8")) as BackupManifest;
  if (manifest.format !== MANIFEST_FORMAT) throw new Error(`${fromDir}: unknown backup format ${String(manifest.format)}.`);
  return manifest;
}

/** Checks every checksum of a backup before anything is written. */
export async function verifyBackup(fromDir: string, manifest: BackupManifest): Promise<void> {
  const dir = path.resolve(fromDir);
  const dump = await digestFile(path.join(dir, manifest.database.file));
  if (dump.sha256 !== manifest.database.sha256 || dump.bytes !== manifest.database.bytes) throw new Error(`${manifest.database.file} does not match its checksum: the backup is damaged.`);
  for (const f of manifest.files) {
    const got = await digestFile(path.join(dir, "files", ...f.key.split("/")));
    if (got.sha256 !== f.sha256 || got.bytes !== f.bytes) throw new Error(`files/${f.key} does not match its checksum: the backup is damaged.`);
  }
  const known = committedMigrations().map((m) => m.tag);
  if (!known.includes(manifest.schemaVersion)) throw new Error(`the backup's schema ${manifest.schemaVersion} is newer than this release knows (last: ${known.at(-1)}); restore it with the release that made it.`);
}

export async function restoreBackup(target: Target & { fromDir: string }, say: (line: string) => void = log): Promise<BackupManifest> {
  const dir = path.resolve(target.fromDir);
  const manifest = await readManifest(dir);
  await verifyBackup(dir, manifest);
  if (!(await target.store.isEmpty())) throw new Error("the file store is not empty; restore goes only into an empty one.");
  const check = async (db: Database) => {
    const counts = await countTables(db);
    const wrong = Object.entries(manifest.tables).filter(([t, n]) => counts[t] !== n);
    if (wrong.length > 0) throw new Error(`restored row counts differ from the manifest: ${wrong.map(([t, n]) => `${t} ${counts[t]} ≠ ${n}`).join(", ")}`);
  };
  if (target.databaseUrl) {
    if (manifest.database.kind !== "postgres") throw new Error("this backup is of an embedded database; restore it with DATA_DIR (no DATABASE_URL).");
    await assertServerEmpty(target.databaseUrl);
    say("restoring the database");
    await run("pg_restore", ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", "--dbname", "{url}", path.join(dir, manifest.database.file)], target.databaseUrl);
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      await check(drizzlePg(client, { schema }) as unknown as Database);
    } finally {
      await client.end();
    }
  } else {
    if (manifest.database.kind !== "pglite") throw new Error("this backup is of a PostgreSQL server; restore it with DATABASE_URL.");
    say("restoring the embedded database");
    const tarball = new Blob([await fs.readFile(path.join(dir, manifest.database.file))]);
    await restoreEmbedded(target.dataDir, tarball, check);
  }
  say(`restoring ${manifest.files.length} files`);
  for (const f of manifest.files) {
    await target.store.putStream(f.key, createReadStream(path.join(dir, "files", ...f.key.split("/"))), f.bytes);
  }
  say(`restored from ${dir}: ${sum(manifest.tables)} rows, ${manifest.files.length} files, schema ${manifest.schemaVersion}`);
  return manifest;
}

async function assertServerEmpty(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p', 'v', 'm', 'S') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'",
    );
    if (rows[0]!.n > 0) throw new Error("the target database is not empty; restore goes only into an empty one (create a new database).");
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

/** Rows per base table of the public schema. */
export async function countTables(db: Database): Promise<Record<string, number>> {
  const names = rowsOf<{ name: string }>(await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`));
  const counts: Record<string, number> = {};
  for (const { name } of names) {
    const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(name)}`));
    counts[name] = Number(row!.n);
  }
  return counts;
}

async function attachmentKeys(db: Database): Promise<{ key: string; sha256: string }[]> {
  return rowsOf<{ key: string; sha256: string }>(await db.execute(sql`select storage_key as key, sha256 from attachments where purged_at is null order by id`));
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Runs pg_dump or pg_restore against `url`. The password goes in PGPASSWORD, not on the command
 * line (where every user of the machine could read it); "{url}" in args stands for the address.
 */
function run(command: string, args: string[], url: string): Promise<void> {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  const dbArg = parsed.toString();
  const finalArgs = args.includes("{url}") ? args.map((a) => (a === "{url}" ? dbArg : a)) : [...args, dbArg];
  return new Promise((resolve, reject) => {
    const child = spawn(command, finalArgs, { stdio: ["ignore", "inherit", "pipe"], env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", (err) => reject(new Error(`${command} could not run (${err.message}); install PostgreSQL's client tools, of the server's version or newer.`)));
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} failed (${signal ?? `exit code ${code}`}): ${stderr.trim()}`));
    });
  });
}

async function digestFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest("hex") };
}

async function writeDurably(file: string, content: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, "wx");
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
