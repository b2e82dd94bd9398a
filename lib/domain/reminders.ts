/**
 * The reminder rules, each written once: when each scheduled job runs (China time), which slot a
 * run fills (so a slot runs once across nodes), which deadline notice a date calls for, the retry
 * back-off of a failed delivery, and a message's text and HTML parts.
 */
import { addDays, dayNumber, fromDayNumber, shanghaiDate, type IsoDate } from "./dates";

export const JOB_NAMES = ["lights", "due-soon", "overdue", "escalation", "period-close", "digest"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(v: string): v is JobName {
  return (JOB_NAMES as readonly string[]).includes(v);
}

export type Schedule = { hour: number; minute: number; /** ISO weekday, 1 = Monday; absent: every day. */ weekday?: number };

/** China time. The day's lights first, then the period closes, then the day's notices go out before office hours. */
export const JOB_SCHEDULES: Record<JobName, Schedule> = {
  /** The day's lights and the dashboard's kept sums, just after midnight (db/derived-state refreshDayLights). */
  lights: { hour: 0, minute: 5 },
  "period-close": { hour: 1, minute: 0 },
  "due-soon": { hour: 8, minute: 0 },
  overdue: { hour: 8, minute: 30 },
  escalation: { hour: 9, minute: 0 },
  digest: { hour: 8, minute: 0, weekday: 1 },
};

/** The schedule as a cron line (minute hour * * weekday), read in the Asia/Shanghai time zone. */
export function cronOf(s: Schedule): string {
  return `${s.minute} ${s.hour} * * ${s.weekday ?? "*"}`;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a date. */
export function isoWeekday(d: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(d) + 3) % 7) + 7) % 7) + 1;
}

/** ISO week key "2026-W48" of a date. */
export function isoWeek(d: IsoDate): string {
  const thursday = addDays(d, 4 - isoWeekday(d));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The instant a schedule fires on a China date. */
export function firesAt(s: Schedule, d: IsoDate): Date {
  const [y, m, day] = d.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day, s.hour - 8, s.minute));
}

/** The slot a run at `now` fills: the China date, or the ISO week for a weekly job. */
export function slotOf(job: JobName, now: Date): string {
  const today = shanghaiDate(now);
  return JOB_SCHEDULES[job].weekday ? isoWeek(today) : today;
}

/** The slot whose time has come by `now` (today's, or this week's), or null when it has not yet. */
export function dueSlot(job: JobName, now: Date): string | null {
  const s = JOB_SCHEDULES[job];
  const today = shanghaiDate(now);
  const day = s.weekday ? fromDayNumber(dayNumber(today) - ((isoWeekday(today) - s.weekday + 7) % 7)) : today;
  return firesAt(s, day) <= now ? slotOf(job, firesAt(s, day)) : null;
}

/** The next time the job fires after `now`. */
export function nextRun(job: JobName, now: Date): Date {
  const s = JOB_SCHEDULES[job];
  const today = shanghaiDate(now);
  for (let i = 0; i <= 7; i++) {
    const d = addDays(today, i);
    if (s.weekday && isoWeekday(d) !== s.weekday) continue;
    const at = firesAt(s, d);
    if (at > now) return at;
  }
  throw new Error("unreachable");
}

export type DeadlineStage = "due_soon" | "overdue" | "escalated" | null;

/**
 * Which notice a period's due day calls for today: due soon within `daysBefore` days of it, overdue
 * from the day after it, escalated once `escalateAfter` more days have passed.
 */
export function deadlineStage(today: IsoDate, due: IsoDate, daysBefore: number, escalateAfter: number): DeadlineStage {
  if (today > addDays(due, escalateAfter)) return "escalated";
  if (today > due) return "overdue";
  if (addDays(today, daysBefore) >= due) return "due_soon";
  return null;
}

/** A delivery is tried this many times in all, then shows as failed. */
export const MAX_ATTEMPTS = 5;

/** Wait before try n+1 after n failed tries: 1, 2, 4, 8 minutes … at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);
}

export type MessageLabels = { kind: string; open: string; footer: string };
export type RenderedMessage = { subject: string; text: string; html: string };

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** An outbound message's subject, plain text and HTML, with a link to the item. */
export function renderMessage(labels: MessageLabels, n: { title: string; body: string; url: string | null }): RenderedMessage {
  const subject = `【${labels.kind}】${n.title}`;
  const text = [n.title, n.body, n.url ? `${labels.open}: ${n.url}` : "", "", labels.footer].filter((l, i, a) => l !== "" || (i > 0 && a[i - 1] !== "")).join("\n").trim();
  const html = [
    `<p><strong>${escapeHtml(labels.kind)}</strong></p>`,
    `<p>${escapeHtml(n.title)}</p>`,
    n.body ? `<p>${escapeHtml(n.body).replace(/\n/g, "<br>")}</p>` : "",
    n.url ? `<p><a href="${escapeHtml(n.url)}">${escapeHtml(labels.open)}</a></p>` : "",
    `<p style="color:#64748b;font-size:12px">${escapeHtml(labels.footer)}</p>`,
  ].join("");
  return { subject, text, html };
}
