import "server-only";
import bcrypt from "bcryptjs";
import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { apiSignInFailures, regions, userRole, users } from "@/db/schema";
import {
  ADMIN_ROLES,
  userActiveSchema,
  userCreateSchema,
  userFilterSchema,
  userIdSchema,
  userUpdateSchema,
  type UserCreateInput,
  type UserFilter,
  type UserUpdateInput,
} from "@/lib/validation/user";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { recordAudit } from "./audit";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";
import { denyAccess, requireViewer, requireViewerAny } from "./guard";
import { rememberPassword } from "./password-history";
import { endUserSessions } from "./user-sessions";
import { generateOneTimePassword } from "./one-time-password";

/** bcrypt with cost 10, as the seed. */
export const hashPassword = (password: string) => bcrypt.hash(password, 10);

export type UserRow = {
  id: number;
  username: string;
  name: string;
  role: (typeof userRole.enumValues)[number];
  regionCode: string | null;
  regionName: string | null;
  regionNameEn: string | null;
  office: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  mustChangePassword: boolean;
};

const userColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  role: users.role,
  regionCode: users.regionCode,
  regionName: regions.nameZh,
  regionNameEn: regions.nameEn,
  office: users.office,
  email: users.email,
  phone: users.phone,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
};

/** What the audit log keeps of a user: never the hash. */
type AuditedUser = { username: string; name: string; role: string; regionCode: string | null; office: string | null; email: string | null; phone: string | null; active: boolean };
const audited = (u: AuditedUser) => ({ username: u.username, name: u.name, role: u.role, regionCode: u.regionCode, office: u.office, email: u.email, phone: u.phone, active: u.active });

/** Users, searched by username, name, e-mail or phone, filtered by role, region and status. */
export async function listUsers(filter: UserFilter = {}): Promise<UserRow[]> {
  await requireViewer("user.read");
  const f = userFilterSchema.parse(filter);
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const db = await getDb();
  return db
    .select(userColumns)
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .where(
      and(
        like ? or(ilike(users.username, like), ilike(users.name, like), ilike(users.email, like), ilike(users.phone, like)) : undefined,
        f.role ? eq(users.role, f.role) : undefined,
        f.regionCode ? eq(users.regionCode, f.regionCode) : undefined,
        f.status ? eq(users.active, f.status === "active") : undefined,
      ),
    )
    .orderBy(asc(users.role), asc(users.regionCode), asc(users.username));
}

export async function getUser(id: number): Promise<UserRow> {
  await requireViewer("user.read");
  const { id: userId } = userIdSchema.parse({ id });
  const db = await getDb();
  const [row] = await db.select(userColumns).from(users).leftJoin(regions, eq(regions.code, users.regionCode)).where(eq(users.id, userId));
  if (!row) throw new NotFoundError(`user ${userId}`);
  return row;
}

/** A bureau's region must exist, be active and be below the province. */
async function checkBureauRegion(tx: Executor, regionCode: string | null): Promise<void> {
  if (regionCode === null) return;
  const [r] = await tx.select({ level: regions.level, active: regions.active }).from(regions).where(eq(regions.code, regionCode));
  if (!r || !r.active || r.level === "province") throw new InvalidInputError({ regionCode: "badRegion" });
}

async function usernameTaken(tx: Executor, username: string): Promise<boolean> {
  const [row] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
  return Boolean(row);
}

/** Creates a user with a one-time password, shown once and changed at the first sign-in. */
export async function createUser(input: UserCreateInput): Promise<{ id: number; username: string; oneTimePassword: string }> {
  const viewer = await requireViewer("user.manage");
  const d = userCreateSchema.parse(input);
  // 三员分立: the system administrator creates business accounts; an administrator role is granted by the security administrator.
  if (isAdminRole(d.role) && !can(viewer, "user.role")) throw await denyAccess(viewer, "user.role", { role: d.role });
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await checkBureauRegion(tx, d.regionCode);
    if (await usernameTaken(tx, d.username)) throw new InvalidInputError({ username: "usernameTaken" });
    const [row] = await tx
      .insert(users)
      .values({ ...d, passwordHash, mustChangePassword: true })
      .returning({ id: users.id });
    await recordAudit(tx, { actorId: viewer.id, action: "user.create", entityType: "user", entityId: row!.id, regionCode: d.regionCode, after: audited({ ...d, active: true }) });
    return { id: row!.id, username: d.username, oneTimePassword };
  });
}

async function lockUser(tx: Executor, id: number) {
  const [row] = await tx
    .select({ username: users.username, name: users.name, role: users.role, regionCode: users.regionCode, office: users.office, email: users.email, phone: users.phone, active: users.active })
    .from(users)
    .where(eq(users.id, id))
    .for("update");
  if (!row) throw new NotFoundError(`user ${id}`);
  return row;
}

const isAdminRole = (role: string) => (ADMIN_ROLES as readonly string[]).includes(role);

/**
 * Changes name, role, region, office, e-mail or phone (either left out stays as it is); a new role
 * or region ends the user's sessions.
 * 三员分立: the system administrator (user.manage) changes the particulars and a bureau's region;
 * the security administrator (user.role) changes the role (with the region or office that goes
 * with the new role), and nothing else. Neither touches an administrator account's role but the security administrator.
 */
export async function updateUser(input: UserUpdateInput): Promise<void> {
  const viewer = await requireViewerAny(["user.manage", "user.role"]);
  const d = userUpdateSchema.parse(input);
  const db = await getDb();
  const [current] = await db
    .select({ role: users.role, name: users.name, office: users.office, email: users.email, phone: users.phone, regionCode: users.regionCode })
    .from(users)
    .where(eq(users.id, d.id));
  if (!current) throw new NotFoundError(`user ${d.id}`);
  const roleChanged = d.role !== current.role;
  const blank = (v: string | null | undefined) => v || null;
  const contactChanged = (next: string | null | undefined, stored: string | null) => next !== undefined && blank(next) !== blank(stored);
  const particularsChanged =
    d.name !== current.name ||
    contactChanged(d.email, current.email) ||
    contactChanged(d.phone, current.phone) ||
    (!roleChanged && (d.regionCode !== current.regionCode || blank(d.office) !== blank(current.office)));
  if (roleChanged && !can(viewer, "user.role")) throw await denyAccess(viewer, "user.role", { userId: d.id, role: d.role });
  if (particularsChanged && !can(viewer, "user.manage")) throw await denyAccess(viewer, "user.manage", { userId: d.id });
  if (particularsChanged) await refuseSeparatedAccount(viewer, d.id, "update");
  await db.transaction(async (tx) => {
    const before = await lockUser(tx, d.id);
    // An administrator does not demote themself: the last one would lock everybody out.
    if (d.id === viewer.id && d.role !== before.role) throw new ConflictError("own role", "ownAccount");
    if (d.regionCode !== before.regionCode) await checkBureauRegion(tx, d.regionCode);
    const accessChanged = d.role !== before.role || d.regionCode !== before.regionCode;
    const next = { name: d.name, role: d.role, regionCode: d.regionCode, office: d.office, email: d.email === undefined ? before.email : d.email, phone: d.phone === undefined ? before.phone : d.phone };
    await tx
      .update(users)
      .set({
        ...next,
        updatedAt: new Date(),
        ...(accessChanged ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
      })
      .where(eq(users.id, d.id));
    await recordAudit(tx, {
      actorId: viewer.id,
      action: "user.update",
      entityType: "user",
      entityId: d.id,
      regionCode: d.regionCode ?? before.regionCode,
      before: audited(before),
      after: audited({ ...before, ...next }),
    });
  });
}

/** Deactivates (ending the user's sessions) or reactivates a user; users are never deleted. */
export async function setUserActive(input: { id: number; active: boolean }): Promise<void> {
  const viewer = await requireViewer("user.manage");
  const d = userActiveSchema.parse(input);
  if (d.id === viewer.id) throw new ConflictError("own account", "ownAccount");
  await refuseSeparatedAccount(viewer, d.id, d.active ? "reactivate" : "deactivate");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const before = await lockUser(tx, d.id);
    if (before.active === d.active) return;
    if (d.active) await checkBureauRegion(tx, before.regionCode);
    await tx.update(users).set({ active: d.active, updatedAt: new Date() }).where(eq(users.id, d.id));
    // Every browser session and API token of a deactivated user ends now, on the server as well.
    if (!d.active) await endUserSessions(tx, d.id, { actorId: viewer.id });
    await recordAudit(tx, {
      actorId: viewer.id,
      action: d.active ? "user.reactivate" : "user.deactivate",
      entityType: "user",
      entityId: d.id,
      regionCode: before.regionCode,
      before: { active: before.active },
      after: { active: d.active },
    });
  });
}

/**
 * 三员分立: the system administrator runs the business accounts and other system administrators,
 * never the security or the audit administrator's account — resetting its password (and signing
 * in with the one-time password) or switching it off would be doing that administrator's work.
 * Those two accounts are reset at the server (npm run admin:create -- --reset). Refused and recorded.
 */
async function refuseSeparatedAccount(viewer: Viewer, id: number, action: string): Promise<void> {
  if (viewer.role !== "admin" || id === viewer.id) return;
  const db = await getDb();
  const [target] = await db.select({ role: users.role }).from(users).where(eq(users.id, id));
  if (target && (target.role === "secadmin" || target.role === "auditor")) throw await denyAccess(viewer, "user.manage", { userId: id, role: target.role, action, reason: "separationOfDuties" });
}

/** A new one-time password, to be changed at the next sign-in; the user's sessions end. */
export async function resetUserPassword(input: { id: number }): Promise<{ username: string; oneTimePassword: string }> {
  const viewer = await requireViewer("user.manage");
  const { id } = userIdSchema.parse(input);
  await refuseSeparatedAccount(viewer, id, "resetPassword");
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    // The replaced password joins the history: the user may not return to it after the reset.
    const [old] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, id));
    const now = new Date();
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, sessionVersion: sql`${users.sessionVersion} + 1`, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, id));
    await rememberPassword(tx, id, old!.passwordHash, now);
    // The password itself is never logged.
    await recordAudit(tx, { actorId: viewer.id, action: "user.resetPassword", entityType: "user", entityId: id, regionCode: before.regionCode, after: { mustChangePassword: true } });
    return { username: before.username, oneTimePassword };
  });
}

export type CreatedAccount = { id: number; regionCode: string; regionName: string; username: string; oneTimePassword: string };

/** A bureau account for every active league-city that has no active bureau user, each with a one-time password. */
export async function createMissingBureauAccounts(): Promise<CreatedAccount[]> {
  const viewer = await requireViewer("user.manage");
  const db = await getDb();
  const missing = await db
    .select({ code: regions.code, nameZh: regions.nameZh })
    .from(regions)
    .where(
      and(
        eq(regions.level, "league_city"),
        eq(regions.active, true),
        sql`not exists (select 1 from ${users} where ${users.regionCode} = ${regions.code} and ${users.role} = 'bureau' and ${users.active})`,
      ),
    )
    .orderBy(asc(regions.sortOrder), asc(regions.code));
  const prepared = await Promise.all(
    missing.map(async (r) => {
      const oneTimePassword = generateOneTimePassword();
      return { region: r, oneTimePassword, passwordHash: await hashPassword(oneTimePassword) };
    }),
  );
  return db.transaction(async (tx) => {
    const created: CreatedAccount[] = [];
    for (const p of prepared) {
      let username = `bureau-${p.region.code}`;
      for (let n = 2; await usernameTaken(tx, username); n++) username = `bureau-${p.region.code}-${n}`;
      const values = { username, name: `${p.region.nameZh}生态环境局`, role: "bureau" as const, regionCode: p.region.code, office: null, email: null, phone: null };
      const [row] = await tx.insert(users).values({ ...values, passwordHash: p.passwordHash, mustChangePassword: true }).returning({ id: users.id });
      await recordAudit(tx, { actorId: viewer.id, action: "user.create", entityType: "user", entityId: row!.id, regionCode: p.region.code, after: audited({ ...values, active: true }) });
      created.push({ id: row!.id, regionCode: p.region.code, regionName: p.region.nameZh, username, oneTimePassword: p.oneTimePassword });
    }
    return created;
  });
}

/** Lets a user whose sign-ins are locked (too many failures) try again: the security administrator's work. */
export async function unlockUser(input: { id: number }): Promise<void> {
  const viewer = await requireViewer("user.unlock");
  const { id } = userIdSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    const cleared = await tx.delete(apiSignInFailures).where(eq(apiSignInFailures.username, before.username)).returning({ id: apiSignInFailures.id });
    await recordAudit(tx, { actorId: viewer.id, action: "user.unlock", entityType: "user", entityId: id, regionCode: before.regionCode, after: { clearedFailures: cleared.length } });
  });
}

export type UserRegionChoice = { code: string; nameZh: string; nameEn: string; level: "province" | "league_city" | "banner_county"; active: boolean };

/** The regions a bureau account may belong to, for the user forms of both the system and the security administrator. */
export async function listUserRegionChoices(): Promise<UserRegionChoice[]> {
  await requireViewerAny(["user.manage", "user.role"]);
  const db = await getDb();
  return db
    .select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn, level: regions.level, active: regions.active })
    .from(regions)
    .orderBy(asc(regions.sortOrder), asc(regions.code));
}
