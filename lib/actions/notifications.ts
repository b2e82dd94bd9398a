"use server";

import { revalidatePath } from "next/cache";
import { markNotificationsRead } from "@/lib/data/notifications";
import { failure, type ActionResult } from "./result";

export async function markAllReadAction(): Promise<ActionResult> {
  try {
    await markNotificationsRead();
    revalidatePath("/", "layout");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}
