import { bodyOf, handler, json, parseParams } from "@/lib/api/problem";
import { reportView } from "@/lib/api/views";
import { reviewReportLatest } from "@/lib/data/api-reports";
import { getReport } from "@/lib/data/reports";
import { idParamsSchema, reviewBodySchema } from "@/lib/validation/api";

export const POST = handler(async (request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  await reviewReportLatest(id, "return", await bodyOf(reviewBodySchema, request));
  return json(reportView(await getReport(id)));
});
