"use server";

import { changeMyPassword } from "@/lib/data/account";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/validation/user";
import type { ActionResult } from "./result";
import { runAction } from "./run";

/** The viewer's own password; the whole layout is refreshed (a user held at the password gate is let through). */
export async function changePasswordAction(input: ChangePasswordInput): Promise<ActionResult> {
  return runAction(changePasswordSchema, input, async (d) => (await changeMyPassword(d as ChangePasswordInput), {}), [["/", "layout"]]);
}
