import { afterAll } from "vitest";
import "./session-mock";
import { verifyKeptState } from "./verify-derived";

// Each test file gets its own in-memory PGlite, migrated from db/migrations.
process.env.DATA_DIR = "memory://";
process.env.SEED_DEMO = "0";
delete process.env.DATABASE_URL;
process.env.NEXTAUTH_SECRET ??= "integration-tests-secret-0123456789";

afterAll(async () => {
  await verifyKeptState();
  const holder = globalThis as unknown as { __trackerDb?: Promise<{ close(): Promise<void> }> };
  const handle = await holder.__trackerDb?.catch(() => undefined);
  await handle?.close();
  holder.__trackerDb = undefined;
});
