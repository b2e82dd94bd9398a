import { handler, json, queryOf } from "@/lib/api/problem";
import { reportView } from "@/lib/api/views";
import { listReports } from "@/lib/data/api-reports";
import { reportsQuerySchema } from "@/lib/validation/api";

export const GET = handler(async (request) => {
  const page = await listReports(queryOf(reportsQuerySchema, request));
  return json({ items: page.items.map(reportView), nextCursor: page.nextCursor });
});
