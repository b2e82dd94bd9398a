import "server-only";
import { eq } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { settings } from "@/db/schema";
import { readSecurityPolicyValue, SECURITY_POLICY_KEY, securityPolicySchema, type SecurityPolicy, type SecurityPolicyInput } from "@/lib/validation/security-policy";
import { recordAudit } from "./audit";
import { requireViewer } from "./guard";

/**
 * The settings table: one JSON value per key, each key's shape a zod schema in lib/validation.
 * readSetting and writeSetting are the table's only doors; callers check the viewer.
 */
export async function readSetting(tx: Executor, key: string): Promise<unknown> {
  const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value;
}

/** Sets a key inside the caller's transaction and records the change (before and after) in the audit log. */
export async function writeSetting(tx: Executor, key: string, value: unknown, actor: { id: number; regionCode: string | null }): Promise<void> {
  const before = (await readSetting(tx, key)) ?? null;
  const now = new Date();
  await tx
    .insert(settings)
    .values({ key, value, updatedAt: now, updatedBy: actor.id })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedBy: actor.id } });
  await recordAudit(tx, { actorId: actor.id, action: "settings.update", entityType: "setting", entityId: key, regionCode: actor.regionCode, before, after: value });
}

/**
 * The security policy for the system's own checks (sign-in, sessions, the account gate), which run
 * for whoever signs in: no viewer is asked. The administrator's page uses getSecurityPolicy.
 */
export async function readSecurityPolicy(tx?: Executor): Promise<SecurityPolicy> {
  return readSecurityPolicyValue(await readSetting(tx ?? (await getDb()), SECURITY_POLICY_KEY));
}

export async function getSecurityPolicy(): Promise<SecurityPolicy> {
  await requireViewer("security.policy");
  return readSecurityPolicy();
}

export async function updateSecurityPolicy(input: SecurityPolicyInput): Promise<SecurityPolicy> {
  const viewer = await requireViewer("security.policy");
  const policy = securityPolicySchema.parse(input);
  const value = { ...policy, twoFactorRoles: [...new Set(policy.twoFactorRoles)].sort() };
  const db = await getDb();
  await db.transaction((tx) => writeSetting(tx, SECURITY_POLICY_KEY, value, viewer));
  return value;
}
