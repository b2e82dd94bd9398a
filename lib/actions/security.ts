"use server";

import { revalidatePath } from "next/cache";
import { endMyOtherSessions, endMySession } from "@/lib/data/account";
import { updateSecurityPolicy } from "@/lib/data/settings";
import { confirmTotpEnrolment, disableMyTwoFactor, regenerateRecoveryCodes, resetUserTwoFactor, startTotpEnrolment } from "@/lib/data/two-factor";
import type { SecurityPolicyInput } from "@/lib/validation/security-policy";
import { failure, type ActionResult } from "./result";

/** Two factors, one's own sessions and the security policy: each parses in lib/data and checks the viewer there. */
async function run<T extends object>(work: () => Promise<T>, paths: string[] | (() => string[])): Promise<ActionResult<T>> {
  try {
    const out = await work();
    for (const p of typeof paths === "function" ? paths() : paths) revalidatePath(p);
    return { ok: true, ...out };
  } catch (err) {
    return failure(err);
  }
}

export async function startTotpEnrolmentAction(): Promise<ActionResult> {
  return run(async () => (await startTotpEnrolment(), {}), ["/account/two-factor"]);
}

export async function confirmTotpEnrolmentAction(input: { code: string }): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  // The whole layout: a user held at the gate until enrolled is let through now.
  return run(() => confirmTotpEnrolment(input), ["/"]);
}

export async function regenerateRecoveryCodesAction(input: { code: string }): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return run(() => regenerateRecoveryCodes(input), ["/account/two-factor"]);
}

export async function disableTwoFactorAction(input: { password: string; code: string }): Promise<ActionResult> {
  return run(async () => (await disableMyTwoFactor(input), {}), ["/account", "/account/two-factor"]);
}

export async function endMySessionAction(input: { id: string }): Promise<ActionResult> {
  return run(async () => (await endMySession(input), {}), ["/account"]);
}

export async function endMyOtherSessionsAction(): Promise<ActionResult> {
  return run(async () => (await endMyOtherSessions(), {}), ["/account"]);
}

export async function updateSecurityPolicyAction(input: SecurityPolicyInput): Promise<ActionResult> {
  return run(async () => (await updateSecurityPolicy(input), {}), ["/admin/security"]);
}

export async function resetUserTwoFactorAction(input: { id: number }): Promise<ActionResult> {
  // The path is made once the input has passed the data layer's checks.
  return run(async () => (await resetUserTwoFactor(input), {}), () => [`/admin/users/${Number(input.id)}`]);
}
