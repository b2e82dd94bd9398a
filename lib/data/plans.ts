import "server-only";
import { markPlanChanged, refreshAssignmentStates, refreshAssignmentStatesWhere } from "@/db/derived-state";
import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { assignments, indicatorRegionTargets, indicators, plans, reports, tasks } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { retitleForYear, shiftDate } from "@/lib/domain/plan-copy";
import { shanghaiDate } from "@/lib/domain/dates";
import { canTransition } from "@/lib/domain/task-tree";
import { copyPlanSchema, planPatchSchema, planSchema, planStateSchema, planUpdateSchema, planWithTreeSchema, type TaskTreeNode } from "@/lib/validation/plan";
import { recordAudit } from "./audit";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { notifyNewAssignments } from "./notifications";
import { insertTaskTree, recordAuditMany, renumberPlan, requireRegions, type NewTask } from "./plan-store";

export type PlanSummary = {
  id: number;
  year: number;
  title: string;
  titleEn: string;
  issuingBody: string;
  meetingDate: string | null;
  cadence: "monthly" | "quarterly";
  dueDay: number;
  state: "draft" | "published" | "closed";
  isDemo: boolean;
};

export type IndicatorNode = {
  id: number;
  name: string;
  nameEn: string;
  unit: string;
  direction: "higher" | "lower";
  baseline: number | null;
  target: number | null;
};

export type TaskNode = {
  id: number;
  parentId: number | null;
  number: string;
  title: string;
  titleEn: string;
  leadOffice: string;
  startDate: string;
  dueDate: string;
  weight: number;
  indicators: IndicatorNode[];
  children: TaskNode[];
};

export type PlanWithTasks = PlanSummary & { sourceText: string; tasks: TaskNode[]; leafCount: number };

const planColumns = {
  id: plans.id,
  year: plans.year,
  title: plans.title,
  titleEn: plans.titleEn,
  issuingBody: plans.issuingBody,
  meetingDate: plans.meetingDate,
  cadence: plans.cadence,
  dueDay: plans.dueDay,
  state: plans.state,
  isDemo: plans.isDemo,
};

/** Bureaus see published and closed plans only; drafts are the department's work in progress. */
export function visiblePlans(viewer: Viewer): SQL | undefined {
  return can(viewer, "plan.readDraft") ? undefined : ne(plans.state, "draft");
}

export async function listPlanYears(): Promise<number[]> {
  const viewer = await requireViewer("plan.read");
  const db = await getDb();
  const rows = await db.selectDistinct({ year: plans.year }).from(plans).where(visiblePlans(viewer)).orderBy(desc(plans.year));
  return rows.map((r) => r.year);
}

export async function listPlans(year?: number): Promise<PlanSummary[]> {
  const viewer = await requireViewer("plan.read");
  const db = await getDb();
  return db
    .select(planColumns)
    .from(plans)
    .where(and(visiblePlans(viewer), year === undefined ? undefined : eq(plans.year, year)))
    .orderBy(desc(plans.year), asc(plans.id));
}

/** The plans of a year, each with its task tree and indicators: three queries whatever the size. */
export async function listPlansWithTasks(year: number): Promise<PlanWithTasks[]> {
  const viewer = await requireViewer("plan.read");
  const db = await getDb();
  const planRows = await db
    .select({ ...planColumns, sourceText: plans.sourceText })
    .from(plans)
    .where(and(visiblePlans(viewer), eq(plans.year, year)))
    .orderBy(asc(plans.id));
  return attachTrees(planRows);
}

export async function getPlanWithTasks(planId: number): Promise<PlanWithTasks> {
  const viewer = await requireViewer("plan.read");
  const db = await getDb();
  const planRows = await db
    .select({ ...planColumns, sourceText: plans.sourceText })
    .from(plans)
    .where(and(visiblePlans(viewer), eq(plans.id, planId)));
  if (planRows.length === 0) throw new NotFoundError(`plan ${planId}`);
  const [plan] = await attachTrees(planRows);
  return plan!;
}

async function attachTrees(planRows: (PlanSummary & { sourceText: string })[]): Promise<PlanWithTasks[]> {
  if (planRows.length === 0) return [];
  const db = await getDb();
  const planIds = planRows.map((p) => p.id);
  const taskRows = await db
    .select({
      id: tasks.id,
      planId: tasks.planId,
      parentId: tasks.parentId,
      number: tasks.number,
      sortOrder: tasks.sortOrder,
      title: tasks.title,
      titleEn: tasks.titleEn,
      leadOffice: tasks.leadOffice,
      startDate: tasks.startDate,
      dueDate: tasks.dueDate,
      weight: tasks.weight,
    })
    .from(tasks)
    .where(and(inArray(tasks.planId, planIds), isNull(tasks.archivedAt)))
    .orderBy(asc(tasks.sortOrder), asc(tasks.id));
  const indicatorRows = await db
    .select({
      id: indicators.id,
      taskId: indicators.taskId,
      name: indicators.name,
      nameEn: indicators.nameEn,
      unit: indicators.unit,
      direction: indicators.direction,
      baseline: indicators.baseline,
      target: indicators.target,
    })
    .from(indicators)
    .innerJoin(tasks, eq(tasks.id, indicators.taskId))
    .where(inArray(tasks.planId, planIds))
    .orderBy(asc(indicators.sortOrder), asc(indicators.id));

  const nodes = new Map<number, TaskNode & { planId: number }>();
  for (const t of taskRows) nodes.set(t.id, { ...t, indicators: [], children: [] });
  for (const { taskId, ...ind } of indicatorRows) nodes.get(taskId)?.indicators.push(ind);
  const roots = new Map<number, TaskNode[]>(planIds.map((id) => [id, []]));
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.get(node.planId)?.push(node);
  }
  return planRows.map((p) => {
    const tree = roots.get(p.id) ?? [];
    return { ...p, tasks: tree, leafCount: countLeaves(tree) };
  });
}

function countLeaves(nodes: TaskNode[]): number {
  return nodes.reduce((n, t) => n + (t.children.length ? countLeaves(t.children) : 1), 0);
}

/** A plan's settings as the plan form edits them. */
const planSettingColumns = {
  year: plans.year,
  title: plans.title,
  titleEn: plans.titleEn,
  issuingBody: plans.issuingBody,
  meetingDate: plans.meetingDate,
  sourceText: plans.sourceText,
  cadence: plans.cadence,
  dueDay: plans.dueDay,
  graceDays: plans.graceDays,
  greenMaxBehind: plans.greenMaxBehind,
  yellowMaxBehind: plans.yellowMaxBehind,
};

async function assertTitleFree(tx: Executor, p: { year: number; issuingBody: string; title: string }, exceptId?: number) {
  const [clash] = await tx
    .select({ id: plans.id })
    .from(plans)
    .where(and(eq(plans.year, p.year), eq(plans.issuingBody, p.issuingBody), eq(plans.title, p.title), exceptId === undefined ? undefined : ne(plans.id, exceptId)));
  if (clash) throw new InvalidInputError({ title: "duplicatePlan" });
}

type PlanSettingValues = ReturnType<typeof planSchema.parse>;

/** Inserts a draft plan, audited; `counts` go into the audit entry when a tree comes with it. */
async function insertPlan(tx: Executor, actorId: number, data: PlanSettingValues, counts?: { tasks: number; indicators: number }): Promise<number> {
  await assertTitleFree(tx, data);
  const [row] = await tx.insert(plans).values({ ...data, state: "draft" }).returning({ id: plans.id });
  await recordAudit(tx, { actorId, action: "plan.create", entityType: "plan", entityId: row!.id, after: counts ? { ...data, ...counts } : data });
  return row!.id;
}

/** A new draft plan for a year. */
export async function createPlan(input: unknown): Promise<{ id: number }> {
  const viewer = await requireViewer("plan.write");
  const data = planSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => ({ id: await insertPlan(tx, viewer.id, data) }));
}

/** A tree sent whole as the rows insertTaskTree takes: outline numbers by position, parents by number. */
function flattenTree(nodes: readonly TaskTreeNode[], parentNumber: string | null = null): NewTask[] {
  return nodes.flatMap(({ children, indicators: inds, ...fields }, i) => {
    const number = parentNumber === null ? `${i + 1}` : `${parentNumber}.${i + 1}`;
    return [{ ...fields, number, parentNumber, sortOrder: i, indicators: inds, assignments: [] }, ...flattenTree(children, number)];
  });
}

/**
 * A new draft plan with its whole task tree and indicators, in one transaction (the API's
 * POST /plans): audited as the plan and each task.
 */
export async function createPlanWithTree(input: unknown): Promise<{ id: number; tasks: number; indicators: number }> {
  const viewer = await requireViewer("plan.write");
  const { tasks: tree, ...data } = planWithTreeSchema.parse(input);
  const nodes = flattenTree(tree);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const indicatorCount = nodes.reduce((n, t) => n + t.indicators.length, 0);
    const planId = await insertPlan(tx, viewer.id, data, { tasks: nodes.length, indicators: indicatorCount });
    await requireRegions(tx, nodes.flatMap((n) => n.indicators.flatMap((i) => i.regionTargets.map((r) => r.regionCode))), "tasks");
    const inserted = await insertTaskTree(tx, planId, nodes);
    const numbers = await renumberPlan(tx, planId);
    const byNumber = new Map(nodes.map((n) => [n.number, n]));
    await recordAuditMany(
      tx,
      inserted.tasks.map((t) => {
        const { indicators: inds, assignments: _a, parentNumber: _p, sortOrder: _s, number: _n, ...fields } = byNumber.get(t.number)!;
        return { actorId: viewer.id, action: "task.create", entityType: "task", entityId: t.id, after: { ...fields, number: numbers.get(t.id), indicators: inds.map((i) => i.name) } };
      }),
    );
    return { id: planId, tasks: inserted.tasks.length, indicators: inserted.indicators };
  });
}

/** Edits a plan's settings; a closed plan is read-only. */
export async function updatePlan(input: unknown): Promise<void> {
  const viewer = await requireViewer("plan.write");
  const { planId, ...data } = planUpdateSchema.parse(input);
  await changePlanSettings(viewer.id, planId, data);
}

/** Edits some of a plan's settings (the API's PATCH): what is left out stays. */
export async function patchPlan(input: unknown): Promise<void> {
  const viewer = await requireViewer("plan.write");
  const { planId, ...changes } = planPatchSchema.parse(input);
  await changePlanSettings(viewer.id, planId, changes);
}

async function changePlanSettings(actorId: number, planId: number, changes: Partial<PlanSettingValues>): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ ...planSettingColumns, state: plans.state }).from(plans).where(eq(plans.id, planId)).for("update");
    if (!before) throw new NotFoundError(`plan ${planId}`);
    if (before.state === "closed") throw new ConflictError("A closed plan is read-only", "planClosed");
    const { state: _state, ...settings } = before;
    const data = { ...settings, ...changes };
    if (data.greenMaxBehind > data.yellowMaxBehind) throw new InvalidInputError({ yellowMaxBehind: "thresholdOrder" });
    await assertTitleFree(tx, data, planId);
    // Reports are keyed by the plan's periods ("2025-03", "2025-Q1"): once there are any, the periods stay.
    if ((data.cadence !== undefined && data.cadence !== before.cadence) || (data.year !== undefined && data.year !== before.year)) {
      const [reported] = await tx.select({ id: reports.id }).from(reports).innerJoin(assignments, eq(assignments.id, reports.assignmentId)).innerJoin(tasks, eq(tasks.id, assignments.taskId)).where(eq(tasks.planId, planId)).limit(1);
      if (reported) throw new ConflictError("The plan has reports: its year and cadence stay", "periodsHaveReports");
    }
    await tx.update(plans).set({ ...changes, updatedAt: new Date() }).where(eq(plans.id, planId));
    // Year, cadence and thresholds shape every state and figure of the plan (its counters locked
    // first, then every state and its county's sums again).
    await markPlanChanged(tx, planId);
    await refreshAssignmentStatesWhere(tx, eq(tasks.planId, planId));
    await recordAudit(tx, { actorId, action: "plan.update", entityType: "plan", entityId: planId, before: settings, after: changes });
  });
}

/** draft → published → closed, and one step back (unpublish only while nothing has been reported). */
export async function setPlanState(input: unknown, now: Date = new Date()): Promise<{ state: "draft" | "published" | "closed" }> {
  const viewer = await requireViewer("plan.write");
  const data = planStateSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [plan] = await tx.select({ state: plans.state }).from(plans).where(eq(plans.id, data.planId)).for("update");
    if (!plan) throw new NotFoundError(`plan ${data.planId}`);
    if (data.from !== undefined && plan.state !== data.from) throw new ConflictError(`The plan is ${plan.state}, not ${data.from}`, "badTransition");
    if (!canTransition(plan.state, data.state)) throw new ConflictError(`Cannot go from ${plan.state} to ${data.state}`, "badTransition");
    if (data.state === "draft") {
      const reported = await tx.execute(sql`
        select 1 from reports r join assignments a on a.id = r.assignment_id join tasks t on t.id = a.task_id
        where t.plan_id = ${data.planId} limit 1`);
      if ((reported as unknown as { rows: unknown[] }).rows.length > 0) throw new ConflictError("The plan has reports", "planHasReports");
    }
    await tx.update(plans).set({ state: data.state, updatedAt: now }).where(eq(plans.id, data.planId));
    await markPlanChanged(tx, data.planId);
    let startsMoved = 0;
    // Publishing hands the plan's assignments to the bureaus: each region is told of its new ones.
    if (plan.state === "draft" && data.state === "published") {
      // An assignment starts on the day the bureau is given it: none is back-dated to before the
      // publication, so no period that ended before it counts as missing, late or behind.
      const today = shanghaiDate(now);
      const inPlan = sql`${assignments.taskId} in (select id from tasks where plan_id = ${data.planId})`;
      const moved = await tx
        .update(assignments)
        .set({ startDate: sql`least(${today}::date, ${assignments.dueDate})`, updatedAt: now })
        .where(and(inPlan, sql`${assignments.startDate} < least(${today}::date, ${assignments.dueDate})`))
        .returning({ id: assignments.id });
      startsMoved = moved.length;
      await refreshAssignmentStates(tx, moved.map((m) => m.id), now);
      const given = await tx.select({ id: assignments.id }).from(assignments).innerJoin(tasks, eq(tasks.id, assignments.taskId)).where(and(eq(tasks.planId, data.planId), isNull(tasks.archivedAt)));
      await notifyNewAssignments(tx, given.map((a) => a.id));
    }
    await recordAudit(tx, {
      actorId: viewer.id,
      action: `plan.${data.state === "published" ? "publish" : data.state === "closed" ? "close" : "unpublish"}`,
      entityType: "plan",
      entityId: data.planId,
      before: { state: plan.state },
      after: startsMoved > 0 ? { state: data.state, startsMovedTo: shanghaiDate(now), startsMoved } : { state: data.state },
    });
    return { state: data.state };
  });
}

/**
 * Starts a year from another year's plan (usually last year's): a new draft with the same
 * settings, task tree, indicators with their region targets and assignments, every date moved
 * on by the difference in years. Archived tasks stay behind; nothing reported is copied.
 */
export async function copyPlan(input: unknown): Promise<{ id: number; tasks: number; indicators: number; assignments: number }> {
  const viewer = await requireViewer("plan.write");
  const data = copyPlanSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [source] = await tx.select({ id: plans.id, ...planSettingColumns }).from(plans).where(eq(plans.id, data.fromPlanId));
    if (!source) throw new NotFoundError(`plan ${data.fromPlanId}`);
    const years = data.year - source.year;
    const settings = {
      ...source,
      year: data.year,
      title: data.title ?? retitleForYear(source.title, source.year, data.year),
      titleEn: retitleForYear(source.titleEn, source.year, data.year),
      meetingDate: shiftDate(source.meetingDate, years),
    };
    const { id: _sourceId, ...values } = settings;
    await assertTitleFree(tx, values);
    const [plan] = await tx.insert(plans).values({ ...values, state: "draft", isDemo: false }).returning({ id: plans.id });
    const planId = plan!.id;

    const taskRows = await tx
      .select({ id: tasks.id, parentId: tasks.parentId, number: tasks.number, sortOrder: tasks.sortOrder, title: tasks.title, titleEn: tasks.titleEn, description: tasks.description, leadOffice: tasks.leadOffice, startDate: tasks.startDate, dueDate: tasks.dueDate, weight: tasks.weight })
      .from(tasks)
      .where(and(eq(tasks.planId, source.id), isNull(tasks.archivedAt)));
    const indicatorRows = await tx
      .select({ id: indicators.id, taskId: indicators.taskId, name: indicators.name, nameEn: indicators.nameEn, unit: indicators.unit, direction: indicators.direction, baseline: indicators.baseline, target: indicators.target })
      .from(indicators)
      .innerJoin(tasks, eq(tasks.id, indicators.taskId))
      .where(and(eq(tasks.planId, source.id), isNull(tasks.archivedAt)))
      .orderBy(asc(indicators.sortOrder), asc(indicators.id));
    const targetRows = await tx
      .select({ indicatorId: indicatorRegionTargets.indicatorId, regionCode: indicatorRegionTargets.regionCode, baseline: indicatorRegionTargets.baseline, target: indicatorRegionTargets.target })
      .from(indicatorRegionTargets)
      .innerJoin(indicators, eq(indicators.id, indicatorRegionTargets.indicatorId))
      .innerJoin(tasks, eq(tasks.id, indicators.taskId))
      .where(and(eq(tasks.planId, source.id), isNull(tasks.archivedAt)));
    const assignmentRows = await tx
      .select({ taskId: assignments.taskId, regionCode: assignments.regionCode, startDate: assignments.startDate, dueDate: assignments.dueDate, contactName: assignments.contactName, contactPhone: assignments.contactPhone })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(and(eq(tasks.planId, source.id), isNull(tasks.archivedAt)))
      .orderBy(asc(assignments.regionCode));

    const numberOf = new Map(taskRows.map((t) => [t.id, t.number]));
    const targetsOf = groupBy(targetRows, (r) => r.indicatorId);
    const indicatorsOf = groupBy(indicatorRows, (i) => i.taskId);
    const assignmentsOf = groupBy(assignmentRows, (a) => a.taskId);
    const move = (d: string) => shiftDate(d, years)!;
    const nodes: NewTask[] = taskRows.map((t) => ({
      number: t.number,
      parentNumber: t.parentId === null ? null : (numberOf.get(t.parentId) ?? null),
      sortOrder: t.sortOrder,
      title: t.title,
      titleEn: t.titleEn,
      description: t.description,
      leadOffice: t.leadOffice,
      startDate: move(t.startDate),
      dueDate: move(t.dueDate),
      weight: t.weight,
      indicators: (indicatorsOf.get(t.id) ?? []).map((i) => ({ ...i, regionTargets: (targetsOf.get(i.id) ?? []).map(({ regionCode, baseline, target }) => ({ regionCode, baseline, target })) })),
      assignments: (assignmentsOf.get(t.id) ?? []).map(({ taskId: _t, ...a }) => ({ ...a, startDate: move(a.startDate), dueDate: move(a.dueDate) })),
    }));
    const inserted = await insertTaskTree(tx, planId, nodes);
    const numbers = await renumberPlan(tx, planId);
    await recordAudit(tx, { actorId: viewer.id, action: "plan.copy", entityType: "plan", entityId: planId, after: { fromPlanId: source.id, ...values, tasks: inserted.tasks.length, indicators: inserted.indicators, assignments: inserted.assignments } });
    await recordAuditMany(
      tx,
      inserted.tasks.map((t) => ({ actorId: viewer.id, action: "task.create", entityType: "task", entityId: t.id, after: { number: numbers.get(t.id), title: t.title, copiedFrom: source.id } })),
    );
    return { id: planId, tasks: inserted.tasks.length, indicators: inserted.indicators, assignments: inserted.assignments };
  });
}

function groupBy<T, K>(list: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The plans a new year may start from (the "new plan" page): staff and admin only. */
export async function listPlansForCopy(): Promise<{ id: number; year: number; title: string }[]> {
  await requireViewer("plan.write");
  const db = await getDb();
  return db.select({ id: plans.id, year: plans.year, title: plans.title }).from(plans).orderBy(desc(plans.year), asc(plans.id));
}
