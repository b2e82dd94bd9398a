import { bodyOf, handler, json, parseParams } from "@/lib/api/problem";
import { breakDownAssignment } from "@/lib/data/breakdown";
import { idParamsSchema } from "@/lib/validation/api";
import { breakDownBodySchema } from "@/lib/validation/breakdown";

export const POST = handler(async (request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  const body = await bodyOf(breakDownBodySchema, request);
  return json(await breakDownAssignment({ assignmentId: id, ...body }), 201);
});
