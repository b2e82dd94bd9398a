import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { apiSignInFailures, auditLog, userSessions, users } from "@/db/schema";
import { getViewer } from "@/lib/auth/viewer";
import { changeMyPassword, endMyOtherSessions, endMySession, listMySessions, requirePasswordCurrent } from "@/lib/data/account";
import { createApiToken, resolveApiToken } from "@/lib/data/api-tokens";
import { SecondFactorError } from "@/lib/data/errors";
import { attemptSignIn } from "@/lib/data/sign-in-throttle";
import { getSecurityPolicy, readSecurityPolicy, updateSecurityPolicy } from "@/lib/data/settings";
import { confirmTotpEnrolment, disableMyTwoFactor, getMyTwoFactor, regenerateRecoveryCodes, resetUserTwoFactor, startTotpEnrolment } from "@/lib/data/two-factor";
import { createUserSession, touchUserSession } from "@/lib/data/user-sessions";
import { totpCode } from "@/lib/domain/totp";
import { DEFAULT_SECURITY_POLICY, type SecurityPolicyInput } from "@/lib/validation/security-policy";
import * as regionsRoute from "@/app/api/v1/regions/route";
import * as sessionRoute from "@/app/api/v1/session/route";
import { NOW, seed } from "../support/fixtures";
import { outcome } from "../support/outcome";

// The real cookie-and-token path: next-auth's decoded session and the request headers are the only
// things replaced (tests/support/session-mock.ts is undone for this file).
const request = vi.hoisted(() => ({ headers: new Headers(), session: null as null | { uid: number; sv: number; sid: string } }));
vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => request.session }));
vi.mock("@/lib/auth/session", async (importOriginal) => await importOriginal());

const PASSWORD = "demo2025";
const STEP = 30_000;
const ADDRESS = "10.9.0.7";

async function user(username: string) {
  const db = await getDb();
  const [u] = await db.select({ id: users.id, sv: users.sessionVersion }).from(users).where(eq(users.username, username));
  return u!;
}

/** A browser session of `username` (opened as authorize() does), used for the calls that follow. */
async function actInBrowser(username: string, now: Date = new Date()): Promise<{ uid: number; sv: number; sid: string }> {
  const u = await user(username);
  const session = { uid: u.id, sv: u.sv, sid: await createUserSession(u.id, { ip: ADDRESS, now }) };
  request.headers = new Headers();
  request.session = session;
  return session;
}

function asBearer(token: string) {
  request.headers = new Headers({ authorization: `Bearer ${token}` });
  request.session = null;
}

const signIn = (username: string, now: Date, code?: string, password = PASSWORD) =>
  attemptSignIn({ username, password, ...(code !== undefined ? { code } : {}) }, { address: ADDRESS, channel: "web", now });

async function apiSession(body: Record<string, string>) {
  const res = await sessionRoute.POST(
    new Request("http://localhost/api/v1/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function regionsApi(): Promise<number> {
  return (await regionsRoute.GET(new Request("http://localhost/api/v1/regions"), { params: Promise.resolve({}) })).status;
}

async function setPolicy(p: SecurityPolicyInput) {
  await actInBrowser("secadmin");
  await updateSecurityPolicy({ ...DEFAULT_SECURITY_POLICY, ...p });
}

/** Enrols `username` in a browser session, confirming at `at`; answers the secret and the recovery codes. */
async function enrol(username: string, at: Date): Promise<{ secret: string; recoveryCodes: string[] }> {
  await actInBrowser(username);
  await startTotpEnrolment();
  const { pending } = await getMyTwoFactor();
  const secret = pending!.secret;
  const { recoveryCodes } = await confirmTotpEnrolment({ code: totpCode(secret, at) }, at);
  return { secret, recoveryCodes };
}

beforeAll(async () => {
  await seed();
});

describe("the security policy (settings table)", () => {
  it("defaults: no role needs two factors (the demo signs in with passwords), 90 days, 5 sessions", async () => {
    expect(await readSecurityPolicy()).toEqual({ twoFactorRoles: [], passwordMaxAgeDays: 90, maxSessions: 5 });
    expect((await signIn("staff", new Date())).username).toBe("staff");
  });

  it.each([
    ["secadmin", "ok"],
    ["admin", 403],
    ["auditor", 403],
    ["staff", 403],
    ["leader", 403],
    ["bureau-150200", 403],
  ])("%s may read and set it: %s", async (username, expected) => {
    await actInBrowser(username);
    expect(await outcome(() => getSecurityPolicy())).toBe(expected);
    expect(await outcome(() => updateSecurityPolicy({ ...DEFAULT_SECURITY_POLICY, maxSessions: 7 }))).toBe(expected);
  });

  it("a change is recorded with before and after; bad values are refused", async () => {
    await setPolicy({ maxSessions: 5 });
    const db = await getDb();
    const [last] = await db.select({ before: auditLog.before, after: auditLog.after }).from(auditLog).where(eq(auditLog.action, "settings.update")).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(last).toMatchObject({ before: { maxSessions: 7 }, after: { maxSessions: 5 } });
    expect(await outcome(() => updateSecurityPolicy({ ...DEFAULT_SECURITY_POLICY, passwordMaxAgeDays: -1 }))).toBe("invalid");
    expect(await outcome(() => updateSecurityPolicy({ ...DEFAULT_SECURITY_POLICY, twoFactorRoles: ["Robert'); drop"] }))).toBe("invalid");
  });
});

describe("two factors: enrolment and sign-in", () => {
  // Enrolment is confirmed two steps back, so that codes of the real clock (the API's) are newer.
  const t0 = new Date(Date.now() - 2 * STEP);
  let secret = "";
  let recoveryCodes: string[] = [];

  it("enrolment: a wrong code does not confirm; the right one does and gives ten recovery codes, shown once", async () => {
    await actInBrowser("staff");
    expect(await outcome(() => confirmTotpEnrolment({ code: "123456" }))).toBe(409); // not started
    await startTotpEnrolment();
    const { pending, enabled } = await getMyTwoFactor();
    expect(enabled).toBe(false);
    expect(pending!.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(pending!.qrDataUrl.split(",")[1]!, "base64").toString()).toContain("<svg");
    secret = pending!.secret;
    const wrong = String((Number(totpCode(secret, t0)) + 1) % 1_000_000).padStart(6, "0");
    expect(await outcome(() => confirmTotpEnrolment({ code: wrong }, t0))).toBe(422);
    ({ recoveryCodes } = await confirmTotpEnrolment({ code: totpCode(secret, t0) }, t0));
    expect(recoveryCodes).toHaveLength(10);
    const after = await getMyTwoFactor();
    expect(after).toMatchObject({ enabled: true, pending: null, recoveryCodesLeft: 10 });
    // Kept encrypted, and the recovery codes only as hashes.
    const db = await getDb();
    const [row] = await db.select({ secret: users.totpSecret }).from(users).where(eq(users.username, "staff"));
    expect(row!.secret).not.toContain(secret);
    const stored = await db.execute(sql`select code_hash from user_recovery_codes`);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!.replace(/-/g, ""));
  });

  it("the API's session endpoint asks for the code too, and takes a current one", async () => {
    const without = await apiSession({ username: "staff", password: PASSWORD });
    expect(without.status).toBe(401);
    expect(without.body.code).toBe("secondFactorRequired");
    const wrongPassword = await apiSession({ username: "staff", password: "not-the-password", code: totpCode(secret, new Date()) });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.code).toBeUndefined();
    const ok = await apiSession({ username: "staff", password: PASSWORD, code: totpCode(secret, new Date()) });
    expect(ok.status).toBe(201);
    expect(typeof ok.body.token).toBe("string");
  });

  it.each([
    ["no code", undefined, "required"],
    ["an empty code", "", "required"],
    ["a wrong code", "000000", "invalid"],
    ["letters", "abcdef", "invalid"],
  ])("web sign-in with the right password and %s is refused (%s)", async (_name, code, reason) => {
    const at = new Date(Date.now() + 2 * STEP);
    const err = await signIn("staff", at, code as string | undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecondFactorError);
    expect((err as SecondFactorError).reason).toBe(reason);
  });

  it("a wrong code counts as a failed sign-in (the username locks after five); a missing one does not", async () => {
    const db = await getDb();
    const failures = await db.select({ n: sql<number>`count(*)::int` }).from(apiSignInFailures).where(eq(apiSignInFailures.username, "staff"));
    // Two wrong codes above (000000, abcdef), one wrong password at the API.
    expect(Number(failures[0]!.n)).toBe(3);
    const [entry] = await db.select({ after: auditLog.after }).from(auditLog).where(eq(auditLog.action, "auth.signin.failed")).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(entry!.after).toMatchObject({ reason: "secondFactor", username: "staff" });
    await db.delete(apiSignInFailures);
  });

  it("a code is good once: the same code again is refused, the next step's is taken", async () => {
    const at = new Date(Date.now() + 3 * STEP);
    const code = totpCode(secret, at);
    expect((await signIn("staff", at, code)).username).toBe("staff");
    await expect(signIn("staff", at, code)).rejects.toMatchObject({ reason: "invalid" });
    const later = new Date(at.getTime() + STEP);
    expect((await signIn("staff", later, totpCode(secret, later))).username).toBe("staff");
    await getDb().then((db) => db.delete(apiSignInFailures));
  });

  it("a recovery code signs in once, in any case and with or without dashes; then it is used up", async () => {
    const at = new Date(Date.now() + 6 * STEP);
    const code = recoveryCodes[0]!;
    expect((await signIn("staff", at, code.toLowerCase().replace(/-/g, ""))).username).toBe("staff");
    await expect(signIn("staff", at, code)).rejects.toMatchObject({ reason: "invalid" });
    await actInBrowser("staff");
    expect((await getMyTwoFactor()).recoveryCodesLeft).toBe(9);
    const db = await getDb();
    const [entry] = await db.select({ after: auditLog.after }).from(auditLog).where(eq(auditLog.action, "auth.signin")).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(entry!.after).toMatchObject({ secondFactor: "recovery" });
    // Another user's recovery code is no code for staff.
    await expect(signIn("leader", at, recoveryCodes[1])).resolves.toMatchObject({ username: "leader" }); // leader has none: ignored
    await db.delete(apiSignInFailures);
  });

  it("new recovery codes need a current code, and the old ones stop working", async () => {
    const at = new Date(Date.now() + 8 * STEP);
    await actInBrowser("staff");
    expect(await outcome(() => regenerateRecoveryCodes({ code: "000000" }, at))).toBe(422);
    const fresh = await regenerateRecoveryCodes({ code: totpCode(secret, at) }, at);
    expect(fresh.recoveryCodes).toHaveLength(10);
    await expect(signIn("staff", at, recoveryCodes[1])).rejects.toMatchObject({ reason: "invalid" });
    expect((await signIn("staff", at, fresh.recoveryCodes[0])).username).toBe("staff");
    recoveryCodes = fresh.recoveryCodes;
    await getDb().then((db) => db.delete(apiSignInFailures));
  });
});

describe("required per role: the account gate", () => {
  it("a leader required to enrol reaches only their own account: page, data layer and API refuse the rest", async () => {
    await setPolicy({ twoFactorRoles: ["admin", "staff", "leader"] });
    const session = await actInBrowser("leader");
    expect((await getViewer())?.gate).toBe("twoFactor");
    await expect(requirePasswordCurrent()).rejects.toMatchObject({ digest: expect.stringContaining("/account/two-factor") });
    expect(await regionsApi()).toBe(403);
    expect((await getMyTwoFactor()).required).toBe(true);
    // A bearer token of the same user is held at the same gate.
    const { token } = await createApiToken({ username: "leader", password: PASSWORD }, ADDRESS);
    asBearer(token);
    expect(await regionsApi()).toBe(403);
    // Enrolling opens the gate: the same browser session goes on.
    request.session = session;
    request.headers = new Headers();
    await startTotpEnrolment();
    const secret = (await getMyTwoFactor()).pending!.secret;
    const at = new Date(Date.now() - STEP);
    await confirmTotpEnrolment({ code: totpCode(secret, at) }, at);
    expect((await getViewer())?.gate).toBeNull();
    expect(await regionsApi()).toBe(200);
    // Required: it cannot be turned off.
    const later = new Date(Date.now() + 10 * STEP);
    expect(await outcome(() => disableMyTwoFactor({ password: PASSWORD, code: totpCode(secret, later) }, later))).toBe(409);
  });

  it("bureaus are not required until the setting names them", async () => {
    const gate = async () => (await actInBrowser("bureau-150200"), (await getViewer())?.gate);
    expect(await gate()).toBeNull();
    await setPolicy({ twoFactorRoles: ["admin", "staff", "leader", "bureau"] });
    expect(await gate()).toBe("twoFactor");
    await setPolicy({ twoFactorRoles: [] });
    expect(await gate()).toBeNull();
  });

  it("not required: the user may turn two factors off with the password and a code", async () => {
    const { secret } = await enrol("bureau-150300", new Date(Date.now() - STEP));
    const at = new Date(Date.now() + STEP);
    expect(await outcome(() => disableMyTwoFactor({ password: "wrong-password-1", code: totpCode(secret, at) }, at))).toBe(422);
    expect(await outcome(() => disableMyTwoFactor({ password: PASSWORD, code: "000000" }, at))).toBe(422);
    expect(await outcome(() => disableMyTwoFactor({ password: PASSWORD, code: totpCode(secret, at) }, at))).toBe("ok");
    expect((await signIn("bureau-150300", new Date())).username).toBe("bureau-150300");
    await getDb().then((db) => db.delete(apiSignInFailures));
  });

  it.each([
    ["secadmin", "ok"],
    ["admin", 403],
    ["auditor", 403],
    ["staff", 403],
  ])("resetting another user's two factors (a lost phone): %s → %s", async (username, expected) => {
    await enrol("bureau-150400", new Date(Date.now() - 3 * STEP)).catch(() => undefined);
    const target = await user("bureau-150400");
    await actInBrowser(username);
    expect(await outcome(() => resetUserTwoFactor({ id: target.id }))).toBe(expected);
    if (expected === "ok") expect((await signIn("bureau-150400", new Date())).username).toBe("bureau-150400");
  });
});

describe("passwords", () => {
  it.each([
    ["password1234", "passwordCommon"],
    ["Zxcvbnm12345", "passwordWeak"],
    ["bureau-150500x", "passwordWeak"], // the username and a letter
  ])("%s is refused: %s", async (next, reason) => {
    await actInBrowser("bureau-150500");
    const err = await changeMyPassword({ current: PASSWORD, next, confirm: next }).catch((e: unknown) => e);
    expect((err as { fields?: Record<string, string> }).fields).toEqual({ next: reason });
  });

  it("none of the last five may be used again (the current one included); the sixth back may", async () => {
    await actInBrowser("bureau-150500");
    const pw = (i: number) => `Grassland${i}river${2026 + i}`;
    let current = PASSWORD;
    for (let i = 1; i <= 6; i++) {
      await changeMyPassword({ current, next: pw(i), confirm: pw(i) });
      current = pw(i);
    }
    // Current pw(6); before it pw(5) … pw(2): refused. pw(1) is the sixth back.
    for (const i of [6, 5, 4, 3, 2]) {
      const err = await changeMyPassword({ current, next: pw(i), confirm: pw(i) }).catch((e: unknown) => e);
      expect((err as { fields?: Record<string, string> }).fields, `pw(${i})`).toEqual({ next: i === 6 ? "passwordUnchanged" : "passwordReused" });
    }
    await changeMyPassword({ current, next: pw(1), confirm: pw(1) });
    const db = await getDb();
    const kept = await db.execute(sql`select count(*)::int as n from password_history ph join users u on u.id = ph.user_id where u.username = 'bureau-150500'`);
    expect(Number((kept as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(5);
  });

  it("an expired password sends the user to change it first, everywhere; changing it opens the gate", async () => {
    const db = await getDb();
    const { id } = await user("bureau-150600");
    await db.update(users).set({ isDemo: false, passwordChangedAt: new Date(Date.now() - 91 * 86_400_000) }).where(eq(users.id, id));
    await actInBrowser("bureau-150600");
    expect((await getViewer())?.gate).toBe("password");
    await expect(requirePasswordCurrent()).rejects.toMatchObject({ digest: expect.stringContaining("/account/password") });
    expect(await regionsApi()).toBe(403);
    // A longer age in the policy lets it through; 0 means never.
    await setPolicy({ passwordMaxAgeDays: 0 });
    await actInBrowser("bureau-150600");
    expect((await getViewer())?.gate).toBeNull();
    await setPolicy({ passwordMaxAgeDays: 90 });
    await actInBrowser("bureau-150600");
    expect((await getViewer())?.gate).toBe("password");
    await changeMyPassword({ current: PASSWORD, next: "Wuhai2026desert", confirm: "Wuhai2026desert" });
    expect((await getViewer())?.gate).toBeNull();
    expect(await regionsApi()).toBe(200);
  });

  it("a demo account's password does not expire", async () => {
    const db = await getDb();
    await db.update(users).set({ passwordChangedAt: new Date(Date.now() - 400 * 86_400_000) }).where(eq(users.username, "bureau-150700"));
    await actInBrowser("bureau-150700");
    expect((await getViewer())?.gate).toBeNull();
  });
});

describe("sessions", () => {
  it("beyond the limit the oldest session ends", async () => {
    await setPolicy({ maxSessions: 2 });
    const { id } = await user("bureau-150800");
    const at = (s: number) => new Date(NOW.getTime() + s * 1000);
    const a = await createUserSession(id, { now: at(0) });
    const b = await createUserSession(id, { now: at(1) });
    expect(await touchUserSession(a, id, at(2))).toBe(true);
    const c = await createUserSession(id, { now: at(3) });
    expect(await touchUserSession(a, id, at(4))).toBe(false);
    expect(await touchUserSession(b, id, at(4))).toBe(true);
    expect(await touchUserSession(c, id, at(4))).toBe(true);
    const db = await getDb();
    const [ended] = await db.select({ reason: userSessions.endedReason }).from(userSessions).where(eq(userSessions.id, a));
    expect(ended!.reason).toBe("limit");
    await setPolicy({ maxSessions: 5 });
  });

  it("my sessions list marks this one; 'sign out elsewhere' ends the others and the API tokens, not this one", async () => {
    const other = await actInBrowser("bureau-150900");
    const { token } = await createApiToken({ username: "bureau-150900", password: PASSWORD }, ADDRESS);
    const here = await actInBrowser("bureau-150900");
    const listed = await listMySessions();
    expect(listed.map((s) => s.id).sort()).toEqual([other.sid, here.sid].sort());
    expect(listed.find((s) => s.current)?.id).toBe(here.sid);
    // Another user's session is not one's own to end.
    const stranger = await actInBrowser("bureau-152200");
    request.session = here;
    expect(await outcome(() => endMySession({ id: stranger.sid }))).toBe(404);
    await endMyOtherSessions();
    expect(await touchUserSession(other.sid, other.uid)).toBe(false);
    expect(await resolveApiToken(token)).toBeNull();
    expect(await touchUserSession(here.sid, here.uid)).toBe(true);
    expect((await getViewer())?.username).toBe("bureau-150900");
    expect((await listMySessions()).map((s) => s.id)).toEqual([here.sid]);
    const db = await getDb();
    const [entry] = await db.select({ actorId: auditLog.actorId }).from(auditLog).where(and(eq(auditLog.action, "account.signOutElsewhere"), eq(auditLog.actorId, here.uid)));
    expect(entry).toBeDefined();
  });

  it("one session can be ended from the list", async () => {
    const other = await actInBrowser("bureau-152200");
    const here = await actInBrowser("bureau-152200");
    await endMySession({ id: other.sid });
    expect(await touchUserSession(other.sid, other.uid)).toBe(false);
    expect(await touchUserSession(here.sid, here.uid)).toBe(true);
  });
});
