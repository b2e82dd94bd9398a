"use server";

import { markNotificationsRead } from "@/lib/data/notifications";
import type { ActionResult } from "./result";
import { runAction } from "./run";

/** Marks every notice of the signed-in user read (nothing to check: it takes no input). */
export async function markAllReadAction(): Promise<ActionResult> {
  return runAction(null, undefined, async () => (await markNotificationsRead(), {}), [["/", "layout"]]);
}
