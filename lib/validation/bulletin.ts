import { z } from "zod";

/** The bulletin's input, from the URL or a caller: the year, optionally a plan and a period. */
export const bulletinParamsSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  planId: z.coerce.number().int().positive().optional(),
  period: z.string().regex(/^\d{4}-(\d{2}|Q[1-4])$/).optional(),
});
