import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { settings, users } from "@/db/schema";
import { HttpSmsGateway } from "@/lib/channels/sms";
import { deliverAll, type SenderConfig } from "@/lib/data/outbox";
import { runJob } from "@/lib/data/reminder-jobs";
import { MAX_ATTEMPTS } from "@/lib/domain/reminders";
import { NOW, query, seed } from "../support/fixtures";
import { startHttpPeer } from "../support/peers";

/**
 * 企业微信 and 钉钉 group robots and the SMS gateway against a local HTTP server that checks what
 * arrives (bodies, 钉钉's signature, the gateway's token) and answers 500, a refusal or nothing at
 * all, to prove the retries with back-off, the failed state and that nothing is sent twice.
 */
let peer: Awaited<ReturnType<typeof startHttpPeer>>;
let config: SenderConfig;
const SECRET = "SEC0123456789abcdef";
const REGION = "150400"; // 赤峰市
const at = (iso: string) => new Date(iso);

type Row = { id: number; channel: string; state: string; attempts: number; last_error: string | null; recipient: string; cause: string };
const log = (cause: string) => query<Row>(sql`select id, channel, state, attempts, last_error, recipient, cause from deliveries where cause = ${cause} and channel <> 'in_app' order by id`);

beforeAll(async () => {
  await seed();
  peer = await startHttpPeer();
  config = { mailFrom: "noreply@tracker.test", timeoutMs: 2000, appUrl: "http://tracker.test", sms: new HttpSmsGateway(`${peer.url}/sms`, "gateway-token", 2000) };
  const db = await getDb();
  await db.insert(settings).values({
    key: "delivery",
    value: {
      enabled: { email: false, sms: true, wecom: true, dingtalk: true },
      robots: {
        [REGION]: { wecomUrl: `${peer.url}/wecom?key=region-key`, dingtalkUrl: `${peer.url}/dingtalk?access_token=region-token`, dingtalkSecret: SECRET },
        staff: { wecomUrl: `${peer.url}/wecom?key=staff-key` },
      },
      leaders: {},
    },
  });
  await db.update(users).set({ phone: "13800000001", channels: ["sms"] }).where(eq(users.username, `bureau-${REGION}`));
});

afterAll(async () => {
  await peer?.close();
});

describe("robots and SMS", () => {
  it("due soon: one 企业微信 and one signed 钉钉 message to the region's group, an SMS through the gateway", async () => {
    const db = await getDb();
    await runJob(db, "due-soon", { now: NOW, manual: true });
    const r = await deliverAll(db, NOW, config);
    expect(r.failed + r.retrying).toBe(0);

    const wecom = peer.requests.filter((q) => q.path === "/wecom");
    expect(wecom).toHaveLength(1);
    expect(wecom[0]!.query.get("key")).toBe("region-key");
    const wb = wecom[0]!.body as { msgtype: string; markdown: { content: string } };
    expect(wb.msgtype).toBe("markdown");
    expect(wb.markdown.content).toMatch(/^\*\*【即将到期】2026-11进度报送将于2026-11-25截止：\d+项未报送\*\*/);
    expect(wb.markdown.content).toContain("(http://tracker.test/my-region?period=2026-11)");

    const ding = peer.requests.filter((q) => q.path === "/dingtalk");
    expect(ding).toHaveLength(1);
    const ts = ding[0]!.query.get("timestamp")!;
    expect(ding[0]!.query.get("access_token")).toBe("region-token");
    // 钉钉's rule: Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).
    expect(ding[0]!.query.get("sign")).toBe(crypto.createHmac("sha256", SECRET).update(`${ts}\n${SECRET}`).digest("base64"));
    const db2 = ding[0]!.body as { msgtype: string; markdown: { title: string; text: string } };
    expect(db2.msgtype).toBe("markdown");
    expect(db2.markdown.title).toContain("【即将到期】");
    expect(db2.markdown.text).toContain("http://tracker.test/my-region?period=2026-11");

    const sms = peer.requests.filter((q) => q.path === "/sms");
    expect(sms).toHaveLength(1);
    expect(sms[0]!.headers.authorization).toBe("Bearer gateway-token");
    expect(sms[0]!.body).toMatchObject({ to: "13800000001" });
    expect((sms[0]!.body as { text: string }).text).toContain("【即将到期】2026-11进度报送");

    // Nothing is sent twice.
    await deliverAll(db, at("2026-11-22T06:00:00Z"), config);
    expect(peer.requests.filter((q) => q.path !== "/")).toHaveLength(3);
    expect((await log("due_soon")).every((d) => d.state === "sent" && d.attempts === 1)).toBe(true);
  });

  it("a 500, a refusal and a timeout are retried with back-off, then the message shows as failed and is never sent again", async () => {
    const db = await getDb();
    peer.setMode("fail");
    let now = at("2026-11-26T01:00:00Z");
    await runJob(db, "overdue", { now, manual: true });
    await deliverAll(db, now, config);
    let rows = await log("overdue");
    // The region's two robots, its SMS and the staff group's robot.
    expect(rows.map((r) => `${r.channel} ${r.recipient}`).sort()).toEqual(["dingtalk region:150400", "sms 13800000001", "wecom region:150400", "wecom staff"]);
    expect(rows.every((r) => r.state === "pending" && r.attempts === 1 && r.last_error!.startsWith("HTTP 500"))).toBe(true);
    const tried = peer.requests.length;

    // Not due again before its back-off (1 minute).
    await deliverAll(db, new Date(now.getTime() + 30_000), config);
    expect(peer.requests.length).toBe(tried);

    // A refusal (errcode ≠ 0) of the robots, then a peer that never answers.
    peer.setMode("refuse");
    now = new Date(now.getTime() + 60_000);
    await deliverAll(db, now, config);
    rows = await log("overdue");
    const robots = (list: Row[]) => list.filter((r) => r.channel !== "sms");
    expect(robots(rows).every((r) => r.attempts === 2 && r.state === "pending" && r.last_error!.startsWith("robot refused"))).toBe(true);
    // The gateway's 2xx is a delivery: the SMS went through on its second try.
    expect(rows.find((r) => r.channel === "sms")).toMatchObject({ state: "sent", attempts: 2 });

    peer.setMode("hang");
    for (let attempt = 3; attempt <= MAX_ATTEMPTS; attempt++) {
      now = new Date(now.getTime() + 3_600_000);
      await deliverAll(db, now, config);
    }
    rows = await log("overdue");
    expect(robots(rows).every((r) => r.state === "failed" && r.attempts === MAX_ATTEMPTS && r.last_error === "timeout after 2000 ms")).toBe(true);

    // The peer recovers: a failed message is not sent again.
    peer.setMode("ok");
    const before = peer.requests.length;
    await deliverAll(db, new Date(now.getTime() + 86_400_000), config);
    expect(peer.requests.length).toBe(before);
  });

  it("a message that failed once and then went through is sent once, and shows as sent with its tries", async () => {
    const db = await getDb();
    peer.setMode("fail");
    const now = at("2026-12-01T04:00:00Z");
    await runJob(db, "escalation", { now, manual: true });
    await deliverAll(db, now, config);
    peer.setMode("ok");
    const before = peer.requests.length;
    await deliverAll(db, new Date(now.getTime() + 61_000), config);
    await deliverAll(db, new Date(now.getTime() + 3_600_000), config);
    const rows = await log("escalated");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === "sent" && r.attempts === 2)).toBe(true);
    expect(peer.requests.length - before).toBe(rows.length);
  });
});
