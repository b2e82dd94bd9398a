import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { refreshAssignmentStates } from "@/db/derived-state";
import { assignments, plans, regions, tasks } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { assignedStart } from "@/lib/domain/reporting";
import { breakDownSchema, type BreakDownInput } from "@/lib/validation/breakdown";
import { recordAudit } from "./audit";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { notifyNewAssignments } from "./notifications";

export type BreakDownResult = { created: { assignmentId: number; regionCode: string }[]; existing: string[] };

/**
 * 逐级分解: a league-city bureau gives its own assignment to banner-counties directly below it.
 * Each county gets an assignment of the same measure and window, reports on it, and the
 * league-city reviews those reports; every roll-up counts them under the league-city.
 * Counties that already have it are left as they are.
 */
export async function breakDownAssignment(input: BreakDownInput, now: Date = new Date()): Promise<BreakDownResult> {
  const viewer = await requireViewer("assignment.breakDown");
  const data = breakDownSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [a] = await tx
      .select({ id: assignments.id, taskId: assignments.taskId, regionCode: assignments.regionCode, startDate: assignments.startDate, dueDate: assignments.dueDate, closedAt: assignments.closedAt, planState: plans.state, number: tasks.number, title: tasks.title })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(and(eq(assignments.id, data.assignmentId), sql`${tasks.archivedAt} is null`));
    if (!a || a.planState === "draft" || !can(viewer, "assignment.breakDown", { regionCode: a.regionCode })) throw new NotFoundError(`assignment ${data.assignmentId}`);
    if (a.planState !== "published") throw new ConflictError("The plan is closed", "planClosed");
    if (a.closedAt) throw new ConflictError("The assignment is closed", "assignmentClosed");

    const wanted = [...new Set(data.regionCodes)];
    const below = await tx.select({ code: regions.code }).from(regions).where(and(inArray(regions.code, wanted), eq(regions.parentCode, a.regionCode), eq(regions.active, true)));
    if (below.length !== wanted.length) throw new InvalidInputError({ regionCodes: "notBelow" });

    const inserted = await tx
      .insert(assignments)
      // A county starts on the day it is given the measure, not on the league-city's own start.
      .values(wanted.map((regionCode) => ({ taskId: a.taskId, regionCode, startDate: assignedStart(a, now), dueDate: a.dueDate, createdAt: now, updatedAt: now })))
      .onConflictDoNothing({ target: [assignments.taskId, assignments.regionCode] })
      .returning({ id: assignments.id, regionCode: assignments.regionCode });
    await refreshAssignmentStates(tx, inserted.map((r) => r.id), now);
    const createdCodes = new Set(inserted.map((r) => r.regionCode));
    await recordAudit(tx, {
      actorId: viewer.id,
      action: "assignment.breakDown",
      entityType: "task",
      entityId: a.taskId,
      regionCode: a.regionCode,
      after: { from: a.id, regions: [...createdCodes].sort() },
    });
    await notifyNewAssignments(tx, inserted.map((r) => r.id));
    return { created: inserted.map((r) => ({ assignmentId: r.id, regionCode: r.regionCode })), existing: wanted.filter((c) => !createdCodes.has(c)) };
  });
}
