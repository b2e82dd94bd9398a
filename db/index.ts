import { getEnv } from "@/lib/env";
import { openDatabase, type Database, type DbHandle } from "./client";
import { fillMissingStates } from "./derived-state";
import { seedDemo } from "./seed";

export type { Database, Executor } from "./client";

const holder = globalThis as unknown as { __trackerDb?: Promise<DbHandle> };

/**
 * The process's one database: PGlite in DATA_DIR by default, PostgreSQL with DATABASE_URL.
 * Opened (and migrated, and seeded on first start in demo mode) on first use.
 */
export function getDbHandle(): Promise<DbHandle> {
  if (!holder.__trackerDb) {
    const env = getEnv();
    holder.__trackerDb = openDatabase({
      databaseUrl: env.databaseUrl,
      migrationDatabaseUrl: env.migrationDatabaseUrl,
      dataDir: env.dataDir,
      seedOnServer: env.seedDemo,
      statementTimeoutMs: env.statementTimeoutMs,
      preparedStatements: env.preparedStatements,
      // A first start takes a while (creating, migrating, seeding): the console says what it is doing.
      onProgress: (step) => console.log(`[tracker] first start: ${step}…`),
      onFirstStart: env.seedDemo ? (db) => seedDemo(db, { password: env.demoPassword }) : undefined,
    })
      .then(async (handle) => {
        await fillMissingStates(handle.db);
        return handle;
      })
      .catch((err: unknown) => {
      holder.__trackerDb = undefined;
      throw err;
    });
  }
  return holder.__trackerDb;
}

export async function getDb(): Promise<Database> {
  return (await getDbHandle()).db;
}

/** Runs `fn` so that its statements stop when `signal` aborts (see DbHandle.runCancellable). */
export async function withCancellation<T>(signal: AbortSignal | undefined, fn: (db: Database) => Promise<T>): Promise<T> {
  return (await getDbHandle()).runCancellable(signal, fn);
}
