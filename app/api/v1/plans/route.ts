import { paginate } from "@/lib/domain/pagination";
import { bodyOf, handler, json, queryOf } from "@/lib/api/problem";
import { createPlanWithTree, getPlanWithTasks, listPlans } from "@/lib/data/plans";
import { BODY_LIMITS } from "@/lib/http/request-guard";
import { plansQuerySchema } from "@/lib/validation/api";
import { planWithTreeSchema } from "@/lib/validation/plan";

export const GET = handler(async (request) => {
  const q = queryOf(plansQuerySchema, request);
  return json(paginate(await listPlans(q.year), (p) => p.id, q));
});

// A whole deployment: the report kept as its source text (up to 100,000 characters) and its tree.
export const POST = handler(async (request) => {
  const { id } = await createPlanWithTree(await bodyOf(planWithTreeSchema, request, { maxBytes: BODY_LIMITS.other }));
  return json(await getPlanWithTasks(id), 201);
});
