import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { auditLog, userSessions, users } from "@/db/schema";
import { getAuthOptions } from "@/lib/auth/options";
import { getViewer } from "@/lib/auth/viewer";
import { createApiToken } from "@/lib/data/api-tokens";
import { listLeagueCities } from "@/lib/data/regions";
import { loadSessionUser } from "@/lib/data/session-users";
import { THROTTLE, addressBackoffUntil, attemptSignIn, lockedUntil } from "@/lib/data/sign-in-throttle";
import { TOUCH_EVERY_MS, createUserSession, endUserSessions, touchUserSession } from "@/lib/data/user-sessions";
import { getEnv } from "@/lib/env";
import * as regionsRoute from "@/app/api/v1/regions/route";
import { NOW, seed } from "../support/fixtures";

// The real cookie-and-token path, end to end: next-auth's decoded session and the request
// headers are the only things replaced (tests/support/session-mock.ts is undone for this file).
const request = vi.hoisted(() => {
  // As under scripts/server.mjs behind one reverse proxy (read once, by lib/env.ts).
  process.env.TRACKER_PEER_HEADER = "1";
  process.env.TRUSTED_PROXIES = "172.16.0.0/12";
  return { headers: new Headers(), session: null as null | { uid: number; sv: number; sid: string } };
});
vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => request.session }));
vi.mock("@/lib/auth/session", async (importOriginal) => await importOriginal());

const MIN = 60_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const PASSWORD = "demo2025";

async function userId(username: string): Promise<number> {
  const db = await getDb();
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return u!.id;
}

async function auditRows(action: string, entityType: string, entityId: string | number) {
  const db = await getDb();
  return db
    .select({ actorId: auditLog.actorId, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId))));
}

/** Signs in through the web path at `now` and opens a browser session, as authorize() does. */
async function browserSession(username: string, now: Date = new Date()): Promise<{ uid: number; sv: number; sid: string }> {
  const user = await attemptSignIn({ username, password: PASSWORD }, { address: "10.9.0.1", channel: "web", now });
  return { uid: user.id, sv: user.sessionVersion, sid: await createUserSession(user.id, { ip: "10.9.0.1", now }) };
}

function asBrowser(session: { uid: number; sv: number; sid: string } | null) {
  request.headers = new Headers();
  request.session = session;
}

function asBearer(token: string) {
  request.headers = new Headers({ authorization: `Bearer ${token}` });
  request.session = null;
}

async function regionsApi(): Promise<number> {
  return (await regionsRoute.GET(new Request("http://localhost/api/v1/regions"), { params: Promise.resolve({}) })).status;
}

beforeAll(async () => {
  await seed();
});

describe("lockedUntil (the lock rule)", () => {
  const rule = (times: number[]) => lockedUntil(times, 5, 15 * MIN, 15 * MIN);
  it.each([
    { name: "four failures lock nothing", times: [0, 1, 2, 3], until: null },
    { name: "the fifth within 15 minutes locks for 15 minutes from it", times: [0, 1, 2, 3, 4], until: 4 + 15 * MIN },
    { name: "five spread over more than 15 minutes do not", times: [0, 4 * MIN, 8 * MIN, 12 * MIN, 15 * MIN + 1], until: null },
    { name: "counting starts afresh after a lock", times: [0, 1, 2, 3, 4, 15 * MIN + 10, 15 * MIN + 11], until: 4 + 15 * MIN },
  ])("$name", ({ times, until }) => {
    expect(rule(times)).toBe(until);
  });
});

describe("sign-in throttling (injected clock)", () => {
  it.each([
    { kind: "a known username", username: "bureau-150200", entity: "user" },
    { kind: "an unknown username", username: "no-such-person", entity: "username" },
  ])("$kind: five failures lock it; the sixth attempt is refused even with the right password until the lock ends", async ({ username, entity }) => {
    const entityId = entity === "user" ? await userId(username) : username;
    for (let i = 0; i < THROTTLE.perUsername; i++) {
      await expect(attemptSignIn({ username, password: "wrong" }, { address: `10.1.0.${i}`, channel: "web", now: at(i * 1000) })).rejects.toMatchObject({ status: 401 });
    }
    const fifth = at(4000).getTime();
    const right = { username, password: PASSWORD };
    // The same refusal for both: a lock does not say whether the username exists.
    await expect(attemptSignIn(right, { address: "10.1.1.1", channel: "web", now: at(10_000) })).rejects.toMatchObject({ status: 429 });
    await expect(attemptSignIn(right, { address: "10.1.1.1", channel: "web", now: new Date(fifth + THROTTLE.lockMs - 1000) })).rejects.toMatchObject({ status: 429 });
    const after = attemptSignIn(right, { address: "10.1.1.1", channel: "web", now: new Date(fifth + THROTTLE.lockMs + 1000) });
    if (entity === "user") await expect(after).resolves.toMatchObject({ username });
    else await expect(after).rejects.toMatchObject({ status: 401 });

    const failed = await auditRows("auth.signin.failed", entity, entityId);
    expect(failed.map((r) => (r.after as { reason: string }).reason).sort()).toEqual([...Array(entity === "user" ? 5 : 6).fill("credentials"), "locked", "locked"].sort());
    expect(failed.every((r) => r.actorId === null)).toBe(true);
    const locks = await auditRows("auth.lock", entity, entityId);
    expect(locks).toHaveLength(1);
    expect((locks[0]!.after as { until: string }).until).toBe(new Date(fifth + THROTTLE.lockMs).toISOString());
    if (entity === "user") {
      const ok = await auditRows("auth.signin", "user", entityId);
      expect(ok).toHaveLength(1);
      expect(ok[0]!.actorId).toBe(entityId);
      expect(ok[0]!.after).toMatchObject({ address: "10.1.1.1", channel: "web" });
    }
  });

  it("the per-address rule slows an address down past thirty failures, never locks it: a real user behind it waits seconds", async () => {
    const address = "10.5.0.1";
    for (let i = 0; i < THROTTLE.perAddress; i++) {
      await expect(attemptSignIn({ username: `spray-${i}`, password: "x" }, { address, channel: "web", now: at(i * 1000) })).rejects.toMatchObject({ status: 401 });
    }
    const last = 29_000;
    // Within a second of the thirtieth failure: wait (1 s); another address is not affected.
    await expect(attemptSignIn({ username: "staff", password: PASSWORD }, { address, channel: "web", now: at(last + 500) })).rejects.toMatchObject({ status: 429, retryAfter: 1 });
    await expect(attemptSignIn({ username: "staff", password: PASSWORD }, { address: "10.5.0.2", channel: "web", now: at(last + 500) })).resolves.toMatchObject({ username: "staff" });
    expect(await auditRows("auth.throttle", "address", address)).toHaveLength(1);
    // A colleague behind the same address gets in right after the wait — no 15-minute lock.
    await expect(attemptSignIn({ username: "staff", password: PASSWORD }, { address, channel: "web", now: at(last + 1500) })).resolves.toMatchObject({ username: "staff" });
    // Each further failure doubles the wait: the 31st at +2 s asks for 2 s more, and so on, up to a minute.
    await expect(attemptSignIn({ username: "spray-x", password: "x" }, { address, channel: "web", now: at(last + 2000) })).rejects.toMatchObject({ status: 401 });
    await expect(attemptSignIn({ username: "staff", password: PASSWORD }, { address, channel: "web", now: at(last + 3000) })).rejects.toMatchObject({ status: 429, retryAfter: 1 });
    await expect(attemptSignIn({ username: "staff", password: PASSWORD }, { address, channel: "web", now: at(last + 4001) })).resolves.toMatchObject({ username: "staff" });
  });

  it.each([
    { failures: 29, sinceLast: 0, wait: null },
    { failures: 30, sinceLast: 999, wait: 1 },
    { failures: 30, sinceLast: 1000, wait: null },
    { failures: 33, sinceLast: 7000, wait: 1 },
    { failures: 60, sinceLast: 59_000, wait: 1 },
    { failures: 60, sinceLast: 60_000, wait: null },
  ])("addressBackoffUntil: $failures failures, $sinceLast ms since the last → wait $wait s", ({ failures, sinceLast, wait }) => {
    const times = Array.from({ length: failures }, (_, i) => i * 10);
    const now = times[times.length - 1]! + sinceLast;
    const until = addressBackoffUntil(times, now, THROTTLE.perAddress, THROTTLE.windowMs, THROTTLE.addressMaxDelayMs);
    expect(until === null ? null : Math.ceil((until - now) / 1000)).toBe(wait);
  });

  it("the web form and the API share one budget", async () => {
    const username = "bureau-150300";
    for (let i = 0; i < 3; i++) await expect(attemptSignIn({ username, password: "no" }, { address: "10.6.0.1", channel: "web", now: at(i) })).rejects.toMatchObject({ status: 401 });
    for (let i = 3; i < 5; i++) await expect(createApiToken({ username, password: "no" }, "10.6.0.2", at(i))).rejects.toMatchObject({ status: 401 });
    await expect(createApiToken({ username, password: PASSWORD }, "10.6.0.3", at(100))).rejects.toMatchObject({ status: 429 });
    await expect(attemptSignIn({ username, password: PASSWORD }, { address: "10.6.0.3", channel: "web", now: at(100) })).rejects.toMatchObject({ status: 429 });
  });

  it("next-auth's authorize: a session for the right password, null for a wrong one, a neutral code for a lock; the address from the headers", async () => {
    const provider = getAuthOptions().providers[0] as unknown as { options: { authorize: (c: unknown, req: unknown) => Promise<unknown> } };
    const authorize = provider.options.authorize;
    // Through our reverse proxy (172.16.0.1, in TRUSTED_PROXIES): its hop names the client; the hop left of it is the client's own claim.
    const req = (ip: string) => ({ headers: { "x-tracker-peer-address": "172.16.0.1", "x-forwarded-for": `6.6.6.6, ${ip}`, "user-agent": "vitest" } });
    // The audit log reads the same request's headers (next/headers) and records the same address.
    request.headers = new Headers(req("10.7.0.1").headers as Record<string, string>);
    const user = (await authorize({ username: "leader", password: PASSWORD }, req("10.7.0.1"))) as { id: string; sid: string };
    expect(user).toMatchObject({ id: String(await userId("leader")), sid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const db = await getDb();
    const [row] = await db.select({ ip: userSessions.ip, ua: userSessions.userAgent }).from(userSessions).where(eq(userSessions.id, user.sid));
    expect(row).toEqual({ ip: "10.7.0.1", ua: "vitest" });
    const [signedIn] = await db.select({ ip: auditLog.ip }).from(auditLog).where(and(eq(auditLog.action, "auth.signin"), eq(auditLog.actorId, Number(user.id)))).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(signedIn!.ip).toBe("10.7.0.1");
    request.headers = new Headers();
    for (const username of ["bureau-150400", "nobody-at-all"]) {
      for (let i = 0; i < THROTTLE.perUsername; i++) expect(await authorize({ username, password: "wrong" }, req("10.7.0.2"))).toBeNull();
      await expect(authorize({ username, password: PASSWORD }, req("10.7.0.3"))).rejects.toThrow("TooManyAttempts");
    }
  });
});

describe("browser sessions", () => {
  const limits = { idleMs: 30 * MIN, maxMs: 12 * 60 * MIN };

  it("defaults: 30 minutes idle, 12 hours in all", () => {
    expect(getEnv().sessionIdleMs).toBe(30 * MIN);
    expect(getEnv().sessionMaxMs).toBe(12 * 60 * MIN);
  });

  it("ends after the idle timeout; a request within it keeps it alive (last_seen_at written at most once a minute)", async () => {
    const uid = await userId("staff");
    const sid = await createUserSession(uid, { now: NOW });
    const db = await getDb();
    const seen = async () => (await db.select({ t: userSessions.lastSeenAt }).from(userSessions).where(eq(userSessions.id, sid)))[0]!.t.getTime();
    expect(await touchUserSession(sid, uid, at(TOUCH_EVERY_MS / 2), limits)).toBe(true);
    expect(await seen()).toBe(NOW.getTime());
    expect(await touchUserSession(sid, uid, at(29 * MIN), limits)).toBe(true);
    expect(await seen()).toBe(at(29 * MIN).getTime());
    expect(await touchUserSession(sid, uid, at(58 * MIN), limits)).toBe(true);
    expect(await touchUserSession(sid, uid, at(88 * MIN + 1), limits)).toBe(false);
    // Ended for good: coming back within the window does not revive it.
    expect(await touchUserSession(sid, uid, at(89 * MIN), limits)).toBe(false);
    expect(await touchUserSession(await createUserSession(uid, { now: NOW }), await userId("leader"), at(1), limits)).toBe(false);
    expect(await touchUserSession("not-a-uuid", uid, at(1), limits)).toBe(false);
  });

  it("ends after the absolute lifetime however busy it is", async () => {
    const uid = await userId("staff");
    const sid = await createUserSession(uid, { now: NOW });
    for (let t = 20 * MIN; t <= 12 * 60 * MIN; t += 20 * MIN) expect(await touchUserSession(sid, uid, at(t), limits)).toBe(true);
    expect(await touchUserSession(sid, uid, at(12 * 60 * MIN + 1), limits)).toBe(false);
  });

  it("sign-out ends it on the server: the same cookie is refused afterwards", async () => {
    const session = await browserSession("leader");
    asBrowser(session);
    expect((await getViewer())?.username).toBe("leader");
    await getAuthOptions().events!.signOut!({ token: { sid: session.sid }, session: null as never });
    expect(await getViewer()).toBeNull();
  });

  it("a cookie without a server-side session (older JWTs) is refused", async () => {
    const { uid, sv } = await browserSession("leader");
    asBrowser({ uid, sv, sid: undefined as unknown as string });
    expect(await getViewer()).toBeNull();
  });
});

describe("deactivation, a role change and a password reset end the user's other sessions at their next request", () => {
  type Change = (tx: Parameters<Parameters<Awaited<ReturnType<typeof getDb>>["transaction"]>[0]>[0], id: number) => Promise<void>;
  const cases: { change: string; username: string; apply: Change }[] = [
    { change: "deactivation", username: "bureau-150500", apply: async (tx, id) => void (await tx.update(users).set({ active: false }).where(eq(users.id, id))) },
    { change: "a role change", username: "bureau-150600", apply: async (tx, id) => void (await tx.update(users).set({ role: "leader", regionCode: null }).where(eq(users.id, id))) },
    { change: "a password reset", username: "bureau-150700", apply: async (tx, id) => void (await tx.update(users).set({ passwordHash: "$2a$10$resetresetresetresetreOeTZ1y3N4Qm8sJv4Qq0Q2z7m1e6sWm" }).where(eq(users.id, id))) },
  ];

  it.each(cases)("$change: page (getViewer), action (a data function) and API (a bearer token) are all refused", async ({ username, apply }) => {
    const session = await browserSession(username);
    const { token } = await createApiToken({ username, password: PASSWORD }, "10.8.0.1");
    asBrowser(session);
    expect((await getViewer())?.username).toBe(username);
    await expect(listLeagueCities()).resolves.toBeTruthy();
    asBearer(token);
    expect(await regionsApi()).toBe(200);

    const db = await getDb();
    await db.transaction(async (tx) => {
      await apply(tx, session.uid);
      await endUserSessions(tx, session.uid);
    });

    asBrowser(session);
    expect(await getViewer()).toBeNull();
    await expect(listLeagueCities()).rejects.toMatchObject({ status: 401 });
    asBearer(token);
    expect(await getViewer()).toBeNull();
    expect(await regionsApi()).toBe(401);
  });

  it("deactivation alone (no session helper called) already refuses the open session", async () => {
    const session = await browserSession("bureau-150800");
    const db = await getDb();
    await db.update(users).set({ active: false }).where(eq(users.id, session.uid));
    asBrowser(session);
    expect(await getViewer()).toBeNull();
    await expect(listLeagueCities()).rejects.toMatchObject({ status: 401 });
    expect(await loadSessionUser(session.uid, session.sv)).toBeNull();
  });

  it("a user changing their own password keeps the current session and ends the others", async () => {
    const current = await browserSession("bureau-150900");
    const other = await browserSession("bureau-150900");
    const { token } = await createApiToken({ username: "bureau-150900", password: PASSWORD }, "10.8.0.2");
    const db = await getDb();
    await db.transaction((tx) => endUserSessions(tx, current.uid, { keepSessionId: current.sid }));
    asBrowser(current);
    expect((await getViewer())?.username).toBe("bureau-150900");
    asBrowser(other);
    expect(await getViewer()).toBeNull();
    asBearer(token);
    expect(await regionsApi()).toBe(401);
    const [u] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, current.uid));
    expect(u!.sv).toBe(current.sv);
    const ended = await db.select({ n: sql<number>`count(*)::int` }).from(userSessions).where(and(eq(userSessions.userId, current.uid), eq(userSessions.endedReason, "ended")));
    expect(ended[0]!.n).toBe(1);
  });
});

describe("an API request reads its viewer once", () => {
  it("within one request (its headers) the bearer's user is read once; the next request reads it again", async () => {
    const username = "bureau-152500";
    const { token } = await createApiToken({ username, password: PASSWORD }, "10.8.0.9");
    const db = await getDb();
    asBearer(token);
    const first = await getViewer();
    expect(first?.username).toBe(username);
    // Deactivated in the middle of the request: the request goes on as the user it started as…
    await db.update(users).set({ active: false }).where(eq(users.username, username));
    try {
      expect(await getViewer()).toBe(first);
      // …and the next request (new headers) is refused.
      asBearer(token);
      expect(await getViewer()).toBeNull();
      // A cookie request is never remembered this way (pages and actions have React's cache()).
      asBrowser(null);
      expect(await getViewer()).toBeNull();
    } finally {
      await db.update(users).set({ active: true }).where(eq(users.username, username));
    }
    asBearer(token);
    expect((await getViewer())?.username).toBe(username);
  });
});
