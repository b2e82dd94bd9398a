import "server-only";
import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db";
import { appliedSchemaVersion, expectedSchemaVersion } from "@/db/migrations-info";
import { getFileStore } from "@/lib/storage/file-store";

// No viewer here: a load balancer asks without credentials, and nothing of any user is read.

export type HealthPart = "server" | "database" | "migrations" | "files";
export type HealthReport = {
  ok: boolean;
  /** The parts that failed, in order; empty when ok. */
  failed: HealthPart[];
  checks: Record<HealthPart, { ok: boolean; detail?: string }>;
};

/** Each part answers within this, or counts as failed: a balancer must not wait on a hung database. */
const PART_TIMEOUT_MS = 3_000;

const holder = globalThis as unknown as { __trackerShuttingDown?: boolean };

/** Marks the process as stopping: health answers 503 from now on, so balancers send no more requests. */
export function markShuttingDown(): void {
  holder.__trackerShuttingDown = true;
}

export async function checkHealth(): Promise<HealthReport> {
  const database = part(async () => {
    const { db } = await getDbHandle();
    await db.execute(sql`select 1`);
  });
  const migrations = part(async () => {
    const { db } = await getDbHandle();
    const applied = await appliedSchemaVersion(db);
    const expected = expectedSchemaVersion();
    if (applied !== expected) throw new Error(`the database is at ${applied}, this release expects ${expected}`);
  });
  const files = part(() => getFileStore().probe());
  const server = holder.__trackerShuttingDown ? { ok: false, detail: "shutting down" } : { ok: true };
  const checks = { server, database: await database, migrations: await migrations, files: await files };
  const failed = (Object.keys(checks) as HealthPart[]).filter((k) => !checks[k].ok);
  return { ok: failed.length === 0, failed, checks };
}

async function part(run: () => Promise<void>): Promise<{ ok: boolean; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PART_TIMEOUT_MS} ms`)), PART_TIMEOUT_MS);
  });
  try {
    await Promise.race([run(), timeout]);
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: describe(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** The endpoint is public: a system error's code (ECONNREFUSED, EACCES, 57P03), else the message's first line. */
function describe(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && code) return code;
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0]!.slice(0, 200);
}
