import "server-only";
import { and, desc, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { apiTokens, userSessions, users } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { readSecurityPolicy } from "./settings";
import { recordAudit, recordEvent } from "./audit";

/** last_seen_at is written at most this often, so that a busy page does not write on every request. */
export const TOUCH_EVERY_MS = 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Limits = { idleMs: number; maxMs: number };
const limits = (): Limits => ({ idleMs: getEnv().sessionIdleMs, maxMs: getEnv().sessionMaxMs });

/**
 * Opens a browser session at sign-in; its id goes into the JWT as `sid`. Beyond the security
 * policy's number of sessions a user may have at once, the oldest live ones end (reason "limit").
 */
export async function createUserSession(userId: number, ctx: { ip?: string | null; userAgent?: string | null; now?: Date } = {}, lim: Limits = limits()): Promise<string> {
  const now = ctx.now ?? new Date();
  const db = await getDb();
  const { maxSessions } = await readSecurityPolicy(db);
  return db.transaction(async (tx) => {
    // One sign-in of a user at a time, so that two at once cannot both keep the oldest alive.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const [row] = await tx
      .insert(userSessions)
      .values({ userId, createdAt: now, lastSeenAt: now, ip: ctx.ip?.slice(0, 64) ?? null, userAgent: ctx.userAgent?.slice(0, 256) ?? null })
      .returning({ id: userSessions.id });
    if (maxSessions > 0) {
      const live = await tx
        .select({ id: userSessions.id })
        .from(userSessions)
        .where(and(eq(userSessions.userId, userId), ne(userSessions.id, row!.id), liveAt(now, lim)))
        .orderBy(desc(userSessions.createdAt), desc(userSessions.lastSeenAt));
      // The new session and the newest others up to the limit stay.
      const over = live.slice(maxSessions - 1).map((s) => s.id);
      if (over.length > 0) {
        await tx.update(userSessions).set({ endedAt: now, endedReason: "limit" }).where(and(inArray(userSessions.id, over), isNull(userSessions.endedAt)));
      }
    }
    return row!.id;
  });
}

/** Sessions not ended, not idle past the timeout and not past the absolute lifetime at `now`. */
function liveAt(now: Date, lim: Limits) {
  return and(isNull(userSessions.endedAt), gt(userSessions.lastSeenAt, new Date(now.getTime() - lim.idleMs)), gt(userSessions.createdAt, new Date(now.getTime() - lim.maxMs)));
}

export type LiveSession = { id: string; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null };

/** A user's live sessions, newest first. Callers check the viewer (lib/data/account.ts listMySessions). */
export async function listLiveSessions(userId: number, now: Date = new Date(), lim: Limits = limits()): Promise<LiveSession[]> {
  const db = await getDb();
  return db
    .select({ id: userSessions.id, createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt, ip: userSessions.ip, userAgent: userSessions.userAgent })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), liveAt(now, lim)))
    .orderBy(desc(userSessions.createdAt));
}

/**
 * Whether the session `sid` of user `userId` may make this request: not ended, not idle longer
 * than the idle timeout, not older than the absolute lifetime. A session found too idle or too old
 * is ended for good; a live one has its last_seen_at moved on (at most once a minute).
 */
export async function touchUserSession(sid: string, userId: number, now: Date = new Date(), lim: Limits = limits()): Promise<boolean> {
  if (!UUID.test(sid)) return false;
  const db = await getDb();
  const [row] = await db
    .select({ createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt, endedAt: userSessions.endedAt })
    .from(userSessions)
    .where(and(eq(userSessions.id, sid), eq(userSessions.userId, userId)));
  if (!row || row.endedAt) return false;
  const t = now.getTime();
  const reason = t - row.createdAt.getTime() > lim.maxMs ? "expired" : t - row.lastSeenAt.getTime() > lim.idleMs ? "idle" : null;
  if (reason) {
    const ended = await db
      .update(userSessions)
      .set({ endedAt: now, endedReason: reason })
      .where(and(eq(userSessions.id, sid), isNull(userSessions.endedAt)))
      .returning({ id: userSessions.id });
    // Recorded once, by the request that found it over its limit.
    if (ended.length > 0) await recordEvent({ actorId: userId, action: "auth.sessionExpired", entityType: "session", entityId: sid, after: { reason } });
    return false;
  }
  if (t - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.update(userSessions).set({ lastSeenAt: now }).where(eq(userSessions.id, sid));
  }
  return true;
}

/** Ends one session (sign-out). Unknown or already ended sessions are left as they are. */
export async function endUserSession(sid: string, reason = "signout", now: Date = new Date()): Promise<void> {
  if (!UUID.test(sid)) return;
  const db = await getDb();
  const ended = await db
    .update(userSessions)
    .set({ endedAt: now, endedReason: reason })
    .where(and(eq(userSessions.id, sid), isNull(userSessions.endedAt)))
    .returning({ userId: userSessions.userId });
  if (ended[0]) await recordEvent({ actorId: ended[0].userId, action: reason === "signout" ? "auth.signout" : "auth.sessionEnded", entityType: "session", entityId: sid, after: { reason } });
}

/**
 * Ends a user's sessions at their next request, inside the caller's transaction: call it on
 * deactivation, a role or region change and a password reset. Without `keepSessionId` it also bumps
 * users.session_version, which ends every browser session and API token; with it (a user changing
 * their own password) the current browser session survives and all the others, and every API token, end.
 */
export async function endUserSessions(tx: Executor, userId: number, opts: { keepSessionId?: string; now?: Date; actorId?: number } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  const keep = opts.keepSessionId && UUID.test(opts.keepSessionId) ? opts.keepSessionId : undefined;
  if (!keep) {
    await tx.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
  }
  const sessions = await tx
    .update(userSessions)
    .set({ endedAt: now, endedReason: "ended" })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), keep ? ne(userSessions.id, keep) : undefined))
    .returning({ id: userSessions.id });
  const tokens = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  // The caller records why (deactivation, reset, ...); this entry says what ended. The actor is the viewer, when there is one.
  if (sessions.length + tokens.length > 0) {
    await recordAudit(tx, {
      actorId: opts.actorId ?? null,
      action: "auth.sessionsEnded",
      entityType: "user",
      entityId: userId,
      after: { sessions: sessions.map((s) => s.id), tokens: tokens.map((t) => t.id) },
    });
  }
}
