import { parseReportFile, parseReportText } from "@/lib/data/conference-report";
import { MAX_REPORT_FILE_BYTES } from "@/lib/imports/report-file";
import { refuseRequest } from "@/lib/http/route-guard";
import { jsonError, refusal } from "../excel-response";

const MAX_REQUEST_BYTES = MAX_REPORT_FILE_BYTES + 1024 * 1024;
const noStore = { "Cache-Control": "private, no-store" };

/**
 * The page's parse: multipart/form-data with one `file` (.txt or .docx, read on the server) or a
 * `text` field. Answers `{ text, report }`; nothing is written. A file it cannot read: 422 with its code.
 */
export async function POST(request: Request) {
  // Cross-site writes (the proxy does not see this upload route); the size is checked below.
  const refused = refuseRequest(request, Number.MAX_SAFE_INTEGER);
  if (refused) return refused;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REQUEST_BYTES) return jsonError(413, "fileTooLarge");
  let form: FormData;
  try {
    form = await readForm(request);
  } catch (err) {
    return err instanceof RangeError ? jsonError(413, "fileTooLarge") : jsonError(400, "badRequest");
  }
  try {
    const file = form.get("file");
    if (file instanceof File) return Response.json(await parseReportFile(new Uint8Array(await file.arrayBuffer()), file.name), { headers: noStore });
    const text = form.get("text");
    if (typeof text !== "string") return jsonError(400, "badRequest");
    // A form field's lines arrive as CRLF: the spans refer to the text as the officer pasted it.
    const pasted = text.replace(/\r\n?/g, "\n");
    return Response.json({ text: pasted, report: await parseReportText({ text: pasted }) }, { headers: noStore });
  } catch (err) {
    return refusal(err);
  }
}

async function readForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!request.body || !/^multipart\/form-data\s*;/i.test(contentType)) throw new TypeError("multipart/form-data expected");
  let seen = 0;
  // Counted as it arrives: a chunked body announces no length, yet stops here at the limit too.
  const limited = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > MAX_REQUEST_BYTES) controller.error(new RangeError("request body too large"));
        else controller.enqueue(chunk);
      },
    }),
  );
  try {
    return await new Response(limited, { headers: { "content-type": contentType } }).formData();
  } catch (err) {
    throw seen > MAX_REQUEST_BYTES ? new RangeError("request body too large") : err;
  }
}
