import { bodyOf, handler, json, parseParams } from "@/lib/api/problem";
import { remindAssignment } from "@/lib/data/delivery-log";
import { idParamsSchema } from "@/lib/validation/api";
import { remindBodySchema } from "@/lib/validation/reminders";

/** 催办 now through the bureau's channels; 429 with Retry-After when one was sent today (send confirm: true to send another). */
export const POST = handler(async (request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  const body = await bodyOf(remindBodySchema, request);
  return json(await remindAssignment(id, body), 201);
});
