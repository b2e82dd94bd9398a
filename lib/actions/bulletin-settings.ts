"use server";

import { revalidatePath } from "next/cache";
import { updateBulletinSettings } from "@/lib/data/bulletin-settings";
import { failure, type ActionResult } from "./result";

/** The system administrator saves the bulletin's header (发文机关标志 and 文号 prefix). */
export async function saveBulletinSettingsAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  try {
    if (!(form instanceof FormData)) return { ok: false, message: "invalid" };
    await updateBulletinSettings({ agencyMark: String(form.get("agencyMark") ?? ""), docNumberPrefix: String(form.get("docNumberPrefix") ?? "") });
    revalidatePath("/admin/bulletin");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}
