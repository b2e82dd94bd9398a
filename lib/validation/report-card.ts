import { z } from "zod";

const id = z.coerce.number().int().positive().max(2_147_483_647);

/** The report card's address: one assignment (optionally one of its reports), or one matrix cell (a region × a key task). */
export const reportCardQuerySchema = z.union([
  z.object({ assignment: id, report: id.optional() }),
  z.object({ region: z.string().regex(/^\d{6}$/), task: id }),
]);
