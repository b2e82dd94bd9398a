import "server-only";
import bcrypt from "bcryptjs";
import { eq, sql } from "drizzle-orm";
import type { QueryBuilder } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import { fixedSelect } from "@/db/fixed-select";
import { regions, settings, userRole, users } from "@/db/schema";
import { accountGate, type AccountGate } from "@/lib/domain/account-gate";
import { signInSchema } from "@/lib/validation/auth";
import { readSecurityPolicyValue, SECURITY_POLICY_KEY } from "@/lib/validation/security-policy";
import { fromJson } from "@/db/json";

export type SessionUser = {
  id: number;
  username: string;
  name: string;
  role: (typeof userRole.enumValues)[number];
  regionCode: string | null;
  sessionVersion: number;
  /** A bureau's regions one level below its own (a league-city's banner-counties): it sees and reviews them. */
  subRegionCodes: string[];
  /** What the user must do before anything else (change the password, enrol a second factor); null: nothing. */
  gate?: AccountGate | null;
};

// Compared against when the username is unknown, so that both answers take as long.
let dummyHash: string | undefined;
const getDummyHash = () => (dummyHash ??= bcrypt.hashSync("no-such-user-password", 10));

/**
 * Checks a username and password. Establishes identity, so it is the one data function that
 * runs without a viewer. Returns null for any failure, without saying which.
 */
export async function verifyCredentials(input: unknown): Promise<SessionUser | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const db = await getDb();
  // The session user and the password hash in one statement.
  const [row] = await db
    .select({ ...sessionUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.username, parsed.data.username));
  const ok = await bcrypt.compare(parsed.data.password, row?.passwordHash ?? getDummyHash());
  if (!row || !ok || !row.active) return null;
  const { passwordHash: _hash, ...user } = row;
  return sessionUserOf(user, user.sessionVersion);
}

/**
 * What a signed-in user is re-read as on each request, in one row: the account, the regions below
 * a bureau's own, and what the account gate needs (the password and second-factor state and the
 * security policy). Selected from `users` (joined as the caller needs).
 */
const sessionUserColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  role: users.role,
  regionCode: users.regionCode,
  sessionVersion: users.sessionVersion,
  active: users.active,
  below: sql<string[] | null>`(select array_agg(${regions.code} order by ${regions.sortOrder}, ${regions.code}) from ${regions} where ${regions.parentCode} = ${users.regionCode} and ${users.role} = 'bureau')`,
  mustChangePassword: users.mustChangePassword,
  passwordChangedAt: users.passwordChangedAt,
  isDemo: users.isDemo,
  totpEnabled: sql<boolean>`(${users.totpSecret} is not null)`,
  policy: sql<unknown>`(select ${settings.value} from ${settings} where ${settings.key} = ${SECURITY_POLICY_KEY})`,
};

export { sessionUserColumns };
export type SessionUserRow = Awaited<ReturnType<typeof sessionUserById>>[number];

/** The session user a row stands for, when the user is active and the claim's session version is the user's. */
export function sessionUserOf(row: SessionUserRow | undefined, sessionVersion: number): SessionUser | null {
  if (!row || !row.active || row.sessionVersion !== sessionVersion) return null;
  const { active: _active, below, mustChangePassword, passwordChangedAt, isDemo, totpEnabled, policy, ...user } = row;
  const gate = accountGate(
    { role: user.role, mustChangePassword, passwordChangedAt: new Date(passwordChangedAt), isDemo, totpEnabled: totpEnabled === true || String(totpEnabled) === "t" },
    readSecurityPolicyValue(fromJson(policy)),
    new Date(),
  );
  return { ...user, subRegionCodes: parseCodes(below), gate };
}

/** Re-reads the signed-in user on each request: deactivation or a changed role takes effect at once. */
export async function loadSessionUser(id: number, sessionVersion: number): Promise<SessionUser | null> {
  const [row] = await sessionUserById(await getDb(), { id });
  return sessionUserOf(row, sessionVersion);
}

/** Every signed-in request runs it: its text is built once (fixedSelect). */
const sessionUserById = fixedSelect((qb: QueryBuilder) => qb.select(sessionUserColumns).from(users).where(eq(users.id, sql.placeholder("id"))));

function parseCodes(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string") return v.replace(/[{}"]/g, "").split(",").filter(Boolean);
  return [];
}
