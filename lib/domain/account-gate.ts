/**
 * What a signed-in user must do before anything else, in this order: change the password (reset by
 * an administrator, or older than the policy allows), then enrol a second factor (required of the
 * role but not set up). While a gate holds, the user may only reach their own account.
 */
export type AccountGate = "password" | "twoFactor";

export type GateFacts = {
  role: string;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  /** Demo accounts keep their seeded password: it never expires. */
  isDemo: boolean;
  totpEnabled: boolean;
};

export type GatePolicy = { twoFactorRoles: readonly string[]; passwordMaxAgeDays: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a password set at `changedAt` is past its age at `now` (0 days: never). */
export function passwordExpired(changedAt: Date, maxAgeDays: number, now: Date): boolean {
  return maxAgeDays > 0 && now.getTime() - changedAt.getTime() >= maxAgeDays * DAY_MS;
}

export function accountGate(facts: GateFacts, policy: GatePolicy, now: Date): AccountGate | null {
  if (facts.mustChangePassword) return "password";
  if (!facts.isDemo && passwordExpired(facts.passwordChangedAt, policy.passwordMaxAgeDays, now)) return "password";
  if (!facts.totpEnabled && policy.twoFactorRoles.includes(facts.role)) return "twoFactor";
  return null;
}

/** The page each gate sends the user to. */
export const GATE_PAGES: Record<AccountGate, string> = { password: "/account/password", twoFactor: "/account/two-factor" };
