import { z } from "zod";

const text = (max: number) => z.string().trim().max(max, "tooLong").default("");

/** A bureau's draft of one assignment's report for one period (form, action and API). */
export const reportDraftSchema = z.object({
  assignmentId: z.coerce.number().int().positive(),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, "badPeriod"),
  progress: z.coerce.number({ error: "notANumber" }).int("notAnInteger").min(0, "progressRange").max(100, "progressRange"),
  status: z.enum(["on_track", "at_risk", "behind", "complete"], { error: "badStatus" }),
  workDone: text(5000),
  problems: text(5000),
  nextSteps: text(5000),
  indicatorValues: z
    .array(z.object({ indicatorId: z.coerce.number().int().positive(), value: z.number().finite().nullable() }))
    .max(100)
    .default([]),
  /** The version the caller edited; required to update an existing report. */
  version: z.coerce.number().int().positive().optional(),
});

export type ReportDraftInput = z.input<typeof reportDraftSchema>;

export const reportSubmitSchema = z.object({
  reportId: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive().optional(),
});
