"use server";

import { createPlanWithTree } from "@/lib/data/plans";
import { planWithTreeSchema } from "@/lib/validation/plan";
import type { ActionResult } from "./result";
import { runAction } from "./run";

/**
 * The draft plan made from a conference report, once the officer confirms: the plan, its task tree
 * and indicators through the same validation and audit as any plan sent with its tree.
 */
export async function createPlanFromReportAction(input: unknown): Promise<ActionResult<{ id: number }>> {
  return runAction(planWithTreeSchema, input, async (i) => ({ id: (await createPlanWithTree(i)).id }), [["/plans", "layout"]]);
}
