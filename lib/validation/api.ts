import { z } from "zod";
import { signInSchema } from "./auth";
import { dashboardFilterSchema } from "./dashboard";
import { reportDraftSchema, reportSubmitSchema } from "./report";
import { reviewFilterSchema, reviewSchema } from "./review";

/** Query strings and bodies of the JSON API (/api/v1); the OpenAPI document is generated from these. */

/** A record id: a positive 32-bit integer (the columns' range; a larger one could never exist). */
const id = z.coerce.number().int().positive().max(2_147_483_647);

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: "Items per page, 1–100 (default 50)." }),
  cursor: z.string().min(1).max(200).optional().meta({ description: "The `nextCursor` of the previous page." }),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

export const idParamsSchema = z.object({ id: id.meta({ description: "Numeric id." }) });

export const sessionBodySchema = signInSchema;

export const plansQuerySchema = pageQuerySchema.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const assignmentsQuerySchema = pageQuerySchema.extend({
  planId: reviewFilterSchema.shape.planId,
  regionCode: reviewFilterSchema.shape.regionCode,
  taskId: reviewFilterSchema.shape.taskId,
});
export type AssignmentsQuery = z.output<typeof assignmentsQuerySchema>;

export const reportStates = ["draft", "submitted", "returned", "approved"] as const;
export const reportStatuses = ["on_track", "at_risk", "behind", "complete"] as const;

export const reportsQuerySchema = pageQuerySchema.extend({
  assignmentId: id.optional(),
  period: reviewFilterSchema.shape.period,
  state: z.enum(reportStates).optional(),
  status: z
    .enum([...reportStates, ...reportStatuses])
    .optional()
    .meta({ description: "A report state (draft, submitted, returned, approved) or a self-assessed status (on_track, at_risk, behind, complete)." }),
});
export type ReportsQuery = z.output<typeof reportsQuerySchema>;

export const reportPathSchema = z.object({
  id: id.meta({ description: "Assignment id." }),
  period: z.string().meta({ description: "`2025-03` for a monthly plan, `2025-Q1` for a quarterly one.", example: "2025-Q1" }),
});

/** PUT /assignments/{id}/reports/{period}: the draft form without what the path names. */
export const reportDraftBodySchema = reportDraftSchema.omit({ assignmentId: true, period: true });

export const reportSubmitBodySchema = reportSubmitSchema.omit({ reportId: true });

/** Approve or return; `version` guards against deciding on a report that changed (the current one when left out). */
export const reviewBodySchema = z.object({
  version: reviewSchema.shape.version.optional(),
  comment: reviewSchema.shape.comment.meta({ description: "Required to return a report." }),
});

export const dashboardQuerySchema = dashboardFilterSchema.partial({ year: true });
