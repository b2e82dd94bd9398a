import "server-only";
import { and, asc, desc, eq, inArray, isNull, ne, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { indicators, plans, tasks } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { NotFoundError } from "./errors";
import { requireViewer } from "./guard";

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
function visiblePlans(viewer: Viewer): SQL | undefined {
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
