import "server-only";
import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, deliveries, regions, users } from "@/db/schema";
import { addDays, shanghaiDate } from "@/lib/domain/dates";
import { firesAt } from "@/lib/domain/reminders";
import { deliveryQuerySchema, myDeliveryPrefsSchema, remindBodySchema } from "@/lib/validation/reminders";
import { recordAudit } from "./audit";
import { NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { readDeliverySettings, type DeliverySettings } from "./outbox";
import { sendReminder } from "./period-work";
import { ThrottledError } from "./sign-in-throttle";

export type DeliveryLogItem = {
  id: number;
  createdAt: Date;
  sentAt: Date | null;
  channel: "in_app" | "email" | "wecom" | "dingtalk" | "sms";
  recipient: string;
  recipientName: string | null;
  cause: string;
  period: string | null;
  regionCode: string | null;
  assignmentId: number | null;
  subject: string;
  state: "pending" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
};

/** The delivery log (催办记录) of an assignment, or of a region (its own and its counties'), newest first: staff only. */
export async function listDeliveries(input: unknown): Promise<DeliveryLogItem[]> {
  await requireViewer("delivery.read");
  const q = deliveryQuerySchema.parse(input);
  const db = await getDb();
  const regionWhere = q.regionCode
    ? or(eq(deliveries.regionCode, q.regionCode), inArray(deliveries.regionCode, db.select({ code: regions.code }).from(regions).where(eq(regions.parentCode, q.regionCode))))
    : undefined;
  return db
    .select({
      id: deliveries.id,
      createdAt: deliveries.createdAt,
      sentAt: deliveries.sentAt,
      channel: deliveries.channel,
      recipient: deliveries.recipient,
      recipientName: deliveries.recipientName,
      cause: deliveries.cause,
      period: deliveries.period,
      regionCode: deliveries.regionCode,
      assignmentId: deliveries.assignmentId,
      subject: deliveries.subject,
      state: deliveries.state,
      attempts: deliveries.attempts,
      lastError: deliveries.lastError,
    })
    .from(deliveries)
    .where(and(q.assignmentId ? eq(deliveries.assignmentId, q.assignmentId) : undefined, regionWhere))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(q.limit);
}

/** 催办 already sent today for this assignment: the API answers 429 with the seconds until the next day (China time). */
export class RemindedTodayError extends ThrottledError {
  constructor(retryAfter: number) {
    super(retryAfter);
    this.message = "A reminder was sent for this assignment today; send { \"confirm\": true } to send another";
  }
}

/** 催办 of one assignment now, through its bureau's channels (in-app, and what each user takes): once a day unless confirmed. */
export async function remindAssignment(assignmentId: number, body: unknown, now: Date = new Date()): Promise<{ notified: number }> {
  await requireViewer("report.review");
  const data = remindBodySchema.parse(body ?? {});
  const db = await getDb();
  const [a] = await db.select({ regionCode: assignments.regionCode }).from(assignments).where(eq(assignments.id, assignmentId));
  if (!a) throw new NotFoundError(`assignment ${assignmentId}`);
  const res = await sendReminder({ regionCode: a.regionCode, assignmentId, message: data.message, confirm: data.confirm }, now);
  if (res.alreadyToday) {
    const midnight = firesAt({ hour: 0, minute: 0 }, addDays(shanghaiDate(now), 1));
    throw new RemindedTodayError(Math.max(1, Math.ceil((midnight.getTime() - now.getTime()) / 1000)));
  }
  return { notified: res.notified };
}

export type MyDeliveryPrefs = { email: string; phone: string; channels: ("email" | "sms")[]; locale: "zh-CN" | "en"; enabled: DeliverySettings["enabled"] };

/** The viewer's address, phone, chosen channels and message language, with what the administrator enables. */
export async function getMyDeliveryPrefs(): Promise<MyDeliveryPrefs> {
  const viewer = await requireViewer("account.self");
  const db = await getDb();
  const [u] = await db.select({ email: users.email, phone: users.phone, channels: users.channels, locale: users.locale }).from(users).where(eq(users.id, viewer.id));
  const cfg = await readDeliverySettings(db);
  return {
    email: u?.email ?? "",
    phone: u?.phone ?? "",
    channels: ((u?.channels ?? ["email"]) as string[]).filter((c): c is "email" | "sms" => c === "email" || c === "sms"),
    locale: u?.locale === "en" ? "en" : "zh-CN",
    enabled: cfg.enabled,
  };
}

/** Saves the viewer's own choices; a channel the administrator has not enabled is kept off. */
export async function updateMyDeliveryPrefs(input: unknown): Promise<void> {
  const viewer = await requireViewer("account.self");
  const data = myDeliveryPrefsSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const cfg = await readDeliverySettings(tx);
    const channels = data.channels.filter((c) => cfg.enabled[c]);
    const [before] = await tx.select({ email: users.email, phone: users.phone, channels: users.channels, locale: users.locale }).from(users).where(eq(users.id, viewer.id));
    await tx
      .update(users)
      .set({ email: data.email || null, phone: data.phone || null, channels, locale: data.locale, updatedAt: sql`now()` })
      .where(eq(users.id, viewer.id));
    await recordAudit(tx, { actorId: viewer.id, action: "account.channels", entityType: "user", entityId: viewer.id, before: before ?? null, after: { email: data.email || null, phone: data.phone || null, channels, locale: data.locale } });
  });
}
