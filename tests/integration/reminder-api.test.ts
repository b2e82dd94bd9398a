import { Validator } from "@seriousme/openapi-schema-validator";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { openApiDocument } from "@/lib/api/openapi";
import { closeMailTransports } from "@/lib/channels/email";
import { getMyDeliveryPrefs, listDeliveries, updateMyDeliveryPrefs } from "@/lib/data/delivery-log";
import { getJobsOverview, updateDeliverySettings } from "@/lib/data/job-admin";
import { deliverAll, type SenderConfig } from "@/lib/data/outbox";
import { runJob } from "@/lib/data/reminder-jobs";
import * as remindRoute from "@/app/api/v1/assignments/[id]/remind/route";
import * as deliveriesRoute from "@/app/api/v1/deliveries/route";
import { NOW, actAs, query, seed } from "../support/fixtures";
import { outcome, type Outcome } from "../support/outcome";
import { startSmtpPeer } from "../support/peers";

// The real getSessionClaims reads the Authorization header through next/headers.
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders.current, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(handler: Handler, opts: { method?: string; query?: Record<string, string | number>; params?: Record<string, string | number>; body?: unknown } = {}) {
  const url = new URL("http://localhost/api/v1/x");
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
  const init: RequestInit = { method: opts.method ?? "GET", headers: { "content-type": "application/json" } };
  if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
  const res = await handler(new Request(url, init), { params: Promise.resolve(Object.fromEntries(Object.entries(opts.params ?? {}).map(([k, v]) => [k, String(v)]))) });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: text ? JSON.parse(text) : null };
}

const REGION = "150400";
let assignmentId = 0;
let otherAssignment = 0;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
let config: SenderConfig;

beforeAll(async () => {
  await seed();
  smtp = await startSmtpPeer();
  config = { smtpUrl: smtp.url, mailFrom: "noreply@tracker.test", timeoutMs: 5000, appUrl: "http://tracker.test" };
  const rows = await query<{ id: number; region_code: string }>(sql`
    select a.id, a.region_code from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
    where p.year = 2026 and p.state = 'published' and a.closed_at is null and a.region_code in ('150400', '150500') order by a.id`);
  assignmentId = rows.find((r) => r.region_code === REGION)!.id;
  otherAssignment = rows.find((r) => r.region_code === "150500")!.id;
  const db = await getDb();
  await db.update(users).set({ email: "bureau-150400@example.test" }).where(eq(users.username, `bureau-${REGION}`));
});

afterAll(async () => {
  closeMailTransports();
  await smtp?.close();
});

describe("who may do what", () => {
  const roles = ["admin", "staff", "leader", `bureau-${REGION}`] as const;
  it.each([
    // [action, admin, staff, leader, bureau]
    ["jobs overview", "ok", 403, 403, 403],
    ["delivery settings", "ok", 403, 403, 403],
    ["delivery log", 403, "ok", 403, 403],
    ["my channels", "ok", "ok", "ok", "ok"],
  ] as const)("%s: admin %s, staff %s, leader %s, bureau %s", async (action, ...expected) => {
    const got: Outcome[] = [];
    for (const user of roles) {
      await actAs(user);
      got.push(
        await outcome(async () => {
          if (action === "jobs overview") await getJobsOverview(NOW);
          else if (action === "delivery settings") await updateDeliverySettings({ enabled: { email: true, sms: true, wecom: false, dingtalk: false }, robots: {}, leaders: {} });
          else if (action === "delivery log") await listDeliveries({ regionCode: REGION });
          else await getMyDeliveryPrefs();
        }),
      );
    }
    expect(got).toEqual(expected);
  });

  it("the jobs overview names each job's schedule and next run, and its last run once it ran", async () => {
    const db = await getDb();
    await runJob(db, "due-soon", { now: NOW });
    await actAs("admin");
    const o = await getJobsOverview(NOW);
    const dueSoon = o.jobs.find((j) => j.name === "due-soon")!;
    expect(dueSoon.cron).toBe("0 8 * * *");
    expect(dueSoon.nextRun.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(dueSoon.lastRun).toMatchObject({ slot: "2026-11-22", outcome: "ok" });
    expect(o.jobs.find((j) => j.name === "digest")!.lastRun).toBeNull();
    expect(o.mode).toBe("off");
  });

  it("a user chooses channels within what the administrator enables", async () => {
    await actAs("admin");
    await updateDeliverySettings({ enabled: { email: true, sms: false, wecom: false, dingtalk: false }, robots: {}, leaders: {} });
    await actAs("leader");
    await updateMyDeliveryPrefs({ email: "leader@example.test", phone: "13800000009", channels: ["email", "sms"], locale: "en" });
    expect(await getMyDeliveryPrefs()).toMatchObject({ email: "leader@example.test", phone: "13800000009", channels: ["email"], locale: "en", enabled: { email: true, sms: false } });
    expect(await outcome(() => updateMyDeliveryPrefs({ email: "not an address", phone: "", channels: [], locale: "zh-CN" }))).toBe("invalid");
  });
});

describe("POST /api/v1/assignments/{id}/remind and GET /api/v1/deliveries", () => {
  it("staff remind once a day: a second answers 429 with Retry-After until midnight (China time), unless confirmed", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
    try {
      await actAs("staff");
      const first = await call(remindRoute.POST, { method: "POST", params: { id: assignmentId }, body: { message: "请尽快报送" } });
      expect(first.status).toBe(201);
      expect(first.body.notified).toBeGreaterThan(0);
      const second = await call(remindRoute.POST, { method: "POST", params: { id: assignmentId }, body: {} });
      expect(second.status).toBe(429);
      // NOW is 12:00 in Shanghai: twelve hours to midnight.
      expect(second.retryAfter).toBe(String(12 * 3600));
      const confirmed = await call(remindRoute.POST, { method: "POST", params: { id: assignmentId }, body: { confirm: true } });
      expect(confirmed.status).toBe(201);
      await actAs(`bureau-${REGION}`);
      expect((await call(remindRoute.POST, { method: "POST", params: { id: assignmentId }, body: {} })).status).toBe(403);
      await actAs("staff");
      expect((await call(remindRoute.POST, { method: "POST", params: { id: 999999 }, body: {} })).status).toBe(404);
    } finally {
      vi.useRealTimers();
    }
  });

  it("the reminder goes out by mail and the log shows it, per assignment, to staff only", async () => {
    const db = await getDb();
    await deliverAll(db, NOW, config);
    const mails = smtp.mails.filter((m) => m.to.includes("bureau-150400@example.test") && m.subject.startsWith("【催办】"));
    expect(mails).toHaveLength(2);
    expect(mails.filter((m) => m.text.includes("请尽快报送"))).toHaveLength(1);
    await actAs("staff");
    const log = await call(deliveriesRoute.GET, { query: { assignmentId } });
    expect(log.status).toBe(200);
    const reminders = log.body.items.filter((d: { cause: string }) => d.cause === "reminder");
    expect(reminders.filter((d: { channel: string }) => d.channel === "email")).toHaveLength(2);
    expect(reminders.every((d: { state: string; assignmentId: number }) => d.state === "sent" && d.assignmentId === assignmentId)).toBe(true);
    expect((await call(deliveriesRoute.GET, { query: { assignmentId: otherAssignment } })).body.items).toEqual([]);
    expect((await call(deliveriesRoute.GET, {})).status).toBe(400);
    await actAs(`bureau-${REGION}`);
    expect((await call(deliveriesRoute.GET, { query: { assignmentId } })).status).toBe(403);
  });

  it("both are in the OpenAPI document, which stays valid", async () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths["/assignments/{id}/remind"]!.post!.responses)).toContain("429");
    expect(doc.paths["/deliveries"]!.get).toBeDefined();
    const result = await new Validator().validate(JSON.parse(JSON.stringify(doc)));
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
  });
});
