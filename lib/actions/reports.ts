"use server";

import { acknowledgeAssignment } from "@/lib/data/period-work";
import { saveReportDraft, submitReport } from "@/lib/data/reports";
import { reportDraftSchema, reportSubmissionSchema, type ReportDraftInput } from "@/lib/validation/report";
import { acknowledgeSchema } from "@/lib/validation/review";
import type { ActionResult } from "./result";
import { runAction } from "./run";

/** Saves the draft of one assignment's report for one period. */
export async function saveReportAction(input: ReportDraftInput): Promise<ActionResult<{ id: number; version: number }>> {
  return runAction(
    reportDraftSchema,
    input,
    async () => {
      const saved = await saveReportDraft(input);
      return { id: saved.id, version: saved.version };
    },
    ["/my-region"],
  );
}

/**
 * Saves what is in the form, then submits it for review. The submission rules that need no other
 * report (工作进展) are checked before anything is saved; the data layer checks them all on submission.
 */
export async function submitReportAction(input: ReportDraftInput): Promise<ActionResult<{ id: number; version: number }>> {
  return runAction(
    reportSubmissionSchema(null),
    input,
    async () => {
      const saved = await saveReportDraft(input);
      const submitted = await submitReport({ reportId: saved.id, version: saved.version });
      return { id: saved.id, version: submitted.version };
    },
    ["/my-region", "/review"],
  );
}

export async function acknowledgeAction(input: { assignmentId: number; contactName: string; contactPhone?: string }): Promise<ActionResult> {
  return runAction(acknowledgeSchema, input, async () => (await acknowledgeAssignment(input), {}), ["/my-region"]);
}
