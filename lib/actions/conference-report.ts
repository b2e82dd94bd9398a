"use server";

import { revalidatePath } from "next/cache";
import { createPlanWithTree } from "@/lib/data/plans";
import { failure, type ActionResult } from "./result";

/**
 * The draft plan made from a conference report, once the officer confirms: the plan, its task tree
 * and indicators through the same validation and audit as any plan sent with its tree.
 */
export async function createPlanFromReportAction(input: unknown): Promise<ActionResult<{ id: number }>> {
  try {
    const { id } = await createPlanWithTree(input);
    revalidatePath("/plans", "layout");
    return { ok: true, id };
  } catch (err) {
    return failure(err);
  }
}
