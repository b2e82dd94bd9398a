import { paginate } from "@/lib/domain/pagination";
import { handler, json, queryOf } from "@/lib/api/problem";
import { listLeagueCities } from "@/lib/data/regions";
import { pageQuerySchema } from "@/lib/validation/api";

export const GET = handler(async (request) => {
  const page = queryOf(pageQuerySchema, request);
  return json(paginate(await listLeagueCities(), (r) => r.code, page));
});
