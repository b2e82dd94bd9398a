import { z } from "zod";

/** Approve or return one report; a return needs a comment. */
export const reviewSchema = z
  .object({
    reportId: z.coerce.number().int().positive(),
    version: z.coerce.number().int().positive(),
    decision: z.enum(["approve", "return"]),
    comment: z.string().trim().max(2000, "tooLong").optional(),
  })
  .refine((d) => d.decision === "approve" || (d.comment !== undefined && d.comment.length > 0), {
    message: "commentRequired",
    path: ["comment"],
  });

export const reviewFilterSchema = z.object({
  planId: z.coerce.number().int().positive().optional(),
  taskId: z.coerce.number().int().positive().optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/).optional(),
});

export type ReviewFilter = z.input<typeof reviewFilterSchema>;

export const reminderSchema = z.object({
  regionCode: z.string().regex(/^\d{6}$/, "badRegion"),
  assignmentId: z.coerce.number().int().positive().optional(),
  message: z.string().trim().max(500, "tooLong").optional(),
  /** Staff confirm a second 催办 on a day one was already sent. */
  confirm: z.boolean().optional(),
});

export const reopenSchema = z.object({
  planId: z.coerce.number().int().positive(),
  regionCode: z.string().regex(/^\d{6}$/, "badRegion"),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, "badPeriod"),
  days: z.coerce.number().int().min(1).max(30).default(7),
});

export const acknowledgeSchema = z.object({
  assignmentId: z.coerce.number().int().positive(),
  contactName: z.string().trim().min(1, "required").max(50, "tooLong"),
  contactPhone: z.string().trim().max(32, "tooLong").optional(),
});
