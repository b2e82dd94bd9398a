"use server";

import { updateOffices } from "@/lib/data/offices";
import { officesFromText, officesSchema, type OfficesInput } from "@/lib/validation/offices";
import type { ActionResult } from "./result";
import { runAction } from "./run";

/** The system administrator saves the offices, one a line (the textarea's FormData). */
export async function saveOfficesAction(_previous: ActionResult<{ offices: string[] }> | null, form: FormData): Promise<ActionResult<{ offices: string[] }>> {
  if (!(form instanceof FormData)) return { ok: false, message: "invalid" };
  const input = { offices: officesFromText(String(form.get("offices") ?? "")) };
  return runAction(officesSchema, input, async (d) => ({ offices: await updateOffices(d as OfficesInput) }), ["/admin/offices"]);
}
