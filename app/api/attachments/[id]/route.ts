import { getAttachmentForDownload, removeReportAttachment } from "@/lib/data/attachments";
import { recordIdSchema } from "@/lib/validation/attachment";
import { failure, refusal, attachmentDisposition } from "@/lib/http/responses";
import { refuseRequest } from "@/lib/http/route-guard";

type Ctx = { params: Promise<{ id: string }> };

/** Downloads an evidence file: always as an attachment, with the type sniffed at upload. */
export async function GET(_request: Request, { params }: Ctx) {
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) return failure(404, "notFound");
  try {
    const file = await getAttachmentForDownload(id.data);
    // The store hands out plain ArrayBuffer-backed bytes, never a SharedArrayBuffer view.
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.bytes.byteLength),
        "Content-Disposition": attachmentDisposition(file.fileName),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        // Should a browser render it anyway, it runs nothing and loads nothing.
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  } catch (err) {
    return refusal(err);
  }
}

export async function DELETE(request: Request, { params }: Ctx) {
  const refused = refuseRequest(request);
  if (refused) return refused;
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) return failure(404, "notFound");
  try {
    await removeReportAttachment(id.data);
    return Response.json({ ok: true });
  } catch (err) {
    return refusal(err);
  }
}
