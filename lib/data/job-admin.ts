import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { deliveries, jobRuns, regions, settings } from "@/db/schema";
import { cronOf, JOB_NAMES, JOB_SCHEDULES, nextRun, type JobName } from "@/lib/domain/reminders";
import { deliverySettingsSchema } from "@/lib/validation/reminders";
import { recordAudit } from "./audit";
import { requireViewer } from "./guard";
import { runnerMode, type RunnerMode } from "./job-runner";
import { DELIVERY_SETTINGS_KEY, readDeliverySettings, type DeliverySettings } from "./outbox";

export type JobRunView = { slot: string; startedAt: Date; finishedAt: Date | null; outcome: string; summary: unknown; error: string | null; node: string | null };
export type JobsOverview = {
  mode: RunnerMode;
  jobs: { name: JobName; cron: string; nextRun: Date; lastRun: JobRunView | null }[];
  failures: (JobRunView & { job: string })[];
  deliveries: { pending: number; sent: number; failed: number };
  failedDeliveries: { id: number; createdAt: Date; channel: string; recipient: string; cause: string; subject: string; attempts: number; lastError: string | null }[];
  settings: DeliverySettings;
  leagueCities: { code: string; nameZh: string; nameEn: string }[];
};

const runColumns = { slot: jobRuns.slot, startedAt: jobRuns.startedAt, finishedAt: jobRuns.finishedAt, outcome: jobRuns.outcome, summary: jobRuns.summary, error: jobRuns.error, node: jobRuns.node };

/** The administrator's view of the runner: each job's schedule, next and last run, recent failures, the outbox's state. */
export async function getJobsOverview(now: Date = new Date()): Promise<JobsOverview> {
  await requireViewer("jobs.manage");
  const db = await getDb();
  const jobs = await Promise.all(
    JOB_NAMES.map(async (name) => {
      const [last] = await db.select(runColumns).from(jobRuns).where(eq(jobRuns.job, name)).orderBy(desc(jobRuns.startedAt)).limit(1);
      return { name, cron: cronOf(JOB_SCHEDULES[name]), nextRun: nextRun(name, now), lastRun: last ?? null };
    }),
  );
  const failures = await db.select({ job: jobRuns.job, ...runColumns }).from(jobRuns).where(eq(jobRuns.outcome, "failed")).orderBy(desc(jobRuns.startedAt)).limit(10);
  const counts = await db.select({ state: deliveries.state, n: sql<number>`count(*)::int` }).from(deliveries).groupBy(deliveries.state);
  const by = Object.fromEntries(counts.map((c) => [c.state, Number(c.n)]));
  const failedDeliveries = await db
    .select({ id: deliveries.id, createdAt: deliveries.createdAt, channel: deliveries.channel, recipient: deliveries.recipient, cause: deliveries.cause, subject: deliveries.subject, attempts: deliveries.attempts, lastError: deliveries.lastError })
    .from(deliveries)
    .where(eq(deliveries.state, "failed"))
    .orderBy(desc(deliveries.id))
    .limit(10);
  const leagueCities = await db.select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions).where(and(eq(regions.level, "league_city"), eq(regions.active, true))).orderBy(asc(regions.sortOrder), asc(regions.code));
  return { mode: runnerMode(), jobs, failures, deliveries: { pending: by.pending ?? 0, sent: by.sent ?? 0, failed: by.failed ?? 0 }, failedDeliveries, settings: await readDeliverySettings(db), leagueCities };
}

/** Saves the channels enabled, the group robots and the leaders' contacts (audited; robot secrets are not written to the log). */
export async function updateDeliverySettings(input: unknown): Promise<void> {
  const viewer = await requireViewer("jobs.manage");
  const data = deliverySettingsSchema.parse(input);
  const clean: DeliverySettings = {
    enabled: data.enabled,
    robots: Object.fromEntries(Object.entries(data.robots).filter(([, r]) => r.wecomUrl || r.dingtalkUrl).map(([k, r]) => [k, { wecomUrl: r.wecomUrl || undefined, dingtalkUrl: r.dingtalkUrl || undefined, dingtalkSecret: r.dingtalkSecret || undefined }])),
    leaders: Object.fromEntries(Object.entries(data.leaders).filter(([, l]) => l.email || l.phone).map(([k, l]) => [k, { name: l.name || undefined, email: l.email || undefined, phone: l.phone || undefined }])),
  };
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: DELIVERY_SETTINGS_KEY, value: clean, updatedBy: viewer.id })
      .onConflictDoUpdate({ target: settings.key, set: { value: clean, updatedBy: viewer.id, updatedAt: sql`now()` } });
    const masked = { ...clean, robots: Object.fromEntries(Object.entries(clean.robots).map(([k, r]) => [k, { ...r, dingtalkSecret: r.dingtalkSecret ? "***" : undefined }])) };
    await recordAudit(tx, { actorId: viewer.id, action: "settings.delivery", entityType: "settings", entityId: DELIVERY_SETTINGS_KEY, after: masked });
  });
}
