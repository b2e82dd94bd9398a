import { importPlanSheet, previewPlanImport } from "@/lib/data/plan-excel";
import { MAX_SHEET_BYTES, recordIdSchema } from "@/lib/validation/plan";
import { refuseRequest } from "@/lib/http/route-guard";
import { jsonError, refusal } from "../../excel-response";

type Ctx = { params: Promise<{ id: string }> };

const MAX_REQUEST_BYTES = MAX_SHEET_BYTES + 1024 * 1024;

/**
 * Imports a task breakdown sheet: multipart/form-data with one `file`, or the .xlsx bytes as the
 * body. `?preview=1` only checks it. Bad rows: 422 with an error per row, nothing written.
 */
export async function POST(request: Request, { params }: Ctx) {
  // Cross-site writes (the proxy does not see this route); the size is checked below, in this route's words.
  const refused = refuseRequest(request, Number.MAX_SAFE_INTEGER);
  if (refused) return refused;
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) return jsonError(404, "notFound");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REQUEST_BYTES) return jsonError(413, "fileTooLarge");
  const previewOnly = new URL(request.url).searchParams.get("preview") === "1";

  let bytes: Uint8Array;
  try {
    bytes = await readUpload(request);
  } catch (err) {
    return jsonError(err instanceof RangeError ? 413 : 400, err instanceof RangeError ? "fileTooLarge" : "badRequest");
  }
  try {
    if (previewOnly) {
      const preview = await previewPlanImport(id.data, bytes);
      return preview.valid ? Response.json(preview, { headers: { "Cache-Control": "private, no-store" } }) : jsonError(422, "invalidRows", preview);
    }
    const result = await importPlanSheet(id.data, bytes);
    if (!result.written) return jsonError(422, "invalidRows", result);
    return Response.json(result, { status: 201 });
  } catch (err) {
    return refusal(err);
  }
}

async function readUpload(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
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
  const contentType = request.headers.get("content-type") ?? "";
  const response = new Response(limited, { headers: { "content-type": contentType } });
  try {
    if (/^multipart\/form-data\s*;/i.test(contentType)) {
      const files = (await response.formData()).getAll("file");
      const file = files[0];
      if (files.length !== 1 || !(file instanceof File)) throw new TypeError("one file expected");
      return new Uint8Array(await file.arrayBuffer());
    }
    return new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    throw seen > MAX_REQUEST_BYTES ? new RangeError("request body too large") : err;
  }
}
