import type { DbHandle } from "@/db/client";
import { verifyAssignmentStates, verifyFigureCells, verifyRevisionSums } from "@/db/derived-state";

/**
 * What `npm run db:verify` checks, after every integration file's scenarios: each assignment's
 * kept state equals the one recomputed from its raw reports, and each figure cell the sums of
 * the kept states, and each plan's kept sum of revision counters their sum. A difference fails the
 * file.
 */
export async function verifyKeptState(): Promise<void> {
  const holder = globalThis as unknown as { __trackerDb?: Promise<DbHandle> };
  const handle = await holder.__trackerDb?.catch(() => undefined);
  if (!handle) return;
  const { differences } = await verifyAssignmentStates(handle.db);
  if (differences.length > 0) {
    const shown = differences.slice(0, 10).map((d) => `assignment ${d.assignmentId}: ${d.field} kept ${JSON.stringify(d.kept)}, derived ${JSON.stringify(d.derived)}`);
    throw new Error(`db:verify after this file: ${differences.length} differences\n${shown.join("\n")}`);
  }
  const cells = await verifyFigureCells(handle.db);
  if (cells.differences.length > 0) {
    const shown = cells.differences.slice(0, 10).map((d) => `cell ${d.planId}/${d.regionCode}/${d.topTask}: ${d.field} kept ${JSON.stringify(d.kept)}, derived ${JSON.stringify(d.derived)}`);
    throw new Error(`db:verify after this file: ${cells.differences.length} cell differences\n${shown.join("\n")}`);
  }
  const sums = await verifyRevisionSums(handle.db);
  if (sums.differences.length > 0) {
    const shown = sums.differences.slice(0, 10).map((d) => `plan ${d.planId}: revision sum kept ${d.kept}, derived ${d.derived}`);
    throw new Error(`db:verify after this file: ${sums.differences.length} revision sum differences\n${shown.join("\n")}`);
  }
}
