import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { migrationsFolder } from "./migrations-info";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction or the database: what a write helper takes. */
export type Executor = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

export type DbHandle = {
  db: Database;
  kind: "pglite" | "postgres";
  /** True when this start created the database (and so ran the first-start hook). */
  created: boolean;
  close(): Promise<void>;
  /**
   * Runs `fn` on a connection of its own whose running statement is cancelled when `signal`
   * aborts (the client went away); that connection is then dropped, never reused. The embedded
   * database cannot cancel a statement: there `fn` runs to its end unless aborted before.
   */
  runCancellable<T>(signal: AbortSignal | undefined, fn: (db: Database) => Promise<T>): Promise<T>;
  /** The embedded database only: its data folder as one gzipped tarball (PGlite's own dump; a backup). */
  dumpDataDir?: () => Promise<Blob>;
};

export type OpenOptions = {
  /** postgres://… to use a server; otherwise PGlite in dataDir. */
  databaseUrl?: string;
  /**
   * On a server: the owner's postgres://… to apply migrations with, when the app's own role
   * (databaseUrl) may not change the schema (it may only INSERT and SELECT the audit log).
   */
  migrationDatabaseUrl?: string;
  /**
   * On a server: the owner's postgres://… to apply migrations with, when the app's own role
   * (databaseUrl) may not change the schema (it may only INSERT and SELECT the audit log).
   */
  migrationDatabaseUrl?: string;
  /** Folder of the embedded database; "memory://" keeps it in memory (tests). */
  dataDir: string;
  /** Runs once on a database this call created (PGlite) or on every start (server), after migrations. */
  onFirstStart?: (db: Database) => Promise<void>;
  /** On a server, run onFirstStart on every start (it must be idempotent). */
  seedOnServer?: boolean;
  /** On a server: statements running longer are cancelled (57014); migrations run without a limit. */
  statementTimeoutMs?: number;
};


export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) return openServer(opts.databaseUrl, opts);
  return openEmbedded(opts);
}

async function openServer(url: string, opts: OpenOptions): Promise<DbHandle> {
  // An unreachable server fails a request within seconds instead of hanging it.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000, statement_timeout: opts.statementTimeoutMs });
  // An idle connection the server closes (restart, failover) must not bring the process down.
  pool.on("error", (err) => console.error(`[tracker] database connection lost: ${err.message}`));
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  // Several web servers may start at once: one applies the migrations, the others wait. With a
  // migration URL they are applied as that role (the owner) on a connection of its own.
  const owner = opts.migrationDatabaseUrl ? new pg.Client({ connectionString: opts.migrationDatabaseUrl, connectionTimeoutMillis: 10_000 }) : undefined;
  if (owner) await owner.connect();
  const lockClient = owner ?? (await pool.connect());
  try {
    await lockClient.query("set statement_timeout = 0");
    await lockClient.query("select pg_advisory_lock(727274)");
    await migratePg(drizzlePg(lockClient, { schema }), { migrationsFolder });
    if (opts.seedOnServer && opts.onFirstStart) await opts.onFirstStart(db);
  } finally {
    await lockClient.query("select pg_advisory_unlock(727274)").catch(() => undefined);
    // The session setting must not follow the connection back into the pool.
    await lockClient.query("reset statement_timeout").catch(() => undefined);
    if (owner) await owner.end().catch(() => undefined);
    else (lockClient as pg.PoolClient).release();
  }
  const runCancellable = async <T>(signal: AbortSignal | undefined, fn: (db: Database) => Promise<T>): Promise<T> => {
    if (!signal) return fn(db);
    signal.throwIfAborted();
    const client = await pool.connect();
    const pid = (client as unknown as { processID: number }).processID;
    const onAbort = () => {
      pool.query("select pg_cancel_backend($1)", [pid]).catch(() => undefined);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      return await fn(drizzlePg(client, { schema }) as unknown as Database);
    } finally {
      signal.removeEventListener("abort", onAbort);
      client.release(signal.aborted);
    }
  };
  return { db, kind: "postgres", created: false, close: () => pool.end(), runCancellable };
}

async function openEmbedded(opts: OpenOptions): Promise<DbHandle> {
  if (opts.dataDir === "memory://") {
    const client = new PGlite();
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    await migratePglite(drizzlePglite(client), { migrationsFolder });
    if (opts.onFirstStart) await opts.onFirstStart(db);
    return { db, kind: "pglite", created: true, close: () => client.close(), runCancellable: embeddedRunCancellable(db) };
  }

  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = takeLock(dataDir);
  const pgDir = path.join(dataDir, "pgdata");
  let created = false;
  try {
    if (!fs.existsSync(pgDir)) {
      // Build the database in a temporary folder and rename it into place, so that an
      // interrupted first start leaves nothing half-made behind.
      const tmpDir = path.join(dataDir, `pgdata.creating-${process.pid}`);
      fs.rmSync(tmpDir, { recursive: true, force: true });
      const fresh = new PGlite(tmpDir);
      try {
        await migratePglite(drizzlePglite(fresh), { migrationsFolder });
        if (opts.onFirstStart) await opts.onFirstStart(drizzlePglite(fresh, { schema }) as unknown as Database);
      } finally {
        await fresh.close();
      }
      fs.renameSync(tmpDir, pgDir);
      created = true;
    }
    const client = new PGlite(pgDir);
    await migratePglite(drizzlePglite(client), { migrationsFolder });
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    return {
      db,
      kind: "pglite",
      created,
      runCancellable: embeddedRunCancellable(db),
      dumpDataDir: async () => client.dumpDataDir("gzip"),
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/**
 * Creates the embedded database in `dataDir` from a tarball of PGlite's dumpDataDir (a restore),
 * refusing a folder that has one already. `check` runs on it before it is put in place (no
 * migrations run here: the server applies newer ones at its next start).
 */
export async function restoreEmbedded(dataDirIn: string, tarball: Blob, check: (db: Database) => Promise<void>): Promise<void> {
  const dataDir = path.resolve(dataDirIn);
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = takeLock(dataDir);
  try {
    const pgDir = path.join(dataDir, "pgdata");
    if (fs.existsSync(pgDir)) throw new Error(`${dataDir} holds a database already; restore goes only into an empty one.`);
    const tmpDir = path.join(dataDir, `pgdata.restoring-${process.pid}`);
    fs.rmSync(tmpDir, { recursive: true, force: true });
    try {
      const fresh = new PGlite(tmpDir, { loadDataDir: tarball });
      try {
        await check(drizzlePglite(fresh, { schema }) as unknown as Database);
      } finally {
        await fresh.close();
      }
      fs.renameSync(tmpDir, pgDir);
    } catch (err) {
      fs.rmSync(tmpDir, { recursive: true, force: true });
      throw err;
    }
  } finally {
    releaseLock();
  }
}

/** One process owns a PGlite folder: a lock file holds its pid. */
function takeLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, "server.pid");
  if (fs.existsSync(lockFile)) {
    const pid = Number(fs.readFileSync(lockFile, "utf8").trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${pid}. ` +
          `Stop that process first, or point DATA_DIR at another folder.`,
      );
    }
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8").trim() === String(process.pid)) fs.rmSync(lockFile);
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function embeddedRunCancellable(db: Database) {
  return async <T>(signal: AbortSignal | undefined, fn: (db: Database) => Promise<T>): Promise<T> => {
    signal?.throwIfAborted();
    return fn(db);
  };
}
