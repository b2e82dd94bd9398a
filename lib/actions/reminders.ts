"use server";

import { revalidatePath } from "next/cache";
import { updateMyDeliveryPrefs } from "@/lib/data/delivery-log";
import { updateDeliverySettings } from "@/lib/data/job-admin";
import type { DeliverySettingsInput, MyDeliveryPrefsInput } from "@/lib/validation/reminders";
import { failure, type ActionResult } from "./result";

export async function saveDeliverySettingsAction(input: DeliverySettingsInput): Promise<ActionResult> {
  try {
    await updateDeliverySettings(input);
    revalidatePath("/admin/jobs");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}

export async function saveMyDeliveryPrefsAction(input: MyDeliveryPrefsInput): Promise<ActionResult> {
  try {
    await updateMyDeliveryPrefs(input);
    revalidatePath("/account");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}
