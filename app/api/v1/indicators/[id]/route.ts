import { bodyOf, handler, json, parseParams } from "@/lib/api/problem";
import { patchIndicator } from "@/lib/data/plan-indicators";
import { idParamsSchema } from "@/lib/validation/api";
import { indicatorPatchBodySchema } from "@/lib/validation/plan";

export const PATCH = handler(async (request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  return json(await patchIndicator({ ...(await bodyOf(indicatorPatchBodySchema, request)), indicatorId: id }));
});
