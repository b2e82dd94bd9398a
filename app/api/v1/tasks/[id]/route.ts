import { bodyOf, handler, json, parseParams } from "@/lib/api/problem";
import { patchTask } from "@/lib/data/plan-tasks";
import { idParamsSchema } from "@/lib/validation/api";
import { taskPatchBodySchema } from "@/lib/validation/plan";

export const PATCH = handler(async (request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  return json(await patchTask({ ...(await bodyOf(taskPatchBodySchema, request)), taskId: id }));
});
