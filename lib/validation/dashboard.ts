import { z } from "zod";

/** The dashboard's filters, as they come from the URL or the API. */
export const dashboardFilterSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  planId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  taskId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
});

export type DashboardFilterInput = z.input<typeof dashboardFilterSchema>;

/** Reads the filters from URL search params, dropping what does not parse. */
export function parseDashboardParams(params: Record<string, string | string[] | undefined>, fallbackYear: number): z.output<typeof dashboardFilterSchema> {
  const pick = (k: string) => {
    const v = params[k];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const out: DashboardFilterInput = { year: fallbackYear };
  for (const key of ["planId", "taskId", "regionCode"] as const) {
    const v = pick(key);
    if (v !== undefined && dashboardFilterSchema.shape[key].safeParse(v).success) out[key] = v as never;
  }
  const year = pick("year");
  if (year !== undefined && dashboardFilterSchema.shape.year.safeParse(year).success) out.year = Number(year);
  return dashboardFilterSchema.parse(out);
}
