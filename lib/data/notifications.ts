import "server-only";
import { HANDED_IN_STATES } from "@/lib/domain/reporting";
import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { assignments, notifications, plans, reports, tasks, users } from "@/db/schema";
import { addDays, shanghaiDate } from "@/lib/domain/dates";
import { periodDueDate, periodOf, periodRange, type Cadence } from "@/lib/domain/periods";
import { getViewer, type Viewer } from "@/lib/auth/viewer";
import { NotFoundError, UnauthenticatedError } from "./errors";

export type NotificationKind = "due_soon" | "overdue" | "returned" | "approved" | "reminder" | "assigned" | "submitted" | "resubmitted" | "escalated" | "digest" | "period_closed";

export type NotificationItem = {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
  /** A new assignment not yet acknowledged: kept first. */
  pinned?: boolean;
};

/** Notifies every active user of a region's bureau, inside the caller's transaction. */
export async function notifyRegion(tx: Executor, regionCode: string, n: NoticeInput): Promise<number> {
  // The region's active bureau users and their notices in one statement.
  return insertNotices(tx, regionBureauUsers(regionCode), n);
}

type NoticeInput = { kind: NotificationKind; title: string; body?: string; link?: string; assignmentId?: number; reportId?: number; dedupeKey?: string };

/** Notifies these users, inside the caller's transaction; returns how many notices were made (a repeated dedupe key makes none). */
export async function notifyUsers(tx: Executor, userIds: readonly number[], n: NoticeInput): Promise<number> {
  if (userIds.length === 0) return 0;
  return insertNotices(tx, sql`select unnest(${sql.param([...userIds])}::int[])`, n);
}

/** One notice for each user id `recipients` (a query of one column) gives; a repeated dedupe key makes none. */
async function insertNotices(tx: Executor, recipients: SQL, n: NoticeInput): Promise<number> {
  const inserted = await tx.execute(sql`${noticesInsert(recipients, n)} returning id`);
  return (inserted as unknown as { rows: unknown[] }).rows.length;
}

function noticesInsert(recipients: SQL, n: NoticeInput): SQL {
  return sql`
    insert into ${notifications} (user_id, kind, title, body, link, assignment_id, report_id, dedupe_key)
    select r.id, ${n.kind}::notification_kind, ${n.title}::text, ${n.body ?? ""}::text, ${n.link ?? null}::text, ${n.assignmentId ?? null}::int, ${n.reportId ?? null}::int, ${n.dedupeKey ?? null}::varchar
    from (${recipients}) as r(id)
    on conflict do nothing`;
}

/**
 * The notices to those who review a region's reports, as one insert for a write to send with its
 * own statements: a banner-county's league-city bureau, or every active department officer for a
 * league-city (the same split as canReview).
 */
export function reviewerNotices(region: { parentCode: string | null; level: string }, n: NoticeInput): SQL {
  if (region.level === "banner_county" && region.parentCode) return noticesInsert(regionBureauUsers(region.parentCode), n);
  return noticesInsert(sql`select u.id from ${users} u where u.role = 'staff' and u.active order by u.id`, n);
}

/** The active bureau users of a region (a query of one column). */
function regionBureauUsers(regionCode: string): SQL {
  return sql`select u.id from ${users} u where u.region_code = ${regionCode} and u.role = 'bureau' and u.active order by u.id`;
}

/** A new assignment for a bureau (a published plan's, or a break-down): one notice per region, kept first in its list until acknowledged. */
export async function notifyNewAssignments(tx: Executor, assignmentIds: readonly number[]): Promise<void> {
  if (assignmentIds.length === 0) return;
  const rows = await tx
    .select({ id: assignments.id, regionCode: assignments.regionCode, startDate: assignments.startDate, dueDate: assignments.dueDate, number: tasks.number, title: tasks.title })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(and(inArray(assignments.id, [...assignmentIds]), isNull(assignments.acknowledgedAt)))
    .orderBy(asc(assignments.id));
  const byRegion = new Map<string, typeof rows>();
  for (const r of rows) byRegion.set(r.regionCode, [...(byRegion.get(r.regionCode) ?? []), r]);
  for (const [regionCode, list] of byRegion) {
    const first = list[0]!;
    await notifyRegion(tx, regionCode, {
      kind: "assigned",
      title: list.length === 1 ? `${first.number} ${first.title}` : `${first.number} ${first.title} 等${list.length}项`,
      body: `${first.startDate} → ${first.dueDate}`,
      link: `/my-region#a${first.id}`,
      assignmentId: list.length === 1 ? first.id : undefined,
    });
  }
}

async function requireAnyViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
}

/**
 * Deadline notices for a bureau: a report due within 3 days, or overdue, in its open
 * assignments of published plans. Made when the bureau next looks; each once per period.
 */
async function syncDeadlineNotices(viewer: Viewer, now: Date): Promise<void> {
  if (viewer.role !== "bureau" || !viewer.regionCode) return;
  const db = await getDb();
  const today = shanghaiDate(now);
  const rows = await db
    .select({
      assignmentId: assignments.id,
      startDate: assignments.startDate,
      dueDate: assignments.dueDate,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      cadence: plans.cadence,
      dueDay: plans.dueDay,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(
      and(
        eq(assignments.regionCode, viewer.regionCode),
        eq(plans.state, "published"),
        isNull(assignments.closedAt),
        isNull(tasks.archivedAt),
        sql`${assignments.startDate} <= ${today}`,
      ),
    );
  if (rows.length === 0) return;
  const periods = new Map(rows.map((r) => [r.assignmentId, periodOf(today, r.cadence as Cadence)]));
  const done = await db
    .select({ assignmentId: reports.assignmentId, period: reports.period })
    .from(reports)
    .where(and(inArray(reports.assignmentId, [...periods.keys()]), inArray(reports.state, [...HANDED_IN_STATES]), inArray(reports.period, [...new Set(periods.values())])));
  const doneSet = new Set(done.map((d) => `${d.assignmentId}|${d.period}`));
  // One notice per kind and period (not one per measure): "3 measures due on 25 November".
  const groups = new Map<string, { kind: NotificationKind; period: string; due: string; titles: string[]; first: number }>();
  for (const r of rows) {
    const period = periods.get(r.assignmentId)!;
    if (doneSet.has(`${r.assignmentId}|${period}`) || periodRange(period).start > r.dueDate) continue;
    const due = periodDueDate(period, r.dueDay);
    const kind: NotificationKind | null = today > due ? "overdue" : addDays(today, 3) >= due ? "due_soon" : null;
    if (!kind) continue;
    const key = `${kind}:${period}`;
    const g = groups.get(key) ?? { kind, period, due, titles: [], first: r.assignmentId };
    g.titles.push(`${r.taskNumber} ${r.taskTitle}`);
    groups.set(key, g);
  }
  const notices = [...groups.entries()].map(([key, g]) => ({
    kind: g.kind,
    title: g.titles.length === 1 ? g.titles[0]! : `${g.titles[0]} 等${g.titles.length}项`,
    body: `${g.period} · ${g.due}`,
    link: `/my-region?period=${g.period}`,
    assignmentId: g.titles.length === 1 ? g.first : null,
    dedupeKey: key,
  }));
  if (notices.length === 0) return;
  await db
    .insert(notifications)
    .values(notices.map((n) => ({ userId: viewer.id, kind: n.kind, title: n.title, body: n.body, link: n.link, assignmentId: n.assignmentId, dedupeKey: n.dedupeKey })))
    .onConflictDoNothing();
}

/** The viewer's notifications, newest first, and how many are unread. */
export async function listMyNotifications(limit = 50, now: Date = new Date()): Promise<{ items: NotificationItem[]; unread: number }> {
  const viewer = await requireAnyViewer();
  await syncDeadlineNotices(viewer, now);
  const db = await getDb();
  const items = await db
    .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, link: notifications.link, readAt: notifications.readAt, createdAt: notifications.createdAt, pinned: sql<boolean>`(${notifications.kind} = 'assigned' and ${assignments.id} is not null and ${assignments.acknowledgedAt} is null)` })
    .from(notifications)
    .leftJoin(assignments, eq(assignments.id, notifications.assignmentId))
    .where(eq(notifications.userId, viewer.id))
    // A new assignment stays on top until the bureau acknowledges it (签收).
    .orderBy(sql`(${notifications.kind} = 'assigned' and ${assignments.id} is not null and ${assignments.acknowledgedAt} is null) desc`, desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
  return { items, unread: await unreadCount(viewer.id) };
}

export async function countMyUnread(now: Date = new Date()): Promise<number> {
  const viewer = await getViewer();
  if (!viewer) return 0;
  await syncDeadlineNotices(viewer, now);
  return unreadCount(viewer.id);
}

async function unreadCount(userId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the viewer's own notifications read (all, or the given ones). */
export async function markNotificationsRead(ids?: number[], now: Date = new Date()): Promise<void> {
  const viewer = await requireAnyViewer();
  const db = await getDb();
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, viewer.id), isNull(notifications.readAt), ids ? inArray(notifications.id, ids.length ? ids : [-1]) : undefined));
}

/** Opens one of the viewer's notifications: marks it read and gives where it leads. */
export async function openNotification(id: number, now: Date = new Date()): Promise<{ link: string | null }> {
  const viewer = await requireAnyViewer();
  const db = await getDb();
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, viewer.id)))
    .returning({ link: notifications.link });
  if (!row) throw new NotFoundError(`notification ${id}`);
  return { link: row.link };
}
