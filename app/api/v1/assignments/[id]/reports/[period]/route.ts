import { bodyOf, handler, json, parseParams } from "@/lib/api/problem";
import { reportView } from "@/lib/api/views";
import { saveReportDraft } from "@/lib/data/reports";
import { reportDraftBodySchema, reportPathSchema } from "@/lib/validation/api";

/** Creates (201) or updates (200) the draft of an assignment's period. */
export const PUT = handler(async (request, params) => {
  const { id, period } = parseParams(reportPathSchema, params);
  const body = await bodyOf(reportDraftBodySchema, request);
  const saved = await saveReportDraft({ ...body, assignmentId: id, period });
  return json(reportView(saved.report), saved.version === 1 ? 201 : 200);
});
