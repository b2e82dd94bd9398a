import { handler, json, parseParams } from "@/lib/api/problem";
import { getPlanWithTasks, setPlanState } from "@/lib/data/plans";
import { idParamsSchema } from "@/lib/validation/api";

/** A draft only: publishing twice, or a closed plan, is a 409 (reopening is the page's). */
export const POST = handler(async (_request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  await setPlanState({ planId: id, state: "published", from: "draft" });
  return json(await getPlanWithTasks(id));
});
