import { addReportAttachment, listReportAttachments } from "@/lib/data/attachments";
import { MAX_ATTACHMENT_BYTES, recordIdSchema } from "@/lib/validation/attachment";
import { failure, refusal } from "@/lib/http/responses";
import { refuseRequest } from "@/lib/http/route-guard";

type Ctx = { params: Promise<{ id: string }> };

/** The file plus the multipart envelope around it. */
const MAX_REQUEST_BYTES = MAX_ATTACHMENT_BYTES + 1024 * 1024;

export async function GET(_request: Request, { params }: Ctx) {
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) return failure(404, "notFound");
  try {
    return Response.json({ attachments: await listReportAttachments(id.data) }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (err) {
    return refusal(err);
  }
}

/** Uploads one evidence file: multipart/form-data with a single `file` field. */
export async function POST(request: Request, { params }: Ctx) {
  // Cross-site writes (the proxy does not see this route); the size is checked below, in this route's words.
  const refused = refuseRequest(request, Number.MAX_SAFE_INTEGER);
  if (refused) return refused;
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) return failure(404, "notFound");
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !request.body) return failure(400, "badRequest");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REQUEST_BYTES) return failure(413, "tooLarge");

  let form: FormData;
  let seen = 0;
  try {
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
    form = await new Response(limited, { headers: { "content-type": contentType } }).formData();
  } catch {
    return seen > MAX_REQUEST_BYTES ? failure(413, "tooLarge") : failure(400, "badRequest");
  }
  const files = form.getAll("file");
  const file = files[0];
  if (files.length !== 1 || !(file instanceof File)) return failure(400, "badRequest");

  try {
    const created = await addReportAttachment({ reportId: id.data, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return Response.json(created, { status: 201 });
  } catch (err) {
    return refusal(err);
  }
}
