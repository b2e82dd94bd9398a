import { bodyOf, handler, json, parseParams } from "@/lib/api/problem";
import { getPlanWithTasks, patchPlan } from "@/lib/data/plans";
import { idParamsSchema } from "@/lib/validation/api";
import { planPatchBodySchema } from "@/lib/validation/plan";

export const GET = handler(async (_request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  return json(await getPlanWithTasks(id));
});

export const PATCH = handler(async (request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  await patchPlan({ ...(await bodyOf(planPatchBodySchema, request)), planId: id });
  return json(await getPlanWithTasks(id));
});
