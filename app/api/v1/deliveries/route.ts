import { handler, json, parseParams } from "@/lib/api/problem";
import { listDeliveries } from "@/lib/data/delivery-log";
import { deliveryQuerySchema } from "@/lib/validation/reminders";

/** The delivery log (催办记录) of an assignment (?assignmentId=) or a region (?regionCode=), newest first: staff only. */
export const GET = handler(async (request) => {
  const query = parseParams(deliveryQuerySchema, new URL(request.url).searchParams);
  return json({ items: await listDeliveries(query) });
});
