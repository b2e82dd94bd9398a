"use server";

import { revalidatePath } from "next/cache";
import { breakDownAssignment } from "@/lib/data/breakdown";
import type { BreakDownInput } from "@/lib/validation/breakdown";
import { failure, type ActionResult } from "./result";

/** 逐级分解: a league-city bureau gives one of its assignments to banner-counties below it. The data layer checks the viewer and parses the input again. */
export async function breakDownAction(input: unknown): Promise<ActionResult<{ created: number; existing: number }>> {
  try {
    const res = await breakDownAssignment(input as BreakDownInput);
    revalidatePath("/my-region");
    revalidatePath("/dashboard");
    return { ok: true, created: res.created.length, existing: res.existing.length };
  } catch (err) {
    return failure(err);
  }
}
