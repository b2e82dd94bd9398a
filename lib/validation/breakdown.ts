import { z } from "zod";

/** A league-city bureau gives its assignment to banner-counties below it (逐级分解). */
export const breakDownBodySchema = z.object({
  regionCodes: z
    .array(z.string().regex(/^\d{6,12}$/, "regionCode"))
    .min(1)
    .max(500)
    .meta({ description: "Codes of banner-counties directly below the bureau's league-city." }),
});

export const breakDownSchema = breakDownBodySchema.extend({ assignmentId: z.coerce.number().int().positive().max(2_147_483_647) });

export type BreakDownInput = z.input<typeof breakDownSchema>;
