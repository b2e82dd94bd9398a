import { z } from "zod";

/** The settings key of the security policy (table settings). */
export const SECURITY_POLICY_KEY = "security.policy";

/** Roles the policy may name; unknown names in a stored policy are dropped when read. */
const roleName = z.string().regex(/^[a-z]{1,16}$/);

/**
 * Password, session and two-factor policy, set by the security administrator. Defaults keep the
 * demo's accounts signing in with a password alone: two factors are required of no role until set.
 */
export const securityPolicySchema = z.object({
  /** Roles that must sign in with a second factor (TOTP); a user of such a role is sent to enrol first. */
  twoFactorRoles: z.array(roleName).max(16).default([]),
  /** A password older than this many days must be changed before anything else (0: never expires). */
  passwordMaxAgeDays: z.coerce.number().int().min(0).max(3650).default(90),
  /** Browser sessions a user may have at once; signing in beyond it ends the oldest (0: no limit). */
  maxSessions: z.coerce.number().int().min(0).max(100).default(5),
});
export type SecurityPolicy = z.output<typeof securityPolicySchema>;
export type SecurityPolicyInput = z.input<typeof securityPolicySchema>;

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = securityPolicySchema.parse({});

/** A stored value as a policy: what does not parse falls back to the defaults, field by field. */
export function readSecurityPolicyValue(value: unknown): SecurityPolicy {
  const obj = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const field = <K extends keyof SecurityPolicy>(k: K): SecurityPolicy[K] => {
    const parsed = securityPolicySchema.shape[k].safeParse(obj[k]);
    return (parsed.success ? parsed.data : DEFAULT_SECURITY_POLICY[k]) as SecurityPolicy[K];
  };
  return { twoFactorRoles: field("twoFactorRoles"), passwordMaxAgeDays: field("passwordMaxAgeDays"), maxSessions: field("maxSessions") };
}

/** How many earlier passwords (the current one included) a new one may not repeat. */
export const PASSWORD_HISTORY = 5;

/** A code at sign-in: six digits from the app, or a recovery code. */
export const secondFactorCodeSchema = z.string().trim().min(1, "required").max(32, "tooLong");

/** Confirming enrolment, or turning two factors off / making new recovery codes: a current code. */
export const totpConfirmSchema = z.object({ code: z.string().trim().regex(/^\d{3}\s?\d{3}$/, "badCode") });
export const totpDisableSchema = z.object({ password: z.string().min(1, "required").max(128, "tooLong"), code: secondFactorCodeSchema });
export const sessionIdSchema = z.object({ id: z.uuid() });
