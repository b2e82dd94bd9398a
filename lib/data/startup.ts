import "server-only";
import { getDbHandle } from "@/db";
import { leagueCities } from "@/db/seed/regions-data";
import { getEnv } from "@/lib/env";
import { getAuthSecret } from "@/lib/auth/secret";
import { startJobRunner } from "./job-runner";
import { purgeRemovedAttachments } from "./attachments";

const HOUR_MS = 3_600_000;

/** Removed evidence files past their retention are deleted now and every hour (a failure is logged and tried again). */
function schedulePurge(): void {
  const run = () => purgeRemovedAttachments().catch((err: unknown) => console.error(`[tracker] removing retained evidence files failed: ${err instanceof Error ? err.message : String(err)}`));
  void run();
  setInterval(run, HOUR_MS).unref();
}

/** Runs once when the server starts: opens (creates, migrates, seeds) the database, checks the secret, prints the demo logins. */
export async function startServer(): Promise<void> {
  const env = getEnv();
  getAuthSecret();
  const started = Date.now();
  const handle = await getDbHandle();
  const where = handle.kind === "pglite" ? `embedded PostgreSQL (PGlite) in ${env.dataDir}` : "PostgreSQL server (DATABASE_URL)";
  const lines = [`[tracker] database ready: ${where}${handle.created ? ", created and loaded with demo data" : ""} (${Date.now() - started} ms)`];
  if (env.seedDemo) {
    lines.push(
      `[tracker] demo logins (password: ${env.demoPassword}):`,
      "  admin    — system administrator (users, regions)",
      "  secadmin — security administrator (roles, password and session policy, unlock)",
      "  auditor  — audit administrator (the audit log)",
      "  staff    — department officer (plans, review)",
      "  leader   — leader (dashboard)",
      ...leagueCities.map((r) => `  bureau-${r.code} — ${r.nameZh} ${r.nameEn} bureau`),
    );
  }
  console.log(lines.join("\n"));
  // The scheduled reminders (npm start sets JOBS=1): a runner that cannot start is logged, the server still serves.
  if (env.jobs) await startJobRunner().catch((err: unknown) => console.error(`[tracker] job runner not started: ${err instanceof Error ? err.message : String(err)}`));
  schedulePurge();
}
