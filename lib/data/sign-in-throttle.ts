import "server-only";
import { and, asc, eq, gt } from "drizzle-orm";
import { getDb } from "@/db";
import { apiSignInFailures, users } from "@/db/schema";
import { signInSchema } from "@/lib/validation/auth";
import { recordAudit } from "./audit";
import { SecondFactorError, UnauthenticatedError } from "./errors";
import { verifyCredentials, type SessionUser } from "./session-users";
import { checkSecondFactor } from "./two-factor";

/**
 * Sign-in throttling for the web form and the API alike: failures are counted in the database
 * (table api_sign_in_failures, kept under its first name), so every web node agrees. Five failures
 * for a username within 15 minutes lock it for 15 minutes. An address is never locked — many real
 * users may sit behind one (a bureau's NAT) — but past thirty failures within 15 minutes it is
 * slowed down: each further attempt must wait 1 s, 2 s, 4 s… (at most a minute) after its last
 * failure, which leaves a guesser a handful of tries an hour and a colleague a short wait.
 */
export const THROTTLE = { windowMs: 15 * 60 * 1000, lockMs: 15 * 60 * 1000, perUsername: 5, perAddress: 30, addressMaxDelayMs: 60_000 } as const;

/** Too many failed sign-ins; `retryAfter` in seconds. Said the same way whether the username exists or not. */
export class ThrottledError extends Error {
  readonly status = 429;
  constructor(readonly retryAfter: number) {
    super("Too many failed sign-ins; try again later");
  }
}

/**
 * When the lock that these failures (times in ms, ascending) caused ends, or null when none holds.
 * A lock starts at the failure that brings `limit` failures within `windowMs`; counting starts
 * afresh after it, since attempts refused during a lock are not recorded.
 */
export function lockedUntil(times: readonly number[], limit: number, windowMs: number, lockMs: number): number | null {
  let from = 0;
  let until: number | null = null;
  for (let i = 0; i < times.length; i++) {
    if (i - from + 1 >= limit && times[i]! - times[i - limit + 1]! <= windowMs) {
      until = times[i]! + lockMs;
      from = i + 1;
    }
  }
  return until;
}

/**
 * Until when an address must wait (ms), or null: with `limit` or more failures (times in ms,
 * ascending) within `windowMs` of `now`, 2^(count − limit) seconds after the last, capped at `maxDelayMs`.
 */
export function addressBackoffUntil(times: readonly number[], now: number, limit: number, windowMs: number, maxDelayMs: number): number | null {
  const recent = times.filter((t) => t > now - windowMs && t <= now);
  if (recent.length < limit) return null;
  const delay = Math.min(1000 * 2 ** Math.min(recent.length - limit, 30), maxDelayMs);
  const until = recent[recent.length - 1]! + delay;
  return until > now ? until : null;
}

export type SignInContext = { address: string; userAgent?: string | null; channel: "web" | "api"; now?: Date };

type Db = Awaited<ReturnType<typeof getDb>>;

async function failureTimes(db: Db, key: "username" | "address", value: string, now: Date): Promise<number[]> {
  const column = key === "username" ? apiSignInFailures.username : apiSignInFailures.address;
  const rows = await db
    .select({ at: apiSignInFailures.createdAt })
    .from(apiSignInFailures)
    .where(and(eq(column, value), gt(apiSignInFailures.createdAt, new Date(now.getTime() - THROTTLE.windowMs - THROTTLE.lockMs))))
    .orderBy(asc(apiSignInFailures.createdAt));
  return rows.map((r) => r.at.getTime());
}

/** When the username's lock, or the address's wait, ends (ms); null when neither holds now. */
async function lockEnd(db: Db, key: "username" | "address", value: string, now: Date): Promise<number | null> {
  const times = await failureTimes(db, key, value, now);
  const until =
    key === "username"
      ? lockedUntil(times, THROTTLE.perUsername, THROTTLE.windowMs, THROTTLE.lockMs)
      : addressBackoffUntil(times, now.getTime(), THROTTLE.perAddress, THROTTLE.windowMs, THROTTLE.addressMaxDelayMs);
  return until !== null && until > now.getTime() ? until : null;
}

/** The audit entity of a username: the user when one has it, else the bare username (which is no one's). */
async function entityOf(db: Db, username: string): Promise<{ entityType: string; entityId: string | number }> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row ? { entityType: "user", entityId: row.id } : { entityType: "username", entityId: username };
}

/**
 * Signs a username and password in, or refuses: ThrottledError (429) while the username or the
 * address is locked, UnauthenticatedError (401) for any wrong credential, without saying which.
 * An account with two factors also needs its code: without one, SecondFactorError("required")
 * (only once the password was right); a wrong or used code is a failure like a wrong password.
 * Every failure, lock and success goes to the audit log. Establishes identity, so it runs without a viewer.
 */
export async function attemptSignIn(input: unknown, ctx: SignInContext): Promise<SessionUser> {
  const { username, code } = signInSchema.parse(input);
  const now = ctx.now ?? new Date();
  const address = (ctx.address || "unknown").slice(0, 64);
  const details = { username, address, channel: ctx.channel, userAgent: ctx.userAgent?.slice(0, 256) ?? null };
  const db = await getDb();

  const locked = Math.max((await lockEnd(db, "username", username, now)) ?? 0, (await lockEnd(db, "address", address, now)) ?? 0);
  if (locked > 0) {
    await recordAudit(db, { actorId: null, action: "auth.signin.failed", ...(await entityOf(db, username)), after: { ...details, reason: "locked" } });
    throw new ThrottledError(Math.ceil((locked - now.getTime()) / 1000));
  }

  const user = await verifyCredentials(input);
  let reason = "credentials";
  if (user) {
    // The password was right; an enrolled account also needs its second factor.
    const second = await checkSecondFactor(user.id, code, now);
    if (second === "required") throw new SecondFactorError("required");
    if (second !== "invalid") {
      const factor = second === "none" ? {} : { secondFactor: second === "ok" ? "totp" : "recovery" };
      await recordAudit(db, { actorId: user.id, action: "auth.signin", entityType: "user", entityId: user.id, regionCode: user.regionCode, after: { ...details, ...factor } });
      return user;
    }
    // A wrong code counts against the username like a wrong password: six digits are not guessed in five tries.
    reason = "secondFactor";
  }

  const entity = await entityOf(db, username);
  await db.transaction(async (tx) => {
    await tx.insert(apiSignInFailures).values({ username, address, createdAt: now });
    await recordAudit(tx, { actorId: null, action: "auth.signin.failed", ...entity, after: { ...details, reason } });
  });
  // The failure just recorded may be the one that locks.
  const usernameLock = await lockEnd(db, "username", username, now);
  if (usernameLock !== null) {
    await recordAudit(db, { actorId: null, action: "auth.lock", ...entity, after: { ...details, until: new Date(usernameLock).toISOString() } });
  }
  // The failure that starts slowing the address down is recorded (not each one after it).
  const fromAddress = await failureTimes(db, "address", address, now);
  if (fromAddress.filter((t) => t > now.getTime() - THROTTLE.windowMs).length === THROTTLE.perAddress) {
    const until = addressBackoffUntil(fromAddress, now.getTime(), THROTTLE.perAddress, THROTTLE.windowMs, THROTTLE.addressMaxDelayMs) ?? now.getTime();
    await recordAudit(db, { actorId: null, action: "auth.throttle", entityType: "address", entityId: address, after: { ...details, until: new Date(until).toISOString() } });
  }
  throw reason === "secondFactor" ? new SecondFactorError("invalid") : new UnauthenticatedError();
}
