/**
 * npm run restore -- --from DIR
 *
 * Restores a backup of `npm run backup` into an empty database (DATABASE_URL, a new database on
 * the server; else a DATA_DIR without one) and an empty file store, after checking every checksum
 * of the manifest; refuses a database or store that holds anything. The server applies newer
 * migrations at its next start.
 */
import { restoreBackup } from "@/db/backup";
import { getEnv } from "@/lib/env";
import { getFileStore } from "@/lib/storage/file-store";

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const fromDir = arg("from");
  if (!fromDir) throw new Error("Give --from DIR (a folder written by npm run backup).");
  const env = getEnv();
  await restoreBackup({ databaseUrl: env.databaseUrl, dataDir: env.dataDir, store: getFileStore(), fromDir });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`restore: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
