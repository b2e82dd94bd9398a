import "server-only";
import { asc, eq, max } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { indicatorRegionTargets, indicators, reportIndicatorValues } from "@/db/schema";
import { indicatorCreateSchema, indicatorDeleteSchema, indicatorPatchSchema, indicatorUpdateSchema } from "@/lib/validation/plan";
import { recordAudit } from "./audit";
import { ConflictError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { lockTaskForWrite, requireRegions } from "./plan-store";

/**
 * Quantified indicators of a task with their per-region targets. Audited on the task (entity
 * "task"), so that a task's history is one indexed look-up.
 */

/** An indicator with its region targets, read in the caller's transaction (null: there is none). */
export async function indicatorState(tx: Executor, indicatorId: number) {
  const [row] = await tx
    .select({ id: indicators.id, taskId: indicators.taskId, name: indicators.name, nameEn: indicators.nameEn, unit: indicators.unit, direction: indicators.direction, baseline: indicators.baseline, target: indicators.target })
    .from(indicators)
    .where(eq(indicators.id, indicatorId));
  if (!row) return null;
  const regionTargets = await tx
    .select({ regionCode: indicatorRegionTargets.regionCode, baseline: indicatorRegionTargets.baseline, target: indicatorRegionTargets.target })
    .from(indicatorRegionTargets)
    .where(eq(indicatorRegionTargets.indicatorId, indicatorId))
    .orderBy(asc(indicatorRegionTargets.regionCode));
  return { ...row, regionTargets };
}

export async function createIndicator(input: unknown): Promise<{ id: number }> {
  const viewer = await requireViewer("plan.write");
  const { taskId, regionTargets, ...fields } = indicatorCreateSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockTaskForWrite(tx, taskId);
    await requireRegions(tx, regionTargets.map((r) => r.regionCode), "regionTargets");
    const [last] = await tx.select({ n: max(indicators.sortOrder) }).from(indicators).where(eq(indicators.taskId, taskId));
    const [row] = await tx.insert(indicators).values({ taskId, ...fields, sortOrder: (last?.n ?? -1) + 1 }).returning({ id: indicators.id });
    if (regionTargets.length) await tx.insert(indicatorRegionTargets).values(regionTargets.map((r) => ({ indicatorId: row!.id, ...r })));
    await recordAudit(tx, { actorId: viewer.id, action: "indicator.create", entityType: "task", entityId: taskId, after: { indicatorId: row!.id, ...fields, regionTargets } });
    return { id: row!.id };
  });
}

/** Replaces an indicator's fields and its per-region targets. */
export async function updateIndicator(input: unknown): Promise<void> {
  const viewer = await requireViewer("plan.write");
  const { indicatorId, ...data } = indicatorUpdateSchema.parse(input);
  await changeIndicator(viewer.id, indicatorId, data);
}

/** Edits some of an indicator's fields (the API's PATCH): what is left out stays; `regionTargets`, when sent, replace them all. */
export async function patchIndicator(input: unknown): Promise<{ id: number }> {
  const viewer = await requireViewer("plan.write");
  const { indicatorId, ...changes } = indicatorPatchSchema.parse(input);
  await changeIndicator(viewer.id, indicatorId, changes);
  return { id: indicatorId };
}

type IndicatorState = NonNullable<Awaited<ReturnType<typeof indicatorState>>>;
type IndicatorFields = Omit<IndicatorState, "id" | "taskId">;

async function changeIndicator(actorId: number, indicatorId: number, changes: Partial<IndicatorFields>): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const before = await indicatorState(tx, indicatorId);
    if (!before) throw new NotFoundError(`indicator ${indicatorId}`);
    await lockTaskForWrite(tx, before.taskId);
    await writeIndicator(tx, actorId, before, changes);
  });
}

/** Writes an indicator's changed fields and targets over `before`, audited; the caller has locked its task. */
export async function writeIndicator(tx: Executor, actorId: number, before: IndicatorState, changes: Partial<IndicatorFields>): Promise<void> {
  const { taskId, id: indicatorId, regionTargets: beforeTargets, ...beforeFields } = before;
  const { regionTargets = beforeTargets, ...changed } = changes;
  const fields = { ...beforeFields, ...changed };
  await requireRegions(tx, regionTargets.map((r) => r.regionCode), "regionTargets");
  await tx.update(indicators).set({ ...fields, updatedAt: new Date() }).where(eq(indicators.id, indicatorId));
  await tx.delete(indicatorRegionTargets).where(eq(indicatorRegionTargets.indicatorId, indicatorId));
  if (regionTargets.length) await tx.insert(indicatorRegionTargets).values(regionTargets.map((r) => ({ indicatorId, ...r })));
  await recordAudit(tx, { actorId, action: "indicator.update", entityType: "task", entityId: taskId, before: { indicatorId, ...beforeFields, regionTargets: beforeTargets }, after: { indicatorId, ...fields, regionTargets } });
}

/** Removes an indicator nobody has reported a value of; one with values is kept (409). */
export async function deleteIndicator(input: unknown): Promise<void> {
  const viewer = await requireViewer("plan.write");
  const { indicatorId } = indicatorDeleteSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const before = await indicatorState(tx, indicatorId);
    if (!before) throw new NotFoundError(`indicator ${indicatorId}`);
    await lockTaskForWrite(tx, before.taskId);
    const [value] = await tx.select({ id: reportIndicatorValues.reportId }).from(reportIndicatorValues).where(eq(reportIndicatorValues.indicatorId, indicatorId)).limit(1);
    if (value) throw new ConflictError("The indicator has reported values", "indicatorHasValues");
    await tx.delete(indicatorRegionTargets).where(eq(indicatorRegionTargets.indicatorId, indicatorId));
    await tx.delete(indicators).where(eq(indicators.id, indicatorId));
    const { taskId, id: _id, ...beforeFields } = before;
    await recordAudit(tx, { actorId: viewer.id, action: "indicator.delete", entityType: "task", entityId: taskId, before: { indicatorId, ...beforeFields } });
  });
}
