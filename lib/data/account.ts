import "server-only";
import bcrypt from "bcryptjs";
import { and, desc, eq, isNull } from "drizzle-orm";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { auditLog, passwordHistory, userSessions, users } from "@/db/schema";
import { getViewer } from "@/lib/auth/viewer";
import { GATE_PAGES } from "@/lib/domain/account-gate";
import { passwordStrengthProblem } from "@/lib/domain/password-strength";
import { getEnv } from "@/lib/env";
import { PASSWORD_HISTORY, sessionIdSchema } from "@/lib/validation/security-policy";
import { changePasswordSchema, passwordProblem, type ChangePasswordInput } from "@/lib/validation/user";
import { recordAudit, recordEvent } from "./audit";
import { InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { hashPassword } from "./users";
import { getSessionClaims } from "@/lib/auth/session";
import { rememberPassword } from "./password-history";
import { endUserSessions, listLiveSessions, type LiveSession } from "./user-sessions";

export const PASSWORD_PAGE = "/account/password";

export type MyAccount = { username: string; name: string; role: string; regionCode: string | null; office: string | null; phone: string | null; mustChangePassword: boolean };

export async function getMyAccount(): Promise<MyAccount> {
  const viewer = await requireViewer("account.self");
  const db = await getDb();
  const [row] = await db
    .select({ username: users.username, name: users.name, role: users.role, regionCode: users.regionCode, office: users.office, phone: users.phone, mustChangePassword: users.mustChangePassword })
    .from(users)
    .where(eq(users.id, viewer.id));
  if (!row) throw new NotFoundError("account");
  return row;
}

/**
 * For signed-in pages: a user held at the account gate is sent to it before anything else — to
 * change a password that was reset (a one-time password) or is past its age, then to enrol a
 * second factor the policy requires. Does nothing when signed out. (The data layer refuses such a
 * viewer everything but their own account regardless: lib/auth/permissions.ts can.)
 */
export async function requirePasswordCurrent(): Promise<void> {
  const viewer = await getViewer();
  if (viewer?.gate) redirect(GATE_PAGES[viewer.gate]);
}

/** Changes the viewer's own password: the current one is required, the new one must pass the policy. */
export async function changeMyPassword(input: ChangePasswordInput): Promise<void> {
  const viewer = await requireViewer("account.self");
  const d = changePasswordSchema.parse(input);
  const db = await getDb();
  const [row] = await db.select({ passwordHash: users.passwordHash, username: users.username, name: users.name }).from(users).where(eq(users.id, viewer.id));
  if (!row) throw new NotFoundError("account");
  // A refused change is recorded with its reason (never a password).
  const refuse = async (field: string, reason: string) => {
    await recordEvent({ actorId: viewer.id, action: "account.changePasswordFailed", entityType: "user", entityId: viewer.id, regionCode: viewer.regionCode, after: { reason } });
    return new InvalidInputError({ [field]: reason });
  };
  if (!(await bcrypt.compare(d.current, row.passwordHash))) throw await refuse("current", "wrongPassword");
  const env = getEnv();
  const problem = passwordProblem(d.next, row.username, { demoMode: env.seedDemo, demoPasswords: [env.demoPassword] });
  if (problem) throw await refuse("next", problem);
  if (d.next === d.current) throw await refuse("next", "passwordUnchanged");
  const weak = passwordStrengthProblem(d.next, [row.username, row.name]);
  if (weak) throw await refuse("next", weak);
  // Not one of the last PASSWORD_HISTORY passwords: the current one and those kept before it.
  const earlier = await db
    .select({ passwordHash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, viewer.id))
    .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id))
    .limit(PASSWORD_HISTORY - 1);
  for (const hash of [row.passwordHash, ...earlier.map((e) => e.passwordHash)]) {
    if (await bcrypt.compare(d.next, hash)) throw await refuse("next", "passwordReused");
  }
  const passwordHash = await hashPassword(d.next);
  // This browser session goes on; the user's other sessions and API tokens end.
  const keepSessionId = (await getSessionClaims())?.sessionId;
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, viewer.id));
    await rememberPassword(tx, viewer.id, row.passwordHash, now);
    await endUserSessions(tx, viewer.id, { keepSessionId, actorId: viewer.id });
    await recordAudit(tx, { actorId: viewer.id, action: "account.changePassword", entityType: "user", entityId: viewer.id, regionCode: viewer.regionCode });
  });
}

export type MySession = LiveSession & { current: boolean };

/** The viewer's own live browser sessions, newest first, the one making this request marked. */
export async function listMySessions(): Promise<MySession[]> {
  const viewer = await requireViewer("account.self");
  const current = (await getSessionClaims())?.sessionId;
  return (await listLiveSessions(viewer.id)).map((s) => ({ ...s, current: s.id === current }));
}

/** Ends one of the viewer's other sessions (a device left signed in). */
export async function endMySession(input: { id: string }): Promise<void> {
  const viewer = await requireViewer("account.self");
  const { id } = sessionIdSchema.parse(input);
  const db = await getDb();
  const ended = await db
    .update(userSessions)
    .set({ endedAt: new Date(), endedReason: "signout" })
    .where(and(eq(userSessions.id, id), eq(userSessions.userId, viewer.id), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  if (ended.length === 0) throw new NotFoundError("session");
  await recordAudit(db, { actorId: viewer.id, action: "account.session.end", entityType: "session", entityId: id, regionCode: viewer.regionCode });
}

/** "Sign out elsewhere": every other browser session of the viewer and every API token end; this one goes on. */
export async function endMyOtherSessions(): Promise<void> {
  const viewer = await requireViewer("account.self");
  const keepSessionId = (await getSessionClaims())?.sessionId;
  const db = await getDb();
  await db.transaction(async (tx) => {
    await endUserSessions(tx, viewer.id, { keepSessionId, actorId: viewer.id });
    await recordAudit(tx, { actorId: viewer.id, action: "account.signOutElsewhere", entityType: "user", entityId: viewer.id, regionCode: viewer.regionCode });
  });
}

export type SignIn = { at: Date; ip: string | null };

/** The viewer's last successful sign-ins, newest first (audit entries "auth.signin"). */
export async function listMySignIns(limit = 10): Promise<SignIn[]> {
  const viewer = await requireViewer("account.self");
  const db = await getDb();
  return db
    .select({ at: auditLog.at, ip: auditLog.ip })
    .from(auditLog)
    .where(and(eq(auditLog.action, "auth.signin"), eq(auditLog.actorId, viewer.id)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(Math.min(Math.max(limit, 1), 50));
}
