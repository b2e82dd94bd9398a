import { paginate } from "@/lib/domain/pagination";
import { handler, json, queryOf } from "@/lib/api/problem";
import { listPlans } from "@/lib/data/plans";
import { plansQuerySchema } from "@/lib/validation/api";

export const GET = handler(async (request) => {
  const q = queryOf(plansQuerySchema, request);
  return json(paginate(await listPlans(q.year), (p) => p.id, q));
});
