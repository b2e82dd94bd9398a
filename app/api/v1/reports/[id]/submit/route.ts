import { bodyOf, handler, json, parseParams } from "@/lib/api/problem";
import { reportView } from "@/lib/api/views";
import { submitReport } from "@/lib/data/reports";
import { idParamsSchema, reportSubmitBodySchema } from "@/lib/validation/api";

export const POST = handler(async (request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  const body = await bodyOf(reportSubmitBodySchema, request);
  const submitted = await submitReport({ ...body, reportId: id });
  return json(reportView(submitted.report));
});
