import { Readable } from "node:stream";
import { openAttachmentForDownload, removeReportAttachment } from "@/lib/data/attachments";
import { recordIdSchema } from "@/lib/validation/attachment";
import { failure, refusal, attachmentDisposition } from "@/lib/http/responses";
import { inlinePreviewHeaders } from "@/lib/http/inline-preview";
import { refuseRequest } from "@/lib/http/route-guard";

type Ctx = { params: Promise<{ id: string }> };

/**
 * Downloads an evidence file, as an attachment, with the type sniffed at upload. With `?inline=1`
 * a photo or a PDF is shown in the page instead (the report card previews them): inline, framable
 * by our own pages only. A PDF gets no CSP sandbox — the browser's PDF viewer refuses to run in
 * one — but still may load nothing; any other type stays an attachment.
 */
export async function GET(request: Request, { params }: Ctx) {
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) return failure(404, "notFound");
  try {
    const file = await openAttachmentForDownload(id.data);
    const preview = new URL(request.url).searchParams.get("inline") === "1" ? inlinePreviewHeaders(file.contentType, file.fileName) : null;
    // Streamed from the file store (a local file or an S3 object): never whole in memory.
    const body = Readable.toWeb(file.stream) as ReadableStream<Uint8Array>;
    if (preview) return new Response(body, { headers: { "Content-Length": String(file.sizeBytes), ...preview } });
    return new Response(body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.sizeBytes),
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
