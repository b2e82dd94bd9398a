"use server";

import { updateMyDeliveryPrefs } from "@/lib/data/delivery-log";
import { updateDeliverySettings } from "@/lib/data/job-admin";
import { deliverySettingsSchema, myDeliveryPrefsSchema, type DeliverySettingsInput, type MyDeliveryPrefsInput } from "@/lib/validation/reminders";
import type { ActionResult } from "./result";
import { runAction } from "./run";

export async function saveDeliverySettingsAction(input: DeliverySettingsInput): Promise<ActionResult> {
  return runAction(deliverySettingsSchema, input, async (d) => (await updateDeliverySettings(d), {}), ["/admin/jobs"]);
}

export async function saveMyDeliveryPrefsAction(input: MyDeliveryPrefsInput): Promise<ActionResult> {
  return runAction(myDeliveryPrefsSchema, input, async (d) => (await updateMyDeliveryPrefs(d), {}), ["/account"]);
}
