"use server";

import { endMyOtherSessions, endMySession } from "@/lib/data/account";
import { updateSecurityPolicy } from "@/lib/data/settings";
import { confirmTotpEnrolment, disableMyTwoFactor, regenerateRecoveryCodes, resetUserTwoFactor, startTotpEnrolment } from "@/lib/data/two-factor";
import { securityPolicySchema, sessionIdSchema, totpConfirmSchema, totpDisableSchema, type SecurityPolicyInput } from "@/lib/validation/security-policy";
import { userIdSchema } from "@/lib/validation/user";
import type { ActionResult } from "./result";
import { runAction } from "./run";

/** Two factors, one's own sessions and the security policy: each runs through runAction with its schema; lib/data checks the viewer. */

export async function startTotpEnrolmentAction(): Promise<ActionResult> {
  return runAction(null, undefined, async () => (await startTotpEnrolment(), {}), ["/account/two-factor"]);
}

export async function confirmTotpEnrolmentAction(input: { code: string }): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  // The whole layout: a user held at the gate until enrolled is let through now.
  return runAction(totpConfirmSchema, input, (d) => confirmTotpEnrolment(d as { code: string }), ["/"]);
}

export async function regenerateRecoveryCodesAction(input: { code: string }): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return runAction(totpConfirmSchema, input, (d) => regenerateRecoveryCodes(d as { code: string }), ["/account/two-factor"]);
}

export async function disableTwoFactorAction(input: { password: string; code: string }): Promise<ActionResult> {
  return runAction(totpDisableSchema, input, async (d) => (await disableMyTwoFactor(d as { password: string; code: string }), {}), ["/account", "/account/two-factor"]);
}

export async function endMySessionAction(input: { id: string }): Promise<ActionResult> {
  return runAction(sessionIdSchema, input, async (d) => (await endMySession(d as { id: string }), {}), ["/account"]);
}

export async function endMyOtherSessionsAction(): Promise<ActionResult> {
  return runAction(null, undefined, async () => (await endMyOtherSessions(), {}), ["/account"]);
}

export async function updateSecurityPolicyAction(input: SecurityPolicyInput): Promise<ActionResult> {
  return runAction(securityPolicySchema, input, async (d) => (await updateSecurityPolicy(d as SecurityPolicyInput), {}), ["/admin/security"]);
}

export async function resetUserTwoFactorAction(input: { id: number }): Promise<ActionResult> {
  // The page to refresh is named only from an id that passed the schema.
  const id = userIdSchema.safeParse(input);
  return runAction(userIdSchema, input, async (d) => (await resetUserTwoFactor(d as { id: number }), {}), id.success ? [`/admin/users/${id.data.id}`] : []);
}
