import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { settings, users } from "@/db/schema";
import { closeMailTransports } from "@/lib/channels/email";
import { listMyNotifications } from "@/lib/data/notifications";
import { deliverAll, type SenderConfig } from "@/lib/data/outbox";
import { getPeriodWork } from "@/lib/data/period-work";
import { runJob } from "@/lib/data/reminder-jobs";
import { saveReportDraft, submitReport } from "@/lib/data/reports";
import { returnReport } from "@/lib/data/review";
import { leagueCities } from "@/db/seed/regions-data";
import { NOW, actAs, query, seed } from "../support/fixtures";
import { startSmtpPeer, type ReceivedMail } from "../support/peers";

/**
 * Scheduled reminders against a real SMTP server on a local port: the clock is set by the test
 * (the demo history's 22 November 2026: the 2026 plan's November reports are due on the 25th).
 */
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
let config: SenderConfig;
const APP = "http://tracker.test";
const day = (d: number) => new Date(NOW.getTime() + d * 86_400_000);
const mailOf = (username: string) => `${username}@example.test`;
const mailsTo = (address: string, subjectPart = "") => smtp.mails.filter((m) => m.to.includes(address) && m.subject.includes(subjectPart));

/** What each bureau has not handed in for 2026-11, read through the bureau's own period page. */
async function missingOf(username: string): Promise<number> {
  await actAs(username);
  const work = await getPeriodWork("2026-11", NOW);
  return work.items.filter((i) => i.period === "2026-11" && (i.state === "none" || i.state === "draft")).length;
}

beforeAll(async () => {
  await seed();
  smtp = await startSmtpPeer();
  config = { smtpUrl: smtp.url, mailFrom: "督办系统 <noreply@tracker.test>", timeoutMs: 5000, appUrl: APP };
  const db = await getDb();
  // Every demo account gets an address; one bureau reads its messages in English.
  await db.execute(sql`update users set email = username || '@example.test'`);
  await db.update(users).set({ locale: "en" }).where(eq(users.username, "bureau-150200"));
  // A second account of 赤峰市's bureau that chose in-app notices only.
  const [hash] = await db.select({ h: users.passwordHash }).from(users).where(eq(users.username, "bureau-150400"));
  await db.insert(users).values({ username: "bureau-150400-b", name: "赤峰市局二", passwordHash: hash!.h, role: "bureau", regionCode: "150400", email: "bureau-150400-b@example.test", channels: [] });
});

afterAll(async () => {
  closeMailTransports();
  await smtp?.close();
});

describe("due soon", () => {
  let expected: Map<string, number>;
  it("tells each bureau with reports missing once, by mail with a text and an HTML part and a link, in its language", async () => {
    expected = new Map();
    for (const c of leagueCities) expected.set(`bureau-${c.code}`, await missingOf(`bureau-${c.code}`));
    expect([...expected.values()].some((n) => n > 0)).toBe(true);

    const db = await getDb();
    const run = await runJob(db, "due-soon", { now: NOW, manual: true });
    expect(run.outcome).toBe("ok");
    const delivered = await deliverAll(db, NOW, config);
    expect(delivered.failed).toBe(0);

    for (const [username, missing] of expected) {
      const got = mailsTo(mailOf(username));
      if (missing === 0) {
        expect(got, username).toEqual([]);
        continue;
      }
      expect(got, username).toHaveLength(1);
      const m = got[0]!;
      if (username === "bureau-150200") {
        expect(m.subject).toBe(`【Due soon】2026-11 reports are due on 2026-11-25: ${missing} not submitted`);
        expect(m.text).toContain(`Open: ${APP}/my-region?period=2026-11`);
      } else {
        expect(m.subject).toBe(`【即将到期】2026-11进度报送将于2026-11-25截止：${missing}项未报送`);
        expect(m.text).toContain(`打开查看: ${APP}/my-region?period=2026-11`);
      }
      expect(m.html).toContain(`href="${APP}/my-region?period=2026-11"`);
      expect(m.from).toBe("noreply@tracker.test");
    }
    // Nobody else was written to.
    const bureauMails = smtp.mails.filter((m) => m.to.some((t) => t.startsWith("bureau-")));
    expect(bureauMails).toHaveLength([...expected.values()].filter((n) => n > 0).length);
  });

  it("runs again (a retry, another node) without telling anyone twice; the bell shows the same one notice", async () => {
    const before = smtp.mails.length;
    const db = await getDb();
    await runJob(db, "due-soon", { now: day(1), manual: true });
    await deliverAll(db, day(1), config);
    expect(smtp.mails.length).toBe(before);
    const [username] = [...expected].find(([, n]) => n > 0)!;
    await actAs(username);
    const { items } = await listMyNotifications(50, day(1));
    expect(items.filter((i) => i.kind === "due_soon")).toHaveLength(1);
  });

  it("a scheduled slot runs once: the second claim of the same day is skipped", async () => {
    const db = await getDb();
    const first = await runJob(db, "due-soon", { now: NOW });
    const second = await runJob(db, "due-soon", { now: new Date(NOW.getTime() + 3_600_000) });
    expect(first).toMatchObject({ ran: true, outcome: "ok", slot: "2026-11-22" });
    expect(second).toMatchObject({ ran: false, outcome: "skipped", slot: "2026-11-22" });
  });

  it("says nothing before the window (a week before the due day)", async () => {
    const db = await getDb();
    const run = await runJob(db, "due-soon", { now: day(-7), manual: true });
    expect(run.summary).toEqual({ regions: 0, notices: 0 });
  });
});

describe("overdue and escalation", () => {
  it("the day after the due day: the bureau is told it is overdue, staff get one summary", async () => {
    const db = await getDb();
    const run = await runJob(db, "overdue", { now: day(4), manual: true });
    expect(run.outcome).toBe("ok");
    await deliverAll(db, day(4), config);
    const missing = await missingOf("bureau-150400");
    expect(missing).toBeGreaterThan(0);
    const overdue = mailsTo(mailOf("bureau-150400"), "已逾期");
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.subject).toBe(`【已逾期】2026-11进度报送已于2026-11-25截止：${missing}项未报送`);
    const summary = mailsTo(mailOf("staff"), "逾期未报送");
    expect(summary).toHaveLength(1);
    expect(summary[0]!.text).toContain("赤峰市");
    expect(summary[0]!.text).toContain(`${APP}/review/missing`);
    // Again the next day: nothing new.
    const before = smtp.mails.length;
    await runJob(db, "overdue", { now: day(5), manual: true });
    await deliverAll(db, day(5), config);
    expect(smtp.mails.length).toBe(before);
  });

  it("M days after the due day: staff and the bureau's leader contact are told", async () => {
    const db = await getDb();
    await db
      .insert(settings)
      .values({ key: "delivery", value: { enabled: { email: true, sms: false, wecom: false, dingtalk: false }, robots: {}, leaders: { "150400": { name: "赤峰市分管领导", email: "leader-150400@example.test" } } } })
      .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } });
    // Due 25 November, escalation after 5 days: quiet on the 30th, told on 1 December.
    const early = await runJob(db, "escalation", { now: new Date("2026-11-30T04:00:00Z"), manual: true });
    expect(early.summary).toEqual({ staffNotices: 0, leaderMessages: 0 });
    await runJob(db, "escalation", { now: new Date("2026-12-01T04:00:00Z"), manual: true });
    await deliverAll(db, new Date("2026-12-01T04:00:00Z"), config);
    const leader = mailsTo("leader-150400@example.test");
    expect(leader).toHaveLength(1);
    expect(leader[0]!.subject).toContain("赤峰市：2026-11有");
    expect(mailsTo(mailOf("staff"), "逾期升级督办")).toHaveLength(1);
  });
});

describe("at once: returned, submitted", () => {
  it("a returned report reaches its bureau by mail, a submission reaches staff", async () => {
    const db = await getDb();
    const [a] = await query<{ id: number }>(sql`
      select a.id from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      where p.year = 2026 and a.region_code = '150900' and a.closed_at is null and a.due_date >= '2026-11-30'
        and not exists (select 1 from reports r where r.assignment_id = a.id and r.period = '2026-11') order by a.id limit 1`);
    await actAs("bureau-150900");
    const saved = await saveReportDraft({ assignmentId: a!.id, period: "2026-11", progress: 99, status: "on_track", workDone: "推进中" }, NOW);
    const submitted = await submitReport({ reportId: saved.id, version: saved.version }, NOW);
    await deliverAll(db, NOW, config);
    const toStaff = mailsTo(mailOf("staff")).filter((m) => m.text.includes(`/review/${saved.id}`));
    expect(toStaff).toHaveLength(1);
    await actAs("staff");
    await returnReport({ reportId: saved.id, version: submitted.version, comment: "请补充佐证材料" }, NOW);
    await deliverAll(db, NOW, config);
    const returned = mailsTo(mailOf("bureau-150900"), "被退回");
    expect(returned).toHaveLength(1);
    expect(returned[0]!.text).toContain("请补充佐证材料");
  });

  it("a user who chose in-app only gets no mail; the log shows the in-app notice as sent", async () => {
    expect(mailsTo("bureau-150400-b@example.test")).toEqual([]);
    expect(mailsTo(mailOf("bureau-150400")).length).toBeGreaterThan(0);
    const log = await query<{ channel: string; state: string; cause: string }>(sql`
      select d.channel, d.state, d.cause from deliveries d join users u on u.id = d.user_id where u.username = 'bureau-150400-b' order by d.id`);
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((l) => l.channel === "in_app" && l.state === "sent")).toBe(true);
    expect(log.map((l) => l.cause)).toContain("overdue");
  });
});

describe("period close and the leaders' weekly digest", () => {
  it("after the grace days, staff are told what was handed in and get the 通报 draft's link, once", async () => {
    const db = await getDb();
    // 30 November: November is in its grace days, October closed more than a week ago: nothing.
    const early = await runJob(db, "period-close", { now: new Date("2026-11-30T04:00:00Z"), manual: true });
    expect(early.summary).toEqual({ periods: 0, staffNotices: 0 });
    await runJob(db, "period-close", { now: new Date("2026-12-01T04:00:00Z"), manual: true });
    await runJob(db, "period-close", { now: new Date("2026-12-02T04:00:00Z"), manual: true });
    await deliverAll(db, new Date("2026-12-02T04:00:00Z"), config);
    const closed = mailsTo(mailOf("staff"), "2026-11已截止");
    expect(closed).toHaveLength(1);
    expect(closed[0]!.text).toMatch(/\/api\/dashboard\/bulletin\?year=2026&planId=\d+&period=2026-11/);
  });

  it("leaders get one digest a week: red now and a week ago, who has not reported", async () => {
    const db = await getDb();
    const run = await runJob(db, "digest", { now: day(1) });
    expect(run).toMatchObject({ outcome: "ok", slot: "2026-W48" });
    await runJob(db, "digest", { now: day(2), manual: true });
    await deliverAll(db, day(2), config);
    const digests = mailsTo(mailOf("leader"), "每周督办简报");
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toMatch(/^【每周督办简报】2026-W48督办简报：红灯\d+项（上周\d+项），本期未报送\d+项$/);
    expect(digests[0]!.text).toContain(`${APP}/dashboard?year=2026`);
  });
});

export type { ReceivedMail };
