import { handler, json, queryOf } from "@/lib/api/problem";
import { dashboardView } from "@/lib/api/views";
import { getDashboard } from "@/lib/data/dashboard";
import { shanghaiDate } from "@/lib/domain/dates";
import { dashboardQuerySchema } from "@/lib/validation/api";

export const GET = handler(async (request) => {
  const q = queryOf(dashboardQuerySchema, request);
  const year = q.year ?? Number(shanghaiDate(new Date()).slice(0, 4));
  return json(dashboardView(await getDashboard({ ...q, year }, new Date(), { signal: request.signal })));
});
