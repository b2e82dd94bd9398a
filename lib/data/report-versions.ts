import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { fixedStatement } from "@/db/fixed-select";
import { reportIndicatorValues, reportVersions } from "@/db/schema";
import type { ReportState, ReportStatus } from "@/lib/domain/reporting";

export type VersionAction = "save" | "submit" | "approve" | "return";

type VersionInput = {
  reportId: number;
  version: number;
  action: VersionAction;
  state: ReportState;
  fields: { progress: number; status: ReportStatus; workDone: string; problems: string; nextSteps: string; dropReason?: string };
  indicatorValues?: { indicatorId: number; value: number | null }[];
  reviewComment: string | null;
  actorId: number;
  now: Date;
};

/**
 * Appends a version to a report's history, inside the writing transaction: the one place a
 * version is made. Indicator values are those given, else the report's current ones.
 */
export async function appendReportVersion(tx: Executor, v: VersionInput): Promise<void> {
  const indicatorValues =
    v.indicatorValues ??
    (await tx
      .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value })
      .from(reportIndicatorValues)
      .where(eq(reportIndicatorValues.reportId, v.reportId)));
  await tx.execute(reportVersionInsert(tx, { ...v, indicatorValues }));
}

/** The version's insert, for a write that sends it with its other statements (its indicator values given). */
export function reportVersionInsert(tx: Executor, v: VersionInput & { indicatorValues: { indicatorId: number; value: number | null }[] }): SQL {
  return versionRow(tx, {
    reportId: v.reportId,
    version: v.version,
    action: v.action,
    state: v.state,
    progress: v.fields.progress,
    status: v.fields.status,
    workDone: v.fields.workDone,
    problems: v.fields.problems,
    nextSteps: v.fields.nextSteps,
    dropReason: v.fields.dropReason ?? "",
    indicatorValues: v.indicatorValues,
    reviewComment: v.reviewComment,
    actorId: v.actorId,
    createdAt: v.now,
  });
}

const VERSION_FIELDS = ["reportId", "version", "action", "state", "progress", "status", "workDone", "problems", "nextSteps", "dropReason", "indicatorValues", "reviewComment", "actorId", "createdAt"] as const;

/** The version's insert, its text built once (fixedStatement): every write of a report sends one. */
const versionRow = fixedStatement<Required<Pick<typeof reportVersions.$inferInsert, (typeof VERSION_FIELDS)[number]>>>((db) =>
  db.insert(reportVersions).values(Object.fromEntries(VERSION_FIELDS.map((f) => [f, sql.placeholder(f)])) as unknown as typeof reportVersions.$inferInsert),
);
