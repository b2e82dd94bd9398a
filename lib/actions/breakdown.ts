"use server";

import { breakDownAssignment } from "@/lib/data/breakdown";
import { breakDownSchema, type BreakDownInput } from "@/lib/validation/breakdown";
import type { ActionResult } from "./result";
import { runAction } from "./run";

/** 逐级分解: a league-city bureau gives one of its assignments to banner-counties below it. The data layer checks the viewer and parses the input again. */
export async function breakDownAction(input: unknown): Promise<ActionResult<{ created: number; existing: number }>> {
  return runAction(
    breakDownSchema,
    input,
    async () => {
      const res = await breakDownAssignment(input as BreakDownInput);
      return { created: res.created.length, existing: res.existing.length };
    },
    ["/my-region", "/dashboard"],
  );
}
