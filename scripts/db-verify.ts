/**
 * npm run db:verify [-- --repair] — recomputes everything derived from the raw reports and
 * prints every difference from what is kept; exits 1 when there is one.
 *
 * Checked: each assignment's kept state (assignment_states) against the rule in
 * lib/domain/reporting applied to its own reports; each report's version number against its
 * newest kept version; each report's first submission against its versions; each figure cell
 * (per plan, region and key task) against the sums of the kept states; each plan's kept sum of
 * its revision counters against their sum. `--repair` writes the derived assignment states, cells
 * and sums where they differ, and sums the cells of plans not yet kept whole (the other two are
 * history: reported only).
 *
 * The database: DATABASE_URL, else the embedded one in DATA_DIR (./data), which must not be
 * open in a running server at the same time.
 */
import { sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { rebuildPlanCells, verifyAssignmentStates, verifyFigureCells, verifyRevisionSums } from "@/db/derived-state";
import { figureStale } from "@/db/schema";

/** `--repair`, `--database-url URL` or `--database-url=URL`; anything else is refused (a misspelt option must not verify another database). */
function parseArgs(args: string[]): { repair: boolean; urlArg: string | undefined } {
  let repair = false;
  let urlArg: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--repair") repair = true;
    else if (arg.startsWith("--database-url=")) urlArg = arg.slice("--database-url=".length);
    else if (arg === "--database-url" && args[i + 1] !== undefined) urlArg = args[++i];
    else {
      console.error(`db:verify: unknown argument ${arg} (it takes --repair and --database-url URL)`);
      process.exit(2);
    }
  }
  return { repair, urlArg };
}

type Difference = { what: string; id: string; field: string; kept: unknown; derived: unknown };

async function main(): Promise<number> {
  const { repair, urlArg } = parseArgs(process.argv.slice(2));
  const databaseUrl = urlArg ?? (process.env.DATABASE_URL || undefined);
  const dataDir = process.env.DATA_DIR || "./data";
  let handle: DbHandle | undefined;
  const started = Date.now();
  try {
    handle = await openDatabase({ databaseUrl, dataDir });
    const db = handle.db;
    const differences: Difference[] = [];

    const states = await verifyAssignmentStates(db, {
      repair,
      onProgress: (n) => process.stderr.write(`\rassignment states: ${n} checked`),
    });
    process.stderr.write("\n");
    for (const d of states.differences) differences.push({ what: "assignment", id: String(d.assignmentId), field: d.field, kept: d.kept, derived: d.derived });

    const cells = await verifyFigureCells(db, { repair });
    for (const d of cells.differences) differences.push({ what: "cell", id: `${d.planId}/${d.regionCode}/${d.topTask}`, field: d.field, kept: d.kept, derived: d.derived });
    if (repair) {
      for (const { planId } of await db.select({ planId: figureStale.planId }).from(figureStale)) await db.transaction((tx) => rebuildPlanCells(tx, planId));
    }

    const sums = await db.transaction((tx) => verifyRevisionSums(tx, { repair }));
    for (const d of sums.differences) differences.push({ what: "revision sum", id: String(d.planId), field: "total", kept: d.kept, derived: d.derived });

    const versionRows = await db.execute(sql`
      select r.id, r.version, v.max_version from reports r
      left join (select report_id, max(version) as max_version from report_versions group by report_id) v on v.report_id = r.id
      where r.version <> coalesce(v.max_version, 0) and r.version > 0
      limit 1000`);
    for (const r of (versionRows as unknown as { rows: { id: number; version: number; max_version: number | null }[] }).rows) {
      differences.push({ what: "report", id: String(r.id), field: "version", kept: r.version, derived: r.max_version });
    }

    const firstRows = await db.execute(sql`
      select r.id, r.first_submitted_at::text as kept, v.first_at::text as derived from reports r
      left join (select report_id, min(created_at) as first_at from report_versions where action = 'submit' group by report_id) v on v.report_id = r.id
      where r.first_submitted_at is distinct from v.first_at
      limit 1000`);
    for (const r of (firstRows as unknown as { rows: { id: number; kept: string | null; derived: string | null }[] }).rows) {
      differences.push({ what: "report", id: String(r.id), field: "first_submitted_at", kept: r.kept, derived: r.derived });
    }

    for (const d of differences.slice(0, 100)) {
      console.log(`${d.what} ${d.id}: ${d.field} kept ${JSON.stringify(d.kept)}, derived ${JSON.stringify(d.derived)}`);
    }
    if (differences.length > 100) console.log(`… and ${differences.length - 100} more`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const repaired = repair && states.differences.length + cells.differences.length + sums.differences.length ? ` (assignment states, cells and revision sums repaired)` : "";
    console.log(`db:verify: ${states.checked} assignments and ${cells.checked} figure cells checked, ${differences.length} differences${repaired} in ${seconds} s`);
    return differences.length === 0 || (repair && differences.every((d) => d.what === "assignment" || d.what === "cell" || d.what === "revision sum")) ? 0 : 1;
  } finally {
    await handle?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`db:verify failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
