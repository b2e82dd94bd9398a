import "server-only";
import bcrypt from "bcryptjs";
import { and, desc, eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { auditLog, users } from "@/db/schema";
import { getViewer } from "@/lib/auth/viewer";
import { getEnv } from "@/lib/env";
import { changePasswordSchema, passwordProblem, type ChangePasswordInput } from "@/lib/validation/user";
import { recordAudit, recordEvent } from "./audit";
import { InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { hashPassword } from "./users";
import { getSessionClaims } from "@/lib/auth/session";
import { endUserSessions } from "./user-sessions";

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
 * For signed-in pages: a user whose password was reset (or who got a one-time password) is
 * sent to change it before anything else. Does nothing when signed out.
 */
export async function requirePasswordCurrent(): Promise<void> {
  const viewer = await getViewer();
  if (!viewer) return;
  const db = await getDb();
  const [row] = await db.select({ must: users.mustChangePassword }).from(users).where(eq(users.id, viewer.id));
  if (row?.must) redirect(PASSWORD_PAGE);
}

/** Changes the viewer's own password: the current one is required, the new one must pass the policy. */
export async function changeMyPassword(input: ChangePasswordInput): Promise<void> {
  const viewer = await requireViewer("account.self");
  const d = changePasswordSchema.parse(input);
  const db = await getDb();
  const [row] = await db.select({ passwordHash: users.passwordHash, username: users.username }).from(users).where(eq(users.id, viewer.id));
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
  const passwordHash = await hashPassword(d.next);
  // This browser session goes on; the user's other sessions and API tokens end.
  const keepSessionId = (await getSessionClaims())?.sessionId;
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(users.id, viewer.id));
    await endUserSessions(tx, viewer.id, { keepSessionId, actorId: viewer.id });
    await recordAudit(tx, { actorId: viewer.id, action: "account.changePassword", entityType: "user", entityId: viewer.id, regionCode: viewer.regionCode });
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
