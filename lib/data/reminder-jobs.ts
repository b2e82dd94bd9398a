import "server-only";
import crypto from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db";
import { deliveries, jobRuns, notifications, plans, regions, users } from "@/db/schema";
import { refreshDayLights } from "@/db/derived-state";
import { addDays, shanghaiDate, type IsoDate } from "@/lib/domain/dates";
import { periodDueDate, periodOf, periodsOfYear, type Cadence } from "@/lib/domain/periods";
import { FLAG_HANDED_IN, lastClosedIndex, lastDueIndex, periodIndex } from "@/lib/domain/reporting";
import { deadlineStage, isoWeek, slotOf, type JobName } from "@/lib/domain/reminders";
import { fill, NODE_NAME, outboundText, queueDeliveries, readDeliverySettings } from "./outbox";
import { getYearFigures, type PlanOfYear } from "./progress-core";

/**
 * The scheduled jobs. Each takes the clock (`now`) from its caller — the runner, the CLI or a
 * test — and never reads the real date. Each is idempotent: every notice it makes carries a
 * dedupe key per recipient × cause × period (unique in notifications and in deliveries), so a
 * retried run or two nodes running at once tell each person once. They run as the system.
 */

type PlanRow = { id: number; year: number; title: string; cadence: Cadence; dueDay: number; graceDays: number; remindDaysBefore: number; escalateAfterDays: number };

async function publishedPlans(db: Executor): Promise<PlanRow[]> {
  const rows = await db
    .select({ id: plans.id, year: plans.year, title: plans.title, cadence: plans.cadence, dueDay: plans.dueDay, graceDays: plans.graceDays, remindDaysBefore: plans.remindDaysBefore, escalateAfterDays: plans.escalateAfterDays })
    .from(plans)
    .where(eq(plans.state, "published"))
    .orderBy(plans.id);
  return rows.map((r) => ({ ...r, cadence: r.cadence as Cadence }));
}

type Missing = { regionCode: string; count: number; first: string };

/** Per region, the open assignments of a plan whose report for period `idx` is not handed in: read from the kept states. */
async function missingByRegion(db: Executor, planId: number, idx: number): Promise<Missing[]> {
  const res = await db.execute(sql`
    select st.region_code, count(*)::int as n, min(t.number || ' ' || t.title) as first
    from assignment_states st join tasks t on t.id = st.task_id
    where st.plan_id = ${planId} and t.archived_at is null and not st.completed
      and ${idx} between st.first_index and st.last_index
      and (coalesce(st.period_flags[${idx}], 0) & ${FLAG_HANDED_IN}) = 0
    group by st.region_code order by st.region_code`);
  return (res as unknown as { rows: { region_code: string; n: number; first: string }[] }).rows.map((r) => ({ regionCode: r.region_code, count: Number(r.n), first: r.first }));
}

type Recipient = { id: number; locale: string | null; regionCode: string | null };

async function activeUsers(db: Executor, where: { role: "bureau" | "staff" | "leader"; regionCodes?: string[] }): Promise<Recipient[]> {
  if (where.regionCodes && where.regionCodes.length === 0) return [];
  return db
    .select({ id: users.id, locale: users.locale, regionCode: users.regionCode })
    .from(users)
    .where(and(eq(users.role, where.role), eq(users.active, true), where.regionCodes ? inArray(users.regionCode, where.regionCodes) : undefined));
}

type Notice = { userId: number; kind: "due_soon" | "overdue" | "escalated" | "digest" | "period_closed"; title: string; body: string; link: string; dedupeKey: string; assignmentId?: number | null };

/** Inserts notices; a (user, dedupe key) already told is skipped. Returns how many are new. */
async function insertNotices(db: Executor, list: Notice[], now: Date): Promise<number> {
  let n = 0;
  for (let i = 0; i < list.length; i += 1000) {
    const inserted = await db
      .insert(notifications)
      .values(list.slice(i, i + 1000).map((x) => ({ userId: x.userId, kind: x.kind, title: x.title, body: x.body, link: x.link, dedupeKey: x.dedupeKey, assignmentId: x.assignmentId ?? null, createdAt: now })))
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    n += inserted.length;
  }
  return n;
}

type BureauGroup = { regionCode: string; period: string; due: IsoDate; count: number; first: string };

/** The bureau notices of one stage, one per bureau user per period (the same key the bell uses, so nobody is told twice). */
async function noticeBureaus(db: Executor, kind: "due_soon" | "overdue", groups: BureauGroup[], now: Date): Promise<number> {
  const recipients = await activeUsers(db, { role: "bureau", regionCodes: [...new Set(groups.map((g) => g.regionCode))] });
  const byRegion = new Map<string, Recipient[]>();
  for (const u of recipients) byRegion.set(u.regionCode!, [...(byRegion.get(u.regionCode!) ?? []), u]);
  const list: Notice[] = [];
  for (const g of groups) {
    for (const u of byRegion.get(g.regionCode) ?? []) {
      const t = outboundText(u.locale);
      list.push({
        userId: u.id,
        kind,
        title: fill(kind === "due_soon" ? t.dueSoonTitle : t.overdueTitle, { period: g.period, due: g.due, count: g.count }),
        body: g.count > 1 ? fill(t.measures, { first: g.first, count: g.count }) : g.first,
        link: `/my-region?period=${g.period}`,
        dedupeKey: `${kind}:${g.period}`,
      });
    }
  }
  return insertNotices(db, list, now);
}

/** Merges the groups of several plans that share a period (one notice per bureau per period). */
function mergeGroups(groups: BureauGroup[]): BureauGroup[] {
  const out = new Map<string, BureauGroup>();
  for (const g of groups) {
    const k = `${g.regionCode}|${g.period}`;
    const prev = out.get(k);
    out.set(k, prev ? { ...prev, count: prev.count + g.count, first: prev.first < g.first ? prev.first : g.first, due: prev.due < g.due ? prev.due : g.due } : g);
  }
  return [...out.values()];
}

/** Due soon: N days (the plan's setting) before the current period's due day, to each bureau that has not handed in. */
export async function runDueSoon(db: Database, now: Date): Promise<Record<string, number>> {
  const today = shanghaiDate(now);
  const groups: BureauGroup[] = [];
  for (const p of await publishedPlans(db)) {
    const period = periodOf(today, p.cadence);
    if (Number(period.slice(0, 4)) !== p.year) continue;
    const due = periodDueDate(period, p.dueDay);
    if (deadlineStage(today, due, p.remindDaysBefore, p.escalateAfterDays) !== "due_soon") continue;
    for (const m of await missingByRegion(db, p.id, periodIndex(period))) groups.push({ ...m, period, due });
  }
  const merged = mergeGroups(groups);
  const notices = await noticeBureaus(db, "due_soon", merged, now);
  return { regions: merged.length, notices };
}

/** The last period of each published plan whose due day has passed, with its stage today. */
function lastDuePeriod(p: PlanRow, today: IsoDate): { period: string; due: IsoDate; stage: ReturnType<typeof deadlineStage> } | null {
  const k = lastDueIndex(p.year, p.cadence, today, p.dueDay);
  if (k === 0) return null;
  const period = periodsOfYear(p.year, p.cadence)[k - 1]!;
  const due = periodDueDate(period, p.dueDay);
  // A period long past (last year's December in a plan still published) is not chased again.
  if (addDays(due, p.escalateAfterDays + 14) < today) return null;
  return { period, due, stage: deadlineStage(today, due, p.remindDaysBefore, p.escalateAfterDays) };
}

async function regionNames(db: Executor, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, nameZh: regions.nameZh }).from(regions).where(inArray(regions.code, codes));
  return new Map(rows.map((r) => [r.code, r.nameZh]));
}

function summaryBody(missing: Missing[], names: Map<string, string>, limit = 30): string {
  const sorted = [...missing].sort((a, b) => b.count - a.count || a.regionCode.localeCompare(b.regionCode));
  const lines = sorted.slice(0, limit).map((m) => `${names.get(m.regionCode) ?? m.regionCode} ${m.count}`);
  if (sorted.length > limit) lines.push(`… +${sorted.length - limit}`);
  return lines.join("\n");
}

/** Overdue: from the day after the due day, to each bureau that has not handed in, and a summary to staff. */
export async function runOverdue(db: Database, now: Date): Promise<Record<string, number>> {
  const today = shanghaiDate(now);
  const groups: BureauGroup[] = [];
  const byPeriod = new Map<string, Missing[]>();
  for (const p of await publishedPlans(db)) {
    const last = lastDuePeriod(p, today);
    if (!last || last.stage !== "overdue") continue;
    const missing = await missingByRegion(db, p.id, periodIndex(last.period));
    for (const m of missing) groups.push({ ...m, period: last.period, due: last.due });
    byPeriod.set(last.period, [...(byPeriod.get(last.period) ?? []), ...missing]);
  }
  const merged = mergeGroups(groups);
  const notices = await noticeBureaus(db, "overdue", merged, now);
  const staff = await activeUsers(db, { role: "staff" });
  const list: Notice[] = [];
  for (const [period, missing] of byPeriod) {
    const perRegion = mergeMissing(missing);
    if (perRegion.length === 0) continue;
    const names = await regionNames(db, perRegion.map((m) => m.regionCode));
    const count = perRegion.reduce((a, m) => a + m.count, 0);
    for (const u of staff) {
      list.push({ userId: u.id, kind: "overdue", title: fill(outboundText(u.locale).overdueSummaryTitle, { period, regions: perRegion.length, count }), body: summaryBody(perRegion, names), link: "/review/missing", dedupeKey: `overdue_summary:${period}` });
    }
  }
  return { regions: merged.length, notices, staffNotices: await insertNotices(db, list, now) };
}

function mergeMissing(missing: Missing[]): Missing[] {
  const out = new Map<string, Missing>();
  for (const m of missing) {
    const prev = out.get(m.regionCode);
    out.set(m.regionCode, prev ? { ...prev, count: prev.count + m.count } : m);
  }
  return [...out.values()];
}

/** Escalation: M days (the plan's setting) after the due day, still not handed in: to staff and to each bureau's leader contact. */
export async function runEscalation(db: Database, now: Date): Promise<Record<string, number>> {
  const today = shanghaiDate(now);
  const cfg = await readDeliverySettings(db);
  const staff = await activeUsers(db, { role: "staff" });
  const list: Notice[] = [];
  const direct: (typeof deliveries.$inferInsert)[] = [];
  for (const p of await publishedPlans(db)) {
    const last = lastDuePeriod(p, today);
    if (!last || last.stage !== "escalated") continue;
    const missing = mergeMissing(await missingByRegion(db, p.id, periodIndex(last.period)));
    if (missing.length === 0) continue;
    const names = await regionNames(db, missing.map((m) => m.regionCode));
    const count = missing.reduce((a, m) => a + m.count, 0);
    for (const u of staff) {
      list.push({ userId: u.id, kind: "escalated", title: fill(outboundText(u.locale).escalatedTitle, { period: last.period, days: p.escalateAfterDays, regions: missing.length, count }), body: summaryBody(missing, names), link: "/review/missing", dedupeKey: `escalated:${p.id}:${last.period}` });
    }
    const t = outboundText("zh-CN");
    for (const m of missing) {
      const leader = cfg.leaders[m.regionCode];
      if (!leader) continue;
      const subject = fill(t.escalatedLeaderTitle, { region: names.get(m.regionCode) ?? m.regionCode, period: last.period, count: m.count, days: p.escalateAfterDays });
      const body = `${subject}\n${m.count > 1 ? fill(t.measures, { first: m.first, count: m.count }) : m.first}\n\n${t.footer}`;
      const base = { cause: "escalated", period: last.period, regionCode: m.regionCode, recipientName: leader.name ?? null, subject, nextAttemptAt: now, createdAt: now };
      if (cfg.enabled.email && leader.email) direct.push({ ...base, dedupeKey: `escalated:${p.id}:${last.period}:leader:${m.regionCode}:email`, channel: "email", recipient: leader.email, body, html: `<p>${body.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!).replace(/\n/g, "<br>")}</p>` });
      if (cfg.enabled.sms && leader.phone) direct.push({ ...base, dedupeKey: `escalated:${p.id}:${last.period}:leader:${m.regionCode}:sms`, channel: "sms", recipient: leader.phone, body: subject });
    }
  }
  return { staffNotices: await insertNotices(db, list, now), leaderMessages: await queueDeliveries(db, direct) };
}

/** Period close: once a period is past its grace days, tell staff what was handed in and where its 通报 draft is. */
export async function runPeriodClose(db: Database, now: Date): Promise<Record<string, number>> {
  const today = shanghaiDate(now);
  const staff = await activeUsers(db, { role: "staff" });
  const list: Notice[] = [];
  let closed = 0;
  for (const p of await publishedPlans(db)) {
    const k = lastClosedIndex(p.year, p.cadence, today, p.dueDay, p.graceDays);
    if (k === 0) continue;
    const period = periodsOfYear(p.year, p.cadence)[k - 1]!;
    // Only the period that closed most recently, and only within a week of its closing.
    if (addDays(periodDueDate(period, p.dueDay), p.graceDays + 7) < today) continue;
    const res = await db.execute(sql`
      select count(*)::int as open, (count(*) filter (where (coalesce(st.period_flags[${k}], 0) & ${FLAG_HANDED_IN}) = 0))::int as missing
      from assignment_states st join tasks t on t.id = st.task_id
      where st.plan_id = ${p.id} and t.archived_at is null and ${k} between st.first_index and st.last_index`);
    const row = (res as unknown as { rows: { open: number; missing: number }[] }).rows[0]!;
    closed++;
    for (const u of staff) {
      list.push({
        userId: u.id,
        kind: "period_closed",
        title: fill(outboundText(u.locale).periodClosedTitle, { plan: p.title, period, handedIn: Number(row.open) - Number(row.missing), missing: Number(row.missing) }),
        body: `${period} · ${periodDueDate(period, p.dueDay)} + ${p.graceDays}`,
        link: `/api/dashboard/bulletin?year=${p.year}&planId=${p.id}&period=${period}`,
        dedupeKey: `period_closed:${p.id}:${period}`,
      });
    }
  }
  return { periods: closed, staffNotices: await insertNotices(db, list, now) };
}

/** Leaders' weekly digest: what turned red this week, what was handed in and approved, who has not reported. */
export async function runDigest(db: Database, now: Date): Promise<Record<string, number>> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const planRows = await db
    .select({ id: plans.id, year: plans.year, cadence: plans.cadence, dueDay: plans.dueDay, graceDays: plans.graceDays, state: plans.state })
    .from(plans)
    .where(eq(plans.year, year));
  const yearPlans: PlanOfYear[] = planRows.map((p) => ({ ...p, cadence: p.cadence as Cadence }));
  const scope = { kind: "province" } as const;
  const nowFig = await getYearFigures(db, { year, plans: yearPlans, scope, today }, { useCache: false });
  const before = await getYearFigures(db, { year, plans: yearPlans, scope, today: addDays(today, -7) }, { useCache: false });
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const res = await db.execute(sql`
    select (count(*) filter (where r.submitted_at > ${weekAgo}::timestamptz and r.submitted_at <= ${now.toISOString()}::timestamptz))::int as submitted,
      (count(*) filter (where r.state = 'approved' and r.reviewed_at > ${weekAgo}::timestamptz and r.reviewed_at <= ${now.toISOString()}::timestamptz))::int as approved
    from reports r join assignments a on a.id = r.assignment_id join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id where p.year = ${year}`);
  const counts = (res as unknown as { rows: { submitted: number; approved: number }[] }).rows[0]!;
  const names = await regionNames(db, nowFig.byRegion.map((g) => g.region!));
  const redRegions = nowFig.byRegion
    .filter((g) => g.red > 0 || g.missingNow > 0)
    .sort((a, b) => b.red - a.red || b.missingNow - a.missingNow)
    .slice(0, 12)
    .map((g) => `${names.get(g.region!) ?? g.region}: 红灯 ${g.red} · 未报送 ${g.missingNow}`);
  const week = isoWeek(today);
  const leaders = await activeUsers(db, { role: "leader" });
  const list: Notice[] = leaders.map((u) => {
    const t = outboundText(u.locale);
    return {
      userId: u.id,
      kind: "digest",
      title: fill(t.digestTitle, { week, red: nowFig.total?.red ?? 0, redBefore: before.total?.red ?? 0, missing: nowFig.total?.missingNow ?? 0 }),
      body: [fill(t.digestBody, { submitted: Number(counts.submitted), approved: Number(counts.approved) }), ...redRegions].join("\n"),
      link: `/dashboard?year=${year}`,
      dedupeKey: `digest:${week}`,
    };
  });
  return { leaders: await insertNotices(db, list, now), red: nowFig.total?.red ?? 0, redBefore: before.total?.red ?? 0 };
}

const jobs: Record<JobName, (db: Database, now: Date) => Promise<Record<string, number>>> = {
  lights: (db, now) => refreshDayLights(db, now),
  "due-soon": runDueSoon,
  overdue: runOverdue,
  escalation: runEscalation,
  "period-close": runPeriodClose,
  digest: runDigest,
};

export type JobRunResult = { job: JobName; slot: string; ran: boolean; outcome: "ok" | "failed" | "skipped"; summary?: Record<string, number>; error?: string };

/**
 * Runs one job once for a slot: the (job, slot) row is claimed first, so the same slot on another
 * node (or a retry) is skipped; an operator's or a test's run takes a slot of its own ("manual:…").
 * A failure is kept on the row (the admin page shows it) and never reaches a user's request.
 */
export async function runJob(db: Database, job: JobName, opts: { now: Date; slot?: string; manual?: boolean }): Promise<JobRunResult> {
  const slot = opts.slot ?? (opts.manual ? `manual:${opts.now.toISOString()}:${crypto.randomUUID().slice(0, 8)}` : slotOf(job, opts.now));
  const claimed = await db
    .insert(jobRuns)
    .values({ job, slot, runAt: opts.now, node: NODE_NAME, startedAt: new Date() })
    .onConflictDoNothing({ target: [jobRuns.job, jobRuns.slot] })
    .returning({ id: jobRuns.id });
  if (claimed.length === 0) return { job, slot, ran: false, outcome: "skipped" };
  const id = claimed[0]!.id;
  try {
    const summary = await jobs[job](db, opts.now);
    await db.update(jobRuns).set({ outcome: "ok", summary, finishedAt: new Date() }).where(eq(jobRuns.id, id));
    return { job, slot, ran: true, outcome: "ok", summary };
  } catch (err) {
    const error = err instanceof Error ? `${err.message}` : String(err);
    await db.update(jobRuns).set({ outcome: "failed", error: error.slice(0, 2000), finishedAt: new Date() }).where(eq(jobRuns.id, id));
    return { job, slot, ran: true, outcome: "failed", error };
  }
}
