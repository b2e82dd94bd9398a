import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Database } from "./client";

/** The committed migrations, in order: drizzle's journal. */
export type MigrationEntry = { idx: number; tag: string; when: number };

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export function committedMigrations(folder = migrationsFolder): MigrationEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: MigrationEntry[] };
  return journal.entries;
}

/** The schema version this code expects: the tag of the last committed migration. */
export function expectedSchemaVersion(folder = migrationsFolder): string {
  const last = committedMigrations(folder).at(-1);
  if (!last) throw new Error("no migrations in the journal");
  return last.tag;
}

/**
 * The schema version of a database: the tag of the last migration applied to it (drizzle records
 * each one's journal time), "none" on a database never migrated, "unknown:<time>" for a migration
 * this code does not know (a newer release ran against it).
 */
export async function appliedSchemaVersion(db: Database, folder = migrationsFolder): Promise<string> {
  const present = rowsOf<{ present: boolean }>(await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`));
  if (!present[0]?.present) return "none";
  const result = rowsOf<{ last: string | null }>(await db.execute(sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`));
  const last = result[0]?.last;
  if (!last) return "none";
  const entry = committedMigrations(folder).find((e) => String(e.when) === last);
  return entry ? entry.tag : `unknown:${last}`;
}

/** The rows of db.execute's answer (PGlite's and node-postgres's both carry them as `rows`). */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
