import { paginate } from "@/lib/domain/pagination";
import { bodyOf, handler, json, queryOf } from "@/lib/api/problem";
import { createPlanWithTree, getPlanWithTasks, listPlans } from "@/lib/data/plans";
import { plansQuerySchema } from "@/lib/validation/api";
import { planWithTreeSchema } from "@/lib/validation/plan";

export const GET = handler(async (request) => {
  const q = queryOf(plansQuerySchema, request);
  return json(paginate(await listPlans(q.year), (p) => p.id, q));
});

export const POST = handler(async (request) => {
  const { id } = await createPlanWithTree(await bodyOf(planWithTreeSchema, request));
  return json(await getPlanWithTasks(id), 201);
});
