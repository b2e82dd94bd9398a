import { handler, json, problem } from "@/lib/api/problem";
import { BadRequestError } from "@/lib/domain/pagination";
import { parseReportText, requireReportImport } from "@/lib/data/conference-report";
import { MAX_PARSE_BODY_BYTES } from "@/lib/validation/conference-report";

/** POST /api/v1/plans/parse: a conference report's text in, its draft tree out; nothing is written (staff). */
export const POST = handler(async (request) => {
  // Who may parse is settled before the body is read.
  await requireReportImport();
  const tooLarge = () => problem(413, { title: "Content Too Large", detail: `The body may hold at most ${MAX_PARSE_BODY_BYTES} bytes` });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_PARSE_BODY_BYTES) return tooLarge();
  const body = await readLimited(request);
  if (body === null) return tooLarge();
  let raw: unknown = {};
  if (body.trim() !== "") {
    try {
      raw = JSON.parse(body);
    } catch {
      throw new BadRequestError("Malformed JSON body");
    }
  }
  return json(await parseReportText(raw));
});

/** The body as text, or null past the limit (counted as it arrives: a chunked body announces no length). */
async function readLimited(request: Request): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value.byteLength;
    if (seen > MAX_PARSE_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
