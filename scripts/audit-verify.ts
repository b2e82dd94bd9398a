/**
 * npm run audit:verify [-- --database-url=postgres://…] — proves the audit log's hash chain
 * (db/audit-chain.ts): prints how many entries were checked and the chain's last hash, or names
 * the first broken entry and exits 1.
 *
 * The database: DATABASE_URL, else the embedded one in DATA_DIR (./data), which must not be
 * open in a running server at the same time. Reading is enough: the app's own role will do.
 */
import { openDatabase, type DbHandle } from "@/db/client";
import { verifyAuditChain } from "@/db/audit-chain";

async function main(): Promise<number> {
  const urlArg = process.argv.slice(2).find((a) => a.startsWith("--database-url="))?.slice("--database-url=".length);
  const databaseUrl = urlArg ?? (process.env.DATABASE_URL || undefined);
  let handle: DbHandle | undefined;
  const started = Date.now();
  try {
    handle = await openDatabase({ databaseUrl, migrationDatabaseUrl: process.env.MIGRATION_DATABASE_URL || undefined, dataDir: process.env.DATA_DIR || "./data" });
    const report = await verifyAuditChain(handle.db, (n) => process.stderr.write(`\raudit entries: ${n} checked`));
    process.stderr.write("\n");
    const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    if (report.ok) {
      console.log(`audit:verify: the chain holds: ${report.checked} entries, the last ${report.lastId ?? "none"} with hash ${report.lastHash ?? "none"} (${took})`);
      return 0;
    }
    const b = report.broken!;
    console.log(`audit:verify: BROKEN at entry ${b.id ?? "?"}${b.at ? ` (${b.at}, ${b.action})` : ""}: ${b.detail}`);
    console.log(`audit:verify: ${report.checked} entries before it hold, up to entry ${report.lastId ?? "none"}`);
    return 1;
  } finally {
    await handle?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`audit:verify: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
