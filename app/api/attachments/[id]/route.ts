import { getAttachmentForDownload, removeReportAttachment } from "@/lib/data/attachments";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/data/errors";
import { recordIdSchema } from "@/lib/validation/attachment";

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
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeRfc5987(file.fileName)}`,
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

export async function DELETE(_request: Request, { params }: Ctx) {
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) return failure(404, "notFound");
  try {
    await removeReportAttachment(id.data);
    return Response.json({ ok: true });
  } catch (err) {
    return refusal(err);
  }
}

/** RFC 5987 percent-encoding: encodeURIComponent leaves ' ( ) * as they are. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function failure(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "private, no-store" } });
}

/** The data layer's refusals as `{ error: code }`; anything else is a real fault and stays a 500. */
function refusal(err: unknown): Response {
  if (err instanceof InvalidInputError) return failure(422, Object.values(err.fields)[0] ?? "invalid");
  if (err instanceof ConflictError) return failure(409, err.code);
  if (err instanceof NotFoundError) return failure(404, "notFound");
  if (err instanceof ForbiddenError) return failure(403, "forbidden");
  if (err instanceof UnauthenticatedError) return failure(401, "unauthenticated");
  throw err;
}
