import { handler, json, parseParams } from "@/lib/api/problem";
import { reportView } from "@/lib/api/views";
import { getReport, listReportVersions } from "@/lib/data/reports";
import { idParamsSchema } from "@/lib/validation/api";

export const GET = handler(async (_request, params) => {
  const { id } = parseParams(idParamsSchema, params);
  const report = await getReport(id);
  return json({ ...reportView(report), versions: await listReportVersions(id) });
});
