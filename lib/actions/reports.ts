"use server";

import { revalidatePath } from "next/cache";
import { acknowledgeAssignment } from "@/lib/data/period-work";
import { saveReportDraft, submitReport } from "@/lib/data/reports";
import type { ReportDraftInput } from "@/lib/validation/report";
import { failure, type ActionResult } from "./result";

/** Saves the draft of one assignment's report for one period. */
export async function saveReportAction(input: ReportDraftInput): Promise<ActionResult<{ id: number; version: number }>> {
  try {
    const saved = await saveReportDraft(input);
    revalidatePath("/my-region");
    return { ok: true, ...saved };
  } catch (err) {
    return failure(err);
  }
}

/** Saves what is in the form, then submits it for review. */
export async function submitReportAction(input: ReportDraftInput): Promise<ActionResult<{ id: number; version: number }>> {
  try {
    const saved = await saveReportDraft(input);
    const submitted = await submitReport({ reportId: saved.id, version: saved.version });
    revalidatePath("/my-region");
    revalidatePath("/review");
    return { ok: true, id: saved.id, version: submitted.version };
  } catch (err) {
    return failure(err);
  }
}

export async function acknowledgeAction(input: { assignmentId: number; contactName: string; contactPhone?: string }): Promise<ActionResult> {
  try {
    await acknowledgeAssignment(input);
    revalidatePath("/my-region");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}
