"use server";

import { revalidatePath } from "next/cache";
import { updateOffices } from "@/lib/data/offices";
import { officesFromText } from "@/lib/validation/offices";
import { failure, type ActionResult } from "./result";

/** The system administrator saves the offices, one a line (a useActionState form). */
export async function saveOfficesAction(_previous: ActionResult<{ offices: string[] }> | null, form: FormData): Promise<ActionResult<{ offices: string[] }>> {
  try {
    if (!(form instanceof FormData)) return { ok: false, message: "invalid" };
    const offices = await updateOffices({ offices: officesFromText(String(form.get("offices") ?? "")) });
    revalidatePath("/admin/offices");
    return { ok: true, offices };
  } catch (err) {
    return failure(err);
  }
}
