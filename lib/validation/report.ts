import { z } from "zod";

const text = (max: number) => z.string().trim().max(max, "tooLong").default("");

/** A bureau's draft of one assignment's report for one period (form, action and API). */
export const reportDraftSchema = z.object({
  assignmentId: z.coerce.number().int().positive().max(2_147_483_647),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, "badPeriod"),
  progress: z.coerce.number({ error: "notANumber" }).int("notAnInteger").min(0, "progressRange").max(100, "progressRange"),
  status: z.enum(["on_track", "at_risk", "behind", "complete"], { error: "badStatus" }),
  workDone: text(5000),
  problems: text(5000),
  nextSteps: text(5000),
  /** Why the progress is lower than the previous period's report: required on submission when it dropped. */
  dropReason: text(2000),
  indicatorValues: z
    .array(z.object({ indicatorId: z.coerce.number().int().positive().max(2_147_483_647), value: z.number().finite().nullable() }))
    .max(100)
    .refine((values) => new Set(values.map((v) => v.indicatorId)).size === values.length, "duplicateIndicator")
    .default([]),
  /** The version the caller edited; required to update an existing report. */
  version: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

export type ReportDraftInput = z.input<typeof reportDraftSchema>;

export const reportSubmitSchema = z.object({
  reportId: z.coerce.number().int().positive().max(2_147_483_647),
  version: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

/** What a report must hold to be submitted (a draft may be incomplete): the form checks it before sending, the data layer on submission. */
export type SubmissionFields = { progress: number; workDone: string; dropReason: string };

/**
 * The submission rules: 工作进展 is required; a progress below the previous period's report needs
 * a reason. Field → message key, empty when the report may be submitted.
 */
export function submissionErrors(r: SubmissionFields, previousProgress: number | null): Record<string, string> {
  const errors: Record<string, string> = {};
  if (r.workDone.trim() === "") errors.workDone = "workDoneRequired";
  if (previousProgress !== null && r.progress < previousProgress && r.dropReason.trim() === "") errors.dropReason = "dropReasonRequired";
  return errors;
}

/** A draft that is submitted at once (form and action): the draft's schema plus the submission rules against the previous period's progress. */
export function reportSubmissionSchema(previousProgress: number | null) {
  return reportDraftSchema.superRefine((r, ctx) => {
    for (const [field, message] of Object.entries(submissionErrors(r, previousProgress))) ctx.addIssue({ code: "custom", path: [field], message });
  });
}
