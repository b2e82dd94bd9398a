import { addReportAttachmentFromFile, listReportAttachments } from "@/lib/data/attachments";
import { MAX_ATTACHMENT_BYTES, recordIdSchema } from "@/lib/validation/attachment";
import { failure, refusal } from "@/lib/http/responses";
import { spoolUpload } from "@/lib/http/multipart-upload";
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

  // The body streams to a temporary file (never whole in memory), then from there to the file store.
  const result = await spoolUpload(request, { field: "file", maxFileBytes: MAX_ATTACHMENT_BYTES, maxRequestBytes: MAX_REQUEST_BYTES }, async (file) => {
    try {
      const created = await addReportAttachmentFromFile({ reportId: id.data, fileName: file.fileName, path: file.path });
      return Response.json(created, { status: 201 });
    } catch (err) {
      return refusal(err);
    }
  });
  if ("refused" in result) return result.refused === 413 ? failure(413, "tooLarge") : failure(400, "badRequest");
  return result;
}
