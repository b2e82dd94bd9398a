import "server-only";
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, auditLog, indicatorRegionTargets, indicators, plans, regions, tasks, users } from "@/db/schema";
import { can, regionScope } from "@/lib/auth/permissions";
import { childrenByParent } from "@/lib/domain/task-tree";
import { NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { visiblePlans } from "./plans";

/**
 * What the plan page shows: the plan's settings, its task tree as a flat list in outline order,
 * indicators with their region targets, and the assignment matrix. A fixed number of queries
 * whatever the plan's size. A bureau sees published plans only and its own region's assignments.
 */

export type EditorIndicator = {
  id: number;
  taskId: number;
  name: string;
  nameEn: string;
  unit: string;
  direction: "higher" | "lower";
  baseline: number | null;
  target: number | null;
  regionTargets: { regionCode: string; baseline: number | null; target: number }[];
};

export type EditorTask = {
  id: number;
  parentId: number | null;
  number: string;
  depth: number;
  sortOrder: number;
  /** Position among its siblings and how many there are: for the move buttons. */
  position: number;
  siblings: number;
  title: string;
  titleEn: string;
  description: string;
  leadOffice: string;
  startDate: string;
  dueDate: string;
  weight: number;
  isLeaf: boolean;
  hasReports: boolean;
  indicators: EditorIndicator[];
};

export type EditorAssignment = { id: number; taskId: number; regionCode: string; startDate: string; dueDate: string; contactName: string | null; contactPhone: string | null; hasReports: boolean };

export type PlanSettings = {
  id: number;
  year: number;
  title: string;
  titleEn: string;
  issuingBody: string;
  meetingDate: string | null;
  sourceText: string;
  cadence: "monthly" | "quarterly";
  dueDay: number;
  graceDays: number;
  greenMaxBehind: number;
  yellowMaxBehind: number;
  state: "draft" | "published" | "closed";
  isDemo: boolean;
};

export type PlanEditor = {
  plan: PlanSettings;
  /** The viewer may change this plan now (staff or admin, and the plan is not closed). */
  canEdit: boolean;
  /** The viewer is staff or admin (a closed plan may be reopened). */
  canManage: boolean;
  tasks: EditorTask[];
  archived: { id: number; title: string; archivedAt: string }[];
  assignments: EditorAssignment[];
  regions: { code: string; nameZh: string; nameEn: string }[];
};

const settingsColumns = {
  id: plans.id,
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
  state: plans.state,
  isDemo: plans.isDemo,
};

export async function getPlanEditor(planId: number): Promise<PlanEditor> {
  const viewer = await requireViewer("plan.read");
  const db = await getDb();
  const region = regionScope(viewer);
  const [plan] = await db
    .select(settingsColumns)
    .from(plans)
    .where(and(eq(plans.id, planId), visiblePlans(viewer)));
  if (!plan) throw new NotFoundError(`plan ${planId}`);

  const [taskRows, indicatorRows, targetRows, assignmentRows, regionRows, archivedRows] = await Promise.all([
    db
      .select({ id: tasks.id, parentId: tasks.parentId, number: tasks.number, sortOrder: tasks.sortOrder, title: tasks.title, titleEn: tasks.titleEn, description: tasks.description, leadOffice: tasks.leadOffice, startDate: tasks.startDate, dueDate: tasks.dueDate, weight: tasks.weight })
      .from(tasks)
      .where(and(eq(tasks.planId, planId), isNull(tasks.archivedAt))),
    db
      .select({ id: indicators.id, taskId: indicators.taskId, name: indicators.name, nameEn: indicators.nameEn, unit: indicators.unit, direction: indicators.direction, baseline: indicators.baseline, target: indicators.target })
      .from(indicators)
      .innerJoin(tasks, eq(tasks.id, indicators.taskId))
      .where(and(eq(tasks.planId, planId), isNull(tasks.archivedAt)))
      .orderBy(asc(indicators.sortOrder), asc(indicators.id)),
    db
      .select({ indicatorId: indicatorRegionTargets.indicatorId, regionCode: indicatorRegionTargets.regionCode, baseline: indicatorRegionTargets.baseline, target: indicatorRegionTargets.target })
      .from(indicatorRegionTargets)
      .innerJoin(indicators, eq(indicators.id, indicatorRegionTargets.indicatorId))
      .innerJoin(tasks, eq(tasks.id, indicators.taskId))
      .where(and(eq(tasks.planId, planId), isNull(tasks.archivedAt), region ? inArray(indicatorRegionTargets.regionCode, region) : undefined))
      .orderBy(asc(indicatorRegionTargets.regionCode)),
    db
      .select({
        id: assignments.id,
        taskId: assignments.taskId,
        regionCode: assignments.regionCode,
        startDate: assignments.startDate,
        dueDate: assignments.dueDate,
        contactName: assignments.contactName,
        contactPhone: assignments.contactPhone,
        hasReports: sql<boolean>`exists (select 1 from reports r where r.assignment_id = "assignments"."id")`,
      })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(and(eq(tasks.planId, planId), isNull(tasks.archivedAt), region ? inArray(assignments.regionCode, region) : undefined)),
    db
      .select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn })
      .from(regions)
      .where(and(eq(regions.active, true), region ? inArray(regions.code, region) : eq(regions.level, "league_city")))
      .orderBy(asc(regions.sortOrder), asc(regions.code)),
    db
      .select({ id: tasks.id, title: tasks.title, archivedAt: tasks.archivedAt })
      .from(tasks)
      .where(and(eq(tasks.planId, planId), isNotNull(tasks.archivedAt)))
      .orderBy(desc(tasks.archivedAt), asc(tasks.id)),
  ]);

  const targetsOf = group(targetRows, (t) => t.indicatorId);
  const indicatorsOf = group(
    indicatorRows.map((i) => ({ ...i, regionTargets: (targetsOf.get(i.id) ?? []).map(({ indicatorId: _i, ...t }) => t) })),
    (i) => i.taskId,
  );
  const reportedTasks = new Set(assignmentRows.filter((a) => a.hasReports).map((a) => a.taskId));
  const children = childrenByParent(taskRows);
  const ordered: EditorTask[] = [];
  const walk = (parent: number | null, depth: number) => {
    const list = children.get(parent) ?? [];
    list.forEach((t, position) => {
      ordered.push({
        ...t,
        depth,
        position,
        siblings: list.length,
        isLeaf: !children.has(t.id),
        hasReports: reportedTasks.has(t.id),
        indicators: indicatorsOf.get(t.id) ?? [],
      });
      walk(t.id, depth + 1);
    });
  };
  walk(null, 1);

  const canManage = can(viewer, "plan.write");
  return {
    plan,
    canManage,
    canEdit: canManage && plan.state !== "closed",
    tasks: ordered,
    archived: archivedRows.map((a) => ({ id: a.id, title: a.title, archivedAt: a.archivedAt!.toISOString() })),
    assignments: assignmentRows.map((a) => ({ ...a, hasReports: Boolean(a.hasReports) })),
    regions: regionRows,
  };
}

export type HistoryEntry = { id: number; at: string; actor: string | null; action: string; regionCode: string | null; before: unknown; after: unknown };

/** A task's history: every audited change to it, its indicators and its assignments, newest first. */
export async function listTaskHistory(taskId: number, limit = 200): Promise<HistoryEntry[]> {
  await requireViewer("plan.readDraft");
  const db = await getDb();
  const rows = await db
    .select({ id: auditLog.id, at: auditLog.at, actor: users.name, action: auditLog.action, regionCode: auditLog.regionCode, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entityType, "task"), eq(auditLog.entityId, String(taskId))))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** One task of the plan page with the parents it could move under. */
export async function getTaskEditor(taskId: number) {
  const viewer = await requireViewer("plan.readDraft");
  const db = await getDb();
  const [row] = await db.select({ planId: tasks.planId, archivedAt: tasks.archivedAt, title: tasks.title }).from(tasks).where(eq(tasks.id, taskId));
  if (!row) throw new NotFoundError(`task ${taskId}`);
  const editor = await getPlanEditor(row.planId);
  const task = editor.tasks.find((t) => t.id === taskId) ?? null;
  const exclude = new Set<number>([taskId]);
  for (const t of editor.tasks) if (t.parentId !== null && exclude.has(t.parentId)) exclude.add(t.id);
  const assigned = new Set(editor.assignments.map((a) => a.taskId));
  const parents = editor.tasks.filter((t) => !exclude.has(t.id) && !assigned.has(t.id)).map((t) => ({ id: t.id, number: t.number, title: t.title, depth: t.depth }));
  return {
    ...editor,
    task,
    archivedTitle: row.archivedAt ? row.title : null,
    parents,
    taskAssignments: editor.assignments.filter((a) => a.taskId === taskId),
    history: await listTaskHistory(taskId),
    canSeeHistory: can(viewer, "plan.readDraft"),
  };
}

export type TaskEditor = Awaited<ReturnType<typeof getTaskEditor>>;

function group<T, K>(list: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of list) {
    const k = key(item);
    const g = out.get(k);
    if (g) g.push(item);
    else out.set(k, [item]);
  }
  return out;
}
