import "server-only";
import { and, asc, eq, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignmentStates, assignments, indicatorRegionTargets, indicators, notifications, periodReopenings, plans, regions, reportIndicatorValues, reports, tasks, users } from "@/db/schema";
import { addDays, shanghaiDate } from "@/lib/domain/dates";
import { isPeriodClosed, isPeriodKey, periodDueDate, periodOf, periodRange, periodsBetween, type Cadence } from "@/lib/domain/periods";
import { FLAG_HANDED_IN, HANDED_IN_STATES, periodIndex } from "@/lib/domain/reporting";
import { acknowledgeSchema, reminderSchema, reopenSchema } from "@/lib/validation/review";
import { recordAudit } from "./audit";
import { InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { notifyRegion } from "./notifications";
import { leagueOfSql } from "./progress-core";

export type WorkState = "none" | "draft" | "submitted" | "returned" | "approved" | "closed";

export type WorkItem = {
  assignmentId: number;
  planId: number;
  planTitle: string;
  taskNumber: string;
  taskTitle: string;
  parentTitle: string | null;
  leadOffice: string;
  dueDate: string;
  period: string;
  periodDue: string;
  overdue: boolean;
  open: boolean;
  acknowledged: boolean;
  contactName: string | null;
  state: WorkState;
  report: {
    id: number;
    version: number;
    progress: number;
    status: "on_track" | "at_risk" | "behind" | "complete";
    workDone: string;
    problems: string;
    nextSteps: string;
    dropReason?: string;
    reviewComment: string | null;
  } | null;
  previous: { period: string; progress: number; status: string; workDone: string; problems: string; nextSteps: string } | null;
  indicators: { id: number; name: string; unit: string; direction: "higher" | "lower"; baseline: number | null; target: number | null; value: number | null }[];
};

const stateOrder: Record<WorkState, number> = { returned: 1, none: 2, draft: 2, submitted: 3, approved: 4, closed: 5 };

/**
 * Everything a bureau has to report for a period (default: the current one of each plan), on one
 * screen: each assignment with its report for the period, the previous period's report and the
 * task's indicators with this region's targets. Overdue first, then returned, then the rest.
 */
export async function getPeriodWork(requestedPeriod?: string, now: Date = new Date()): Promise<{ items: WorkItem[]; periods: string[]; period: string | null }> {
  const viewer = await requireViewer("report.write");
  const region = viewer.regionCode!;
  const db = await getDb();
  const today = shanghaiDate(now);
  const rows = await db
    .select({
      assignmentId: assignments.id,
      taskId: tasks.id,
      planId: plans.id,
      planTitle: plans.title,
      cadence: plans.cadence,
      dueDay: plans.dueDay,
      graceDays: plans.graceDays,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      parentId: tasks.parentId,
      leadOffice: tasks.leadOffice,
      startDate: assignments.startDate,
      dueDate: assignments.dueDate,
      closedAt: assignments.closedAt,
      acknowledgedAt: assignments.acknowledgedAt,
      contactName: assignments.contactName,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(assignments.regionCode, region), eq(plans.state, "published"), isNull(tasks.archivedAt), sql`${assignments.startDate} <= ${today}`));
  if (rows.length === 0) return { items: [], periods: [], period: null };

  const periodFor = (r: (typeof rows)[number]) => {
    const cadence = r.cadence as Cadence;
    return requestedPeriod && isPeriodKey(requestedPeriod, cadence) ? requestedPeriod : periodOf(today, cadence);
  };
  // Only assignments whose window covers the period.
  const inWindow = rows.filter((r) => {
    const { start, end } = periodRange(periodFor(r));
    return start <= r.dueDate && end >= r.startDate;
  });
  const allPeriods = [...new Set(rows.flatMap((r) => periodsBetween(r.startDate, r.dueDate < today ? r.dueDate : today, r.cadence as Cadence)))].sort().reverse();
  if (inWindow.length === 0) return { items: [], periods: allPeriods, period: requestedPeriod ?? null };

  const ids = inWindow.map((r) => r.assignmentId);
  const periodSet = [...new Set(inWindow.map(periodFor))];
  const current = await db
    .select({ id: reports.id, assignmentId: reports.assignmentId, period: reports.period, state: reports.state, version: reports.version, progress: reports.progress, status: reports.status, workDone: reports.workDone, problems: reports.problems, nextSteps: reports.nextSteps, dropReason: reports.dropReason, reviewComment: reports.reviewComment })
    .from(reports)
    .where(and(inArray(reports.assignmentId, ids), inArray(reports.period, periodSet)));
  const currentBy = new Map(current.filter((c) => c.period === periodFor(inWindow.find((r) => r.assignmentId === c.assignmentId)!)).map((c) => [c.assignmentId, c]));
  const previous = await db
    .selectDistinctOn([reports.assignmentId], { assignmentId: reports.assignmentId, period: reports.period, progress: reports.progress, status: reports.status, workDone: reports.workDone, problems: reports.problems, nextSteps: reports.nextSteps })
    .from(reports)
    .where(and(inArray(reports.assignmentId, ids), lt(reports.period, periodSet.reduce((a, b) => (a > b ? a : b))), ne(reports.state, "draft")))
    .orderBy(reports.assignmentId, sql`${reports.period} desc`);
  const previousBy = new Map(previous.map((p) => [p.assignmentId, p]));
  const taskIds = [...new Set(inWindow.map((r) => r.taskId))];
  const inds = await db
    .select({
      id: indicators.id,
      taskId: indicators.taskId,
      name: indicators.name,
      unit: indicators.unit,
      direction: indicators.direction,
      baseline: sql<number | null>`coalesce(${indicatorRegionTargets.baseline}, ${indicators.baseline})`,
      target: sql<number | null>`coalesce(${indicatorRegionTargets.target}, ${indicators.target})`,
    })
    .from(indicators)
    .leftJoin(indicatorRegionTargets, and(eq(indicatorRegionTargets.indicatorId, indicators.id), eq(indicatorRegionTargets.regionCode, region)))
    .where(inArray(indicators.taskId, taskIds))
    .orderBy(asc(indicators.sortOrder), asc(indicators.id));
  const values = current.length
    ? await db.select().from(reportIndicatorValues).where(inArray(reportIndicatorValues.reportId, current.map((c) => c.id)))
    : [];
  const valueOf = new Map(values.map((v) => [`${v.reportId}|${v.indicatorId}`, v.value]));
  const parentIds = [...new Set(inWindow.map((r) => r.parentId).filter((x): x is number => x !== null))];
  const parents = parentIds.length ? await db.select({ id: tasks.id, title: tasks.title }).from(tasks).where(inArray(tasks.id, parentIds)) : [];
  const parentTitle = new Map(parents.map((p) => [p.id, p.title]));
  const reopenings = await db
    .select()
    .from(periodReopenings)
    .where(and(eq(periodReopenings.regionCode, region), inArray(periodReopenings.period, periodSet)));

  const items: WorkItem[] = inWindow.map((r) => {
    const period = periodFor(r);
    const rep = currentBy.get(r.assignmentId);
    const periodDue = periodDueDate(period, r.dueDay);
    const reopened = reopenings.some((o) => o.planId === r.planId && o.period === period && o.openUntil >= today);
    const state: WorkState = r.closedAt && (!rep || rep.state === "approved") ? "closed" : rep ? rep.state : "none";
    const submitted = state === "submitted" || state === "approved" || state === "closed";
    return {
      assignmentId: r.assignmentId,
      planId: r.planId,
      planTitle: r.planTitle,
      taskNumber: r.taskNumber,
      taskTitle: r.taskTitle,
      parentTitle: r.parentId ? (parentTitle.get(r.parentId) ?? null) : null,
      leadOffice: r.leadOffice,
      dueDate: r.dueDate,
      period,
      periodDue,
      overdue: !submitted && today > periodDue,
      open: !r.closedAt && (!isPeriodClosed(period, today, r.dueDay, r.graceDays) || reopened),
      acknowledged: r.acknowledgedAt !== null,
      contactName: r.contactName,
      state,
      report: rep ? { id: rep.id, version: rep.version, progress: rep.progress, status: rep.status, workDone: rep.workDone, problems: rep.problems, nextSteps: rep.nextSteps, dropReason: rep.dropReason, reviewComment: rep.reviewComment } : null,
      previous: previousBy.get(r.assignmentId) ?? null,
      indicators: inds.filter((i) => i.taskId === r.taskId).map(({ taskId: _t, ...i }) => ({ ...i, value: rep ? (valueOf.get(`${rep.id}|${i.id}`) ?? null) : null })),
    };
  });
  // A new assignment not yet acknowledged (签收) comes first, then overdue, then returned.
  items.sort((a, b) => Number(a.acknowledged) - Number(b.acknowledged) || Number(b.overdue) - Number(a.overdue) || stateOrder[a.state] - stateOrder[b.state] || a.planId - b.planId || a.taskNumber.localeCompare(b.taskNumber, undefined, { numeric: true }));
  return { items, periods: allPeriods, period: periodSet.length === 1 ? periodSet[0]! : (requestedPeriod ?? null) };
}

/** 签收: the bureau acknowledges a newly assigned measure and names its contact person. */
export async function acknowledgeAssignment(input: unknown, now: Date = new Date()): Promise<void> {
  const viewer = await requireViewer("report.write");
  const data = acknowledgeSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [a] = await tx
      .select({ id: assignments.id, regionCode: assignments.regionCode, acknowledgedAt: assignments.acknowledgedAt, contactName: assignments.contactName, planState: plans.state })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(eq(assignments.id, data.assignmentId))
      .for("update", { of: assignments });
    if (!a || a.regionCode !== viewer.regionCode || a.planState === "draft") throw new NotFoundError(`assignment ${data.assignmentId}`);
    await tx
      .update(assignments)
      .set({ acknowledgedAt: a.acknowledgedAt ?? now, acknowledgedBy: viewer.id, contactName: data.contactName, contactPhone: data.contactPhone ?? null, updatedAt: now })
      .where(eq(assignments.id, a.id));
    await recordAudit(tx, { actorId: viewer.id, action: "assignment.acknowledge", entityType: "assignment", entityId: a.id, regionCode: a.regionCode, before: { acknowledgedAt: a.acknowledgedAt, contactName: a.contactName }, after: { contactName: data.contactName, contactPhone: data.contactPhone ?? null } });
  });
}

export type MissingRow = { regionCode: string; nameZh: string; nameEn: string; open: number; missing: number; unacknowledged: number; period: string };

/**
 * Who has not submitted for the current period: per league-city, the open assignments of
 * published plans whose window covers it, and how many have no submitted or approved report.
 */
export async function listMissingReports(now: Date = new Date()): Promise<MissingRow[]> {
  await requireViewer("report.review");
  const db = await getDb();
  const today = shanghaiDate(now);
  const published = await db.select({ id: plans.id, year: plans.year, cadence: plans.cadence }).from(plans).where(eq(plans.state, "published"));
  const out = new Map<string, MissingRow>();
  const regionRows = await db.select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions).where(eq(regions.level, "league_city")).orderBy(asc(regions.sortOrder));
  // A county's assignments count in its league-city's row: the league-city bureau follows its counties up.
  const league = sql<string>`${leagueOfSql("regions")}`;
  for (const plan of published) {
    const period = periodOf(today, plan.cadence as Cadence);
    if (Number(period.slice(0, 4)) !== plan.year) continue;
    const idx = periodIndex(period);
    const rows = await db
      .select({
        regionCode: league,
        open: sql<number>`count(*)::int`,
        missing: sql<number>`(count(*) filter (where (coalesce(${assignmentStates.periodFlags}[${sql.raw(String(idx))}], 0) & ${sql.raw(String(FLAG_HANDED_IN))}) = 0))::int`,
        unacknowledged: sql<number>`(count(*) filter (where ${assignments.acknowledgedAt} is null))::int`,
      })
      .from(assignmentStates)
      .innerJoin(assignments, eq(assignments.id, assignmentStates.assignmentId))
      .innerJoin(tasks, eq(tasks.id, assignmentStates.taskId))
      .innerJoin(regions, eq(regions.code, assignmentStates.regionCode))
      // The period is asked of the assignment: the kept window (lib/domain/reporting windowIndices).
      .where(and(eq(assignmentStates.planId, plan.id), isNull(tasks.archivedAt), eq(assignmentStates.completed, false), sql`${idx} between ${assignmentStates.firstIndex} and ${assignmentStates.lastIndex}`))
      .groupBy(league);
    for (const r of rows) {
      const prev = out.get(r.regionCode);
      const region = regionRows.find((x) => x.code === r.regionCode);
      out.set(r.regionCode, {
        regionCode: r.regionCode,
        nameZh: region?.nameZh ?? r.regionCode,
        nameEn: region?.nameEn ?? r.regionCode,
        open: (prev?.open ?? 0) + r.open,
        missing: (prev?.missing ?? 0) + r.missing,
        unacknowledged: (prev?.unacknowledged ?? 0) + r.unacknowledged,
        period,
      });
    }
  }
  return regionRows.map((r) => out.get(r.code)).filter((x): x is MissingRow => x !== undefined);
}

/** 催办: reminds a region's bureau of one assignment, or of everything it has not submitted this period. */
export async function sendReminder(input: unknown, now: Date = new Date()): Promise<{ notified: number; assignments: number; alreadyToday?: boolean }> {
  const viewer = await requireViewer("report.review");
  const data = reminderSchema.parse(input);
  const db = await getDb();
  const today = shanghaiDate(now);
  return db.transaction(async (tx) => {
    const [region] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, data.regionCode));
    if (!region) throw new InvalidInputError({ regionCode: "badRegion" });
    const open = await tx
      .select({ id: assignments.id, number: tasks.number, title: tasks.title, cadence: plans.cadence, startDate: assignments.startDate, dueDate: assignments.dueDate })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(and(eq(assignments.regionCode, data.regionCode), eq(plans.state, "published"), isNull(assignments.closedAt), isNull(tasks.archivedAt), data.assignmentId ? eq(assignments.id, data.assignmentId) : undefined));
    if (data.assignmentId && open.length === 0) throw new NotFoundError(`assignment ${data.assignmentId}`);
    const withPeriod = open
      .map((a) => ({ ...a, period: periodOf(today, a.cadence as Cadence) }))
      .filter((a) => data.assignmentId || (a.startDate <= periodRange(a.period).end && a.dueDate >= periodRange(a.period).start));
    // Which of them already have their period's report handed in: one query.
    const done = withPeriod.length
      ? await tx
          .select({ assignmentId: reports.assignmentId, period: reports.period })
          .from(reports)
          .where(and(inArray(reports.assignmentId, withPeriod.map((a) => a.id)), inArray(reports.period, [...new Set(withPeriod.map((a) => a.period))]), inArray(reports.state, [...HANDED_IN_STATES])))
      : [];
    const doneSet = new Set(done.map((d) => `${d.assignmentId}|${d.period}`));
    const pending = withPeriod.filter((a) => data.assignmentId || !doneSet.has(`${a.id}|${a.period}`));
    if (pending.length === 0) return { notified: 0, assignments: 0 };
    const first = pending[0]!;
    // One 催办 a day for the same assignment (or the same region's whole list): a second one sends nothing and says so.
    const todayKey = `reminder:${today}:${data.assignmentId ? `a${data.assignmentId}` : `r${data.regionCode}`}`;
    const [sentToday] = await tx.select({ id: notifications.id }).from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(and(eq(users.regionCode, data.regionCode), eq(notifications.dedupeKey, todayKey))).limit(1);
    if (sentToday && !data.confirm) return { notified: 0, assignments: pending.length, alreadyToday: true };
    // Staff confirmed another one today: a key of its own, so it is sent (and logged) too.
    const dedupeKey = sentToday ? `${todayKey}:${now.getTime()}` : todayKey;
    const notified = await notifyRegion(tx, data.regionCode, {
      kind: "reminder",
      title: pending.length === 1 ? `${first.number} ${first.title}` : `${first.number} ${first.title} 等${pending.length}项`,
      body: `${first.period}${data.message ? ` · ${data.message}` : ""}`,
      link: `/my-region?period=${first.period}`,
      assignmentId: pending.length === 1 ? first.id : undefined,
      dedupeKey,
    });
    await recordAudit(tx, { actorId: viewer.id, action: "reminder.send", entityType: "region", entityId: data.regionCode, regionCode: data.regionCode, after: { assignments: pending.map((p) => p.id), message: data.message ?? null } });
    return { notified, assignments: pending.length };
  });
}

/** Staff open a closed period again for one region of one plan, for a number of days. */
export async function reopenPeriod(input: unknown, now: Date = new Date()): Promise<{ openUntil: string }> {
  const viewer = await requireViewer("report.review");
  const data = reopenSchema.parse(input);
  const db = await getDb();
  const openUntil = addDays(shanghaiDate(now), data.days);
  return db.transaction(async (tx) => {
    const [plan] = await tx.select({ id: plans.id, cadence: plans.cadence, state: plans.state }).from(plans).where(eq(plans.id, data.planId));
    if (!plan) throw new NotFoundError(`plan ${data.planId}`);
    if (!isPeriodKey(data.period, plan.cadence as Cadence)) throw new InvalidInputError({ period: "badPeriod" });
    const [region] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, data.regionCode));
    if (!region) throw new InvalidInputError({ regionCode: "badRegion" });
    await tx
      .insert(periodReopenings)
      .values({ planId: plan.id, regionCode: data.regionCode, period: data.period, openUntil, reopenedBy: viewer.id, createdAt: now })
      .onConflictDoUpdate({ target: [periodReopenings.planId, periodReopenings.regionCode, periodReopenings.period], set: { openUntil, reopenedBy: viewer.id, createdAt: now } });
    await recordAudit(tx, { actorId: viewer.id, action: "period.reopen", entityType: "plan", entityId: plan.id, regionCode: data.regionCode, after: { period: data.period, openUntil } });
    return { openUntil };
  });
}
