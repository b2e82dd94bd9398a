/**
 * npm run backup -- --out DIR
 *
 * A consistent backup of the database (DATABASE_URL: pg_dump's custom format, from one snapshot,
 * while the app keeps running; else the embedded database in DATA_DIR, which the server must not
 * hold open) and of the evidence files the database points at, with DIR/manifest.json: rows per
 * table, sha256 of every file, the schema version. DIR must be new or empty.
 */
import { createBackup } from "@/db/backup";
import { getEnv } from "@/lib/env";
import { getFileStore } from "@/lib/storage/file-store";

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const outDir = arg("out");
  if (!outDir) throw new Error("Give --out DIR (a new or empty folder).");
  const env = getEnv();
  await createBackup({ databaseUrl: env.databaseUrl, dataDir: env.dataDir, store: getFileStore(), outDir });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`backup: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
