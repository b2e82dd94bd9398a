import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { reportVersions } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";

/**
 * A returned report being corrected is the bureau's work in progress, like a draft: everyone else
 * (staff, leaders, the league-city above) sees what was submitted — the report as it was returned —
 * until it is submitted again. The one rule; every reader of report content calls it.
 */
export function seesWorkInProgress(viewer: Viewer, r: { regionCode: string }): boolean {
  return can(viewer, "report.write", { regionCode: r.regionCode });
}

type Content = { progress: number; status: "on_track" | "at_risk" | "behind" | "complete"; workDone: string; problems: string; nextSteps: string; dropReason: string };
export type SubmittedSnapshot = Content & { version: number; indicatorValues: { indicatorId: number; value: number | null }[] };

/** The content each returned report had when it was returned (its latest "return" version). */
export async function returnedSnapshots(reportIds: readonly number[]): Promise<Map<number, SubmittedSnapshot>> {
  const out = new Map<number, SubmittedSnapshot>();
  if (reportIds.length === 0) return out;
  const db = await getDb();
  const rows = await db
    .selectDistinctOn([reportVersions.reportId], {
      reportId: reportVersions.reportId,
      version: reportVersions.version,
      progress: reportVersions.progress,
      status: reportVersions.status,
      workDone: reportVersions.workDone,
      problems: reportVersions.problems,
      nextSteps: reportVersions.nextSteps,
      dropReason: reportVersions.dropReason,
      indicatorValues: reportVersions.indicatorValues,
    })
    .from(reportVersions)
    .where(and(inArray(reportVersions.reportId, [...reportIds]), eq(reportVersions.action, "return")))
    .orderBy(reportVersions.reportId, desc(reportVersions.version));
  for (const { reportId, ...snapshot } of rows) out.set(reportId, snapshot);
  return out;
}

/**
 * Rows of reports as `viewer` may see them: a returned report that is not the viewer's own
 * bureau's shows its content as returned. Fields the rows do not have are left out.
 */
export async function asSubmitted<T extends { id: number; state: string; regionCode: string }>(viewer: Viewer, rows: T[]): Promise<T[]> {
  const hidden = rows.filter((r) => r.state === "returned" && !seesWorkInProgress(viewer, r)).map((r) => r.id);
  if (hidden.length === 0) return rows;
  const snapshots = await returnedSnapshots(hidden);
  return rows.map((r) => {
    const s = snapshots.get(r.id);
    if (!s || r.state !== "returned" || seesWorkInProgress(viewer, r)) return r;
    const copy: Record<string, unknown> = { ...r };
    for (const key of ["progress", "status", "workDone", "problems", "nextSteps", "dropReason", "indicatorValues"] as const) {
      if (key in copy) copy[key] = s[key];
    }
    return copy as T;
  });
}

/** A report's history as `viewer` may see it: without the bureau's saves since it was last returned. */
export function historyAsSubmitted<V extends { action: string; version: number }>(viewer: Viewer, report: { state: string; regionCode: string }, versions: V[]): V[] {
  if (report.state !== "returned" || seesWorkInProgress(viewer, report)) return versions;
  const lastReturn = Math.max(...versions.filter((v) => v.action === "return").map((v) => v.version));
  return versions.filter((v) => v.version <= lastReturn);
}
