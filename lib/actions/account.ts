"use server";

import { revalidatePath } from "next/cache";
import { changeMyPassword } from "@/lib/data/account";
import type { ChangePasswordInput } from "@/lib/validation/user";
import { failure, type ActionResult } from "./result";

export async function changePasswordAction(input: ChangePasswordInput): Promise<ActionResult> {
  try {
    await changeMyPassword(input);
    revalidatePath("/", "layout");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}
