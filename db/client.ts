import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock";
import { DurableNodeFS } from "./durable-fs";
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
  /** The embedded database only: what its flushes to disk have done so far (tests, the bench). */
  syncStats?: () => { flushes: number; fileSyncs: number; dirSyncs: number };
};

export type OpenOptions = {
  /** postgres://… to use a server; otherwise PGlite in dataDir. */
  databaseUrl?: string;
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
  /** On a server: each connection keeps the statements it runs prepared (StatementCachingClient); default true. */
  preparedStatements?: boolean;
  /** Told each step of a first start (the console says what the server is doing). */
  onProgress?: (step: string) => void;
  /**
   * "memory://" only: the database starts as a copy of this dump (dumpDataDir of another one),
   * then migrates as any other. The tests start each file from one seeded copy this way.
   */
  initialData?: Blob;
};


export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) return openServer(opts.databaseUrl, opts);
  return openEmbedded(opts);
}

async function openServer(url: string, opts: OpenOptions): Promise<DbHandle> {
  // An unreachable server fails a request within seconds instead of hanging it.
  // No JIT: its compile time (100–150 ms on the dashboard's grouped reads, whose cost estimates cross
  // the server's threshold) is more than these bounded queries ever run.
  const pool = new RecoveringPool({ Client: opts.preparedStatements === false ? pg.Client : StatementCachingClient, connectionString: url, max: 10, connectionTimeoutMillis: 10_000, statement_timeout: opts.statementTimeoutMs, options: "-c jit=off" });
  // An idle connection the server closes (restart, failover) must not bring the process down.
  pool.on("error", (err) => console.error(`[tracker] database connection lost: ${err.message}`));
  // Nor one closed while in use: the pool listens only to its idle connections, and an 'error'
  // nobody listens to ends the process. The query running on it fails by itself (a 503).
  pool.on("connect", (client) => client.on("error", () => undefined));
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

/**
 * A connection that keeps the statements it runs prepared (named), as PostgreSQL's own drivers
 * for other languages do: the server parses and plans a statement once per connection instead of
 * at every run, and after a few runs may keep one plan for it. What is named: statements with
 * parameters (the only ones sent with the extended protocol; one text, one statement) and at most
 * 64 of them, so that a bulk insert, whose text changes with its row count, runs unnamed; at most
 * STATEMENTS_KEPT texts per connection, the later ones unnamed.
 */
const STATEMENTS_KEPT = 500;

class StatementCachingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const names = new Map<string, string>();
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    // drizzle passes the parameters beside the statement (query(config, values)).
    const named = (config: unknown, values: unknown): unknown => {
      if (!config || typeof config !== "object") return config;
      const c = config as { text?: unknown; name?: unknown; values?: unknown; submit?: unknown };
      const params = c.values ?? values;
      // A Query or cursor object (it has submit) is passed on as it is: a copy would lose its methods.
      if (typeof c.submit === "function" || typeof c.text !== "string" || c.name !== undefined || !Array.isArray(params) || params.length === 0 || params.length > 64) return config;
      let name = names.get(c.text);
      if (name === undefined) {
        if (names.size >= STATEMENTS_KEPT) return config;
        name = `s${names.size + 1}`;
        names.set(c.text, name);
      }
      return { ...c, name };
    };
    this.query = ((config: unknown, ...rest: unknown[]) => query(named(config, rest[0]), ...rest)) as typeof this.query;
  }
}

/**
 * A pool that takes back a connection that died while checked out (a restart, a failover), so
 * that the pool opens a new one in its place. drizzle's transaction() (0.45) sends BEGIN before
 * the try/finally that releases its connection (drizzle-orm issue 6023): a BEGIN on a connection
 * the server has just closed would keep it checked out for good, and ten of those leave every
 * request waiting for a connection until the process restarts. Its holder's own release() later
 * does nothing; pool.query() (the callback form) releases on error by itself.
 */
class RecoveringPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    return super.connect().then(releasedWhenDead);
  }
}

function releasedWhenDead(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  let released = false;
  const onError = (err: Error) => {
    if (released) return;
    released = true;
    // With the error, the pool drops the connection instead of handing it out again.
    release(err);
  };
  client.on("error", onError);
  client.release = (err?: Error | boolean) => {
    client.removeListener("error", onError);
    if (released) return;
    released = true;
    release(err);
  };
  return client;
}

async function openEmbedded(opts: OpenOptions): Promise<DbHandle> {
  if (opts.dataDir === "memory://") {
    const client = new PGlite(opts.initialData ? { loadDataDir: opts.initialData } : {});
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    await migratePglite(drizzlePglite(client), { migrationsFolder });
    const created = !opts.initialData;
    if (created && opts.onFirstStart) await opts.onFirstStart(db);
    return { db, kind: "pglite", created, close: () => client.close(), runCancellable: embeddedRunCancellable(db) };
  }

  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  const pgDir = path.join(dataDir, "pgdata");
  let created = false;
  try {
    removeLeftovers(dataDir);
    if (!fs.existsSync(pgDir)) {
      // Build the database in a temporary folder and rename it into place, so that an
      // interrupted first start leaves nothing half-made behind.
      const tmpDir = path.join(dataDir, `pgdata.creating-${process.pid}`);
      let step = "creating the database";
      try {
        opts.onProgress?.("creating the embedded database");
        const fresh = await openDurable(tmpDir);
        try {
          step = "applying the migrations";
          await migratePglite(drizzlePglite(fresh.client), { migrationsFolder });
          step = "loading the first data";
          if (opts.onFirstStart) {
            opts.onProgress?.("loading the first data");
            await opts.onFirstStart(drizzlePglite(fresh.client, { schema }) as unknown as Database);
          }
        } finally {
          await fresh.client.close();
        }
        fs.renameSync(tmpDir, pgDir);
        syncDir(dataDir);
      } catch (err) {
        fs.rmSync(tmpDir, { recursive: true, force: true });
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(`the first start failed while ${step}: ${reason}. Nothing was kept in ${dataDir}; the next start begins again.`, { cause: err });
      }
      created = true;
    }
    const { client, fs: durable } = await openDurable(pgDir);
    await migratePglite(drizzlePglite(client), { migrationsFolder });
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    return {
      db,
      kind: "pglite",
      created,
      runCancellable: embeddedRunCancellable(db),
      dumpDataDir: async () => client.dumpDataDir("gzip"),
      syncStats: () => ({ ...durable.stats }),
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
 * A PGlite on a DurableNodeFS: every statement outside a transaction (PGlite's own hook) and every
 * transaction's COMMIT (wrapped here; PGlite does not sync after one) returns only once what it
 * wrote is on disk.
 */
async function openDurable(dir: string, loadDataDir?: Blob): Promise<{ client: PGlite; fs: DurableNodeFS }> {
  const durable = new DurableNodeFS(dir);
  const client = new PGlite({ fs: durable, ...(loadDataDir ? { loadDataDir } : {}) });
  await client.waitReady;
  const transaction = client.transaction.bind(client);
  client.transaction = (async (fn: Parameters<PGlite["transaction"]>[0]) => {
    const result = await transaction(fn);
    durable.flush();
    return result;
  }) as PGlite["transaction"];
  return { client, fs: durable };
}

/** Folders of first starts or restores that a crash interrupted (the lock says none is running). */
function removeLeftovers(dataDir: string): void {
  for (const name of fs.readdirSync(dataDir)) {
    if (/^pgdata\.(creating|restoring)-\d+$/.test(name)) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
  // The pid file of earlier releases; the lock is DATA_DIR/lock now.
  fs.rmSync(path.join(dataDir, "server.pid"), { force: true });
}

function syncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
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
  const releaseLock = lockDataDir(dataDir);
  try {
    removeLeftovers(dataDir);
    const pgDir = path.join(dataDir, "pgdata");
    if (fs.existsSync(pgDir)) throw new Error(`${dataDir} holds a database already; restore goes only into an empty one.`);
    const tmpDir = path.join(dataDir, `pgdata.restoring-${process.pid}`);
    try {
      const fresh = await openDurable(tmpDir, tarball);
      try {
        await check(drizzlePglite(fresh.client, { schema }) as unknown as Database);
      } finally {
        await fresh.client.close();
      }
      fs.renameSync(tmpDir, pgDir);
      syncDir(dataDir);
    } catch (err) {
      fs.rmSync(tmpDir, { recursive: true, force: true });
      throw err;
    }
  } finally {
    releaseLock();
  }
}

function embeddedRunCancellable(db: Database) {
  return async <T>(signal: AbortSignal | undefined, fn: (db: Database) => Promise<T>): Promise<T> => {
    signal?.throwIfAborted();
    return fn(db);
  };
}
