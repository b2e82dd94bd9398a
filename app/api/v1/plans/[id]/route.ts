import { handler, json, parseParams } from "@/lib/api/problem";
import { getPlanWithTasks } from "@/lib/data/plans";
import { idParamsSchema } from "@/lib/validation/api";

export const GET = handler(async (_request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  return json(await getPlanWithTasks(id));
});
