import "server-only";
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db";
import { deliveries, settings } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { MAX_ATTEMPTS, renderMessage, retryDelayMs, type MessageLabels } from "@/lib/domain/reminders";
import { sendMail } from "@/lib/channels/email";
import { sendDingtalk, sendWecom } from "@/lib/channels/robots";
import { HttpSmsGateway, type SmsSender } from "@/lib/channels/sms";
import { sourceMessages } from "@/lib/i18n/source-messages";
import type reminderMessages from "@/messages/zh-CN.reminders.json";

/**
 * The outbox of every outbound channel. Writes that tell someone something insert in-app notices
 * in their own transaction (lib/data/notifications); the dispatcher turns each committed notice
 * into one delivery per channel the recipient takes (and one per group robot), keyed so that a
 * notice is queued once; senders claim due deliveries with SKIP LOCKED and retry with back-off.
 * These run as the system (the job runner, the CLI), never for a request's viewer.
 */

export type Channel = "in_app" | "email" | "wecom" | "dingtalk" | "sms";
export const OUTBOUND_CHANNELS = ["email", "sms", "wecom", "dingtalk"] as const;
export type OutboundChannel = (typeof OUTBOUND_CHANNELS)[number];

export type RobotTarget = { wecomUrl?: string; dingtalkUrl?: string; dingtalkSecret?: string };
export type LeaderContact = { name?: string; email?: string; phone?: string };
export type DeliverySettings = {
  /** What the administrator enables; users choose within it. */
  enabled: Record<OutboundChannel, boolean>;
  /** Group robots per region code, and "staff" for the department's group. */
  robots: Record<string, RobotTarget>;
  /** A bureau's leader contact (escalation), per region code. */
  leaders: Record<string, LeaderContact>;
};

export const DELIVERY_SETTINGS_KEY = "delivery";
export const defaultDeliverySettings: DeliverySettings = { enabled: { email: true, sms: false, wecom: false, dingtalk: false }, robots: {}, leaders: {} };

export async function readDeliverySettings(db: Executor): Promise<DeliverySettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, DELIVERY_SETTINGS_KEY));
  const v = (row?.value ?? {}) as Partial<DeliverySettings>;
  return { enabled: { ...defaultDeliverySettings.enabled, ...v.enabled }, robots: v.robots ?? {}, leaders: v.leaders ?? {} };
}

export type SenderConfig = {
  smtpUrl?: string;
  mailFrom: string;
  sms?: SmsSender;
  timeoutMs: number;
  appUrl: string;
};

export function senderConfigFromEnv(): SenderConfig {
  const env = getEnv();
  return {
    smtpUrl: env.smtpUrl,
    mailFrom: env.mailFrom,
    sms: env.smsGatewayUrl ? new HttpSmsGateway(env.smsGatewayUrl, env.smsGatewayToken, env.deliveryTimeoutMs) : undefined,
    timeoutMs: env.deliveryTimeoutMs,
    appUrl: env.appUrl,
  };
}

type OutboundText = (typeof reminderMessages)["outbound"];

/** The outbound texts (messages/<locale>.reminders.json, "outbound") as written, with their {name} placeholders. */
export function outboundText(locale: string | null | undefined): OutboundText {
  return sourceMessages(locale === "en" ? "en" : "zh-CN", "reminders").outbound as OutboundText;
}

/** Fills {name} placeholders of an outbound text. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

function labelsFor(locale: string | null | undefined, kind: string): MessageLabels {
  const t = outboundText(locale);
  return { kind: (t.kinds as Record<string, string>)[kind] ?? kind, open: t.open, footer: t.footer };
}

function absolute(appUrl: string, link: string | null): string | null {
  if (!link) return null;
  return /^https?:\/\//.test(link) ? link : `${appUrl}${link.startsWith("/") ? "" : "/"}${link}`;
}

/** The period a notice's dedupe key names ("due_soon:2026-11" → "2026-11"). */
function periodOfKey(key: string | null): string | null {
  const m = key?.match(/(\d{4}-(?:\d{2}|Q[1-4]))/);
  return m ? m[1]! : null;
}

type NoticeRow = {
  id: number;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  assignment_id: number | null;
  dedupe_key: string | null;
  created_at: string | Date;
  email: string | null;
  phone: string | null;
  channels: string[] | string | null;
  locale: string | null;
  role: string;
  user_region: string | null;
  name: string;
  assignment_region: string | null;
};

function parseChannels(v: NoticeRow["channels"]): string[] | null {
  if (v === null) return null;
  if (Array.isArray(v)) return v;
  return v.replace(/[{}]/g, "").split(",").filter(Boolean);
}

/** The outbound channels a user takes: what the administrator enables, what the user chose (default e-mail), and an address for it. */
export function userChannels(u: { email: string | null; phone: string | null; channels: string[] | null }, enabled: DeliverySettings["enabled"]): ("email" | "sms")[] {
  const chosen = u.channels ?? ["email"];
  const out: ("email" | "sms")[] = [];
  if (enabled.email && u.email && chosen.includes("email")) out.push("email");
  if (enabled.sms && u.phone && chosen.includes("sms")) out.push("sms");
  return out;
}

type NewDelivery = typeof deliveries.$inferInsert;

/** Inserts deliveries; a key already queued is left alone (returns how many were new). */
export async function queueDeliveries(tx: Executor, rows: NewDelivery[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await tx.insert(deliveries).values(rows.slice(i, i + 1000)).onConflictDoNothing({ target: deliveries.dedupeKey }).returning({ id: deliveries.id });
    n += inserted.length;
  }
  return n;
}

/**
 * Turns committed in-app notices into deliveries: the in-app one (sent), one per outbound channel
 * the user takes, and one per group robot of the region (or of staff) for the notice's group.
 */
export async function dispatchNotices(db: Database, now: Date, opts: { batch?: number; appUrl?: string } = {}): Promise<number> {
  const appUrl = opts.appUrl ?? senderConfigFromEnv().appUrl;
  const batch = opts.batch ?? 2000;
  return db.transaction(async (tx) => {
    const cfg = await readDeliverySettings(tx);
    const res = await tx.execute(sql`
      select n.id, n.user_id, n.kind, n.title, n.body, n.link, n.assignment_id, n.dedupe_key, n.created_at,
        u.email, u.phone, u.channels, u.locale, u.role, u.region_code as user_region, u.name, a.region_code as assignment_region
      from notifications n
      join users u on u.id = n.user_id
      left join assignments a on a.id = n.assignment_id
      where n.dispatched_at is null
      order by n.id
      limit ${batch}
      for update of n skip locked`);
    const rows = (res as unknown as { rows: NoticeRow[] }).rows;
    if (rows.length === 0) return 0;
    const out: NewDelivery[] = [];
    for (const n of rows) {
      const created = new Date(n.created_at);
      const period = periodOfKey(n.dedupe_key);
      const regionCode = n.assignment_region ?? n.user_region;
      const url = absolute(appUrl, n.link);
      const base = { cause: n.kind, period, userId: n.user_id, regionCode, assignmentId: n.assignment_id, notificationId: n.id, link: url, createdAt: now };
      const message = renderMessage(labelsFor(n.locale, n.kind), { title: n.title, body: n.body, url });
      out.push({ ...base, dedupeKey: `n${n.id}:in_app`, channel: "in_app", recipient: `user:${n.user_id}`, recipientName: n.name, subject: n.title, body: n.body, state: "sent", sentAt: created });
      for (const ch of userChannels({ email: n.email, phone: n.phone, channels: parseChannels(n.channels) }, cfg.enabled)) {
        out.push({
          ...base,
          dedupeKey: `n${n.id}:${ch}`,
          channel: ch,
          recipient: ch === "email" ? n.email! : n.phone!,
          recipientName: n.name,
          subject: message.subject,
          body: ch === "email" ? message.text : `${message.subject} ${url ?? ""}`.trim(),
          html: ch === "email" ? message.html : null,
          nextAttemptAt: now,
        });
      }
      // One robot message per group (region or staff) for all its members' copies of a notice.
      const scope = n.role === "bureau" ? n.user_region : n.role === "staff" ? "staff" : null;
      const robot = scope ? cfg.robots[scope] : undefined;
      if (scope && robot) {
        const group = n.dedupe_key ?? `${n.kind}:${n.assignment_id ?? ""}:${created.toISOString()}`;
        const zh = renderMessage(labelsFor("zh-CN", n.kind), { title: n.title, body: n.body, url });
        for (const ch of ["wecom", "dingtalk"] as const) {
          if (!cfg.enabled[ch] || !(ch === "wecom" ? robot.wecomUrl : robot.dingtalkUrl)) continue;
          out.push({ ...base, userId: null, dedupeKey: `robot:${ch}:${scope}:${group}`.slice(0, 200), channel: ch, recipient: scope === "staff" ? "staff" : `region:${scope}`, recipientName: null, subject: zh.subject, body: [n.body, url].filter(Boolean).join("\n"), nextAttemptAt: now });
        }
      }
    }
    await queueDeliveries(tx, out);
    await tx.execute(sql`update notifications set dispatched_at = ${now.toISOString()}::timestamptz where id in (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})`);
    return rows.length;
  });
}

type Claimed = { id: number; channel: Channel; recipient: string; subject: string; body: string; html: string | null; link: string | null; attempts: number };

/**
 * Sends what is due: claims a batch (SKIP LOCKED, with a lease so a crashed sender's claim runs
 * out), sends each, and records the outcome; a failure is retried after a back-off, and after
 * MAX_ATTEMPTS shows as failed. Returns how many were sent and failed in this call.
 */
export async function sendDueDeliveries(db: Database, now: Date, config: SenderConfig = senderConfigFromEnv(), opts: { batch?: number; concurrency?: number } = {}): Promise<{ sent: number; failed: number; retrying: number }> {
  const total = { sent: 0, failed: 0, retrying: 0 };
  const cfg = await readDeliverySettings(db);
  const lease = new Date(now.getTime() + Math.max(config.timeoutMs * 3, 60_000));
  for (;;) {
    const res = await db.execute(sql`
      update deliveries d set locked_until = ${lease.toISOString()}::timestamptz, attempts = d.attempts + 1
      where d.id in (
        select id from deliveries
        where state = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz)
        order by id limit ${opts.batch ?? 500}
        for update skip locked)
      returning d.id, d.channel, d.recipient, d.subject, d.body, d.html, d.link, d.attempts`);
    const claimed = (res as unknown as { rows: Claimed[] }).rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
    if (claimed.length === 0) return total;
    const queue = [...claimed];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        let error: string | null = null;
        try {
          await sendOne(d, config, cfg);
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
        if (error === null) {
          total.sent++;
          // Marked at once, each on its own: a sender that dies mid-batch leaves for its claim's
          // lease to hand on only what it had not yet sent (and at most the few in flight), not the
          // whole batch to be sent again.
          await db.update(deliveries).set({ state: "sent", sentAt: now, lockedUntil: null, lastError: null }).where(eq(deliveries.id, d.id));
        } else if (d.attempts >= MAX_ATTEMPTS) {
          total.failed++;
          await db.update(deliveries).set({ state: "failed", lockedUntil: null, lastError: error.slice(0, 1000) }).where(eq(deliveries.id, d.id));
        } else {
          total.retrying++;
          await db.update(deliveries).set({ lockedUntil: null, lastError: error.slice(0, 1000), nextAttemptAt: new Date(now.getTime() + retryDelayMs(d.attempts)) }).where(eq(deliveries.id, d.id));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 16, claimed.length) }, worker));
  }
}

async function sendOne(d: Claimed, config: SenderConfig, cfg: DeliverySettings): Promise<void> {
  switch (d.channel) {
    case "in_app":
      return;
    case "email":
      if (!config.smtpUrl) throw new Error("SMTP_URL is not set");
      return sendMail(config.smtpUrl, config.mailFrom, { to: d.recipient, subject: d.subject, text: d.body, html: d.html ?? d.body }, config.timeoutMs);
    case "sms":
      if (!config.sms) throw new Error("SMS_GATEWAY_URL is not set");
      return config.sms.send(d.recipient, d.body);
    case "wecom":
    case "dingtalk": {
      const scope = d.recipient.startsWith("region:") ? d.recipient.slice(7) : d.recipient;
      const robot = cfg.robots[scope];
      const m = { title: d.subject, text: d.body.split("\n").filter((l) => l !== d.link).join("\n"), link: d.link };
      if (d.channel === "wecom") {
        if (!robot?.wecomUrl) throw new Error(`no 企业微信 robot for ${scope}`);
        return sendWecom(robot.wecomUrl, m, config.timeoutMs);
      }
      if (!robot?.dingtalkUrl) throw new Error(`no 钉钉 robot for ${scope}`);
      // The signature carries the real time: 钉钉 refuses a timestamp more than an hour off.
      return sendDingtalk(robot.dingtalkUrl, robot.dingtalkSecret, m, config.timeoutMs, new Date());
    }
  }
}

/** Dispatches notices and sends until nothing is due: what the runner's loop, the CLI and the tests call. */
export async function deliverAll(db: Database, now: Date, config: SenderConfig = senderConfigFromEnv()): Promise<{ dispatched: number; sent: number; failed: number; retrying: number }> {
  let dispatched = 0;
  for (let n = await dispatchNotices(db, now, { appUrl: config.appUrl }); n > 0; n = await dispatchNotices(db, now, { appUrl: config.appUrl })) dispatched += n;
  const r = await sendDueDeliveries(db, now, config);
  return { dispatched, ...r };
}

export const NODE_NAME = `${os.hostname()}:${process.pid}`;

