import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, type Database } from "@/db";
import { settings, users } from "@/db/schema";
import { HttpSmsGateway } from "@/lib/channels/sms";
import { dispatchNotices, sendDueDeliveries, type SenderConfig } from "@/lib/data/outbox";
import { runJob } from "@/lib/data/reminder-jobs";
import { NOW, query, seed } from "../support/fixtures";
import { startHttpPeer } from "../support/peers";

/**
 * A sender that dies in the middle of a batch (its process killed after some messages went out):
 * once its claim's lease runs out, another sender sends only what had not gone out — not the
 * batch again. The "death" is the database refusing every write from the moment the gateway has
 * received the fifth SMS, which ends the sender there, as a kill would.
 */
let peer: Awaited<ReturnType<typeof startHttpPeer>>;
let config: SenderConfig;

beforeAll(async () => {
  await seed();
  peer = await startHttpPeer();
  config = { mailFrom: "noreply@tracker.test", timeoutMs: 2000, appUrl: "http://tracker.test", sms: new HttpSmsGateway(`${peer.url}/sms`, "gateway-token", 2000) };
  const db = await getDb();
  await db.insert(settings).values({ key: "delivery", value: { enabled: { email: false, sms: true, wecom: false, dingtalk: false }, robots: {}, leaders: {} } });
  // Every league-city bureau by SMS, each on a number of its own.
  const bureaus = await query<{ id: number }>(sql`select id from users where role = 'bureau' order by id`);
  for (const [i, b] of bureaus.entries()) await db.update(users).set({ phone: `1380000${String(1000 + i)}`, channels: ["sms"] }).where(eq(users.id, b.id));
});

afterAll(async () => {
  await peer?.close();
});

/** The database as the sender sees it, refusing every update once `dead()` says so. */
function dyingAfter(db: Database, dead: () => boolean): Database {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "update" && dead()) return () => { throw new Error("the sender's process died"); };
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe("a sender dies mid-batch", () => {
  it("the next sender, after the lease, sends only what had not gone out", async () => {
    const db = await getDb();
    await runJob(db, "due-soon", { now: NOW, manual: true });
    while ((await dispatchNotices(db, NOW, { appUrl: config.appUrl })) > 0);
    const pending = await query<{ n: number }>(sql`select count(*)::int as n from deliveries where channel = 'sms' and state = 'pending'`);
    const total = pending[0]!.n;
    expect(total).toBeGreaterThanOrEqual(8);

    const sms = () => peer.requests.filter((r) => r.path === "/sms");
    await expect(sendDueDeliveries(dyingAfter(db, () => sms().length >= 5), NOW, config, { batch: 500, concurrency: 1 })).rejects.toThrow("died");
    expect(sms()).toHaveLength(5);

    // Past the dead sender's lease, another one takes over.
    const later = new Date(NOW.getTime() + 10 * 60_000);
    const r = await sendDueDeliveries(db, later, config);
    expect(r.failed + r.retrying).toBe(0);
    const left = await query<{ n: number }>(sql`select count(*)::int as n from deliveries where channel = 'sms' and state <> 'sent'`);
    expect(left[0]!.n).toBe(0);
    // Every number got its message; only the one in flight when the sender died went twice.
    const perNumber = new Map<string, number>();
    for (const q of sms()) {
      const to = (q.body as { to: string }).to;
      perNumber.set(to, (perNumber.get(to) ?? 0) + 1);
    }
    expect(perNumber.size).toBe(total);
    expect([...perNumber.values()].filter((n) => n > 1)).toHaveLength(1);
    expect(sms()).toHaveLength(total + 1);
  });
});
