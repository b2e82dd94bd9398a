"use server";

import { updateBulletinSettings } from "@/lib/data/bulletin-settings";
import { bulletinSettingsSchema, type BulletinSettingsInput } from "@/lib/validation/bulletin";
import type { ActionResult } from "./result";
import { runAction } from "./run";

/** The system administrator saves the bulletin's header (发文机关标志 and 文号 prefix), from the form's FormData. */
export async function saveBulletinSettingsAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  if (!(form instanceof FormData)) return { ok: false, message: "invalid" };
  const input = { agencyMark: String(form.get("agencyMark") ?? ""), docNumberPrefix: String(form.get("docNumberPrefix") ?? "") };
  return runAction(bulletinSettingsSchema, input, async (d) => (await updateBulletinSettings(d as BulletinSettingsInput), {}), ["/admin/bulletin"]);
}
