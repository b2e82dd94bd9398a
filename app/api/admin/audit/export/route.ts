import { exportAuditLog } from "@/lib/data/audit-log";
import { attachmentDisposition, failure, refusal } from "@/lib/http/responses";
import { auditFilterSchema } from "@/lib/validation/user";

/** The audit log, filtered as on the page, as an .xlsx (admin only). */
export async function GET(request: Request) {
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v));
  const filter = auditFilterSchema.safeParse(params);
  if (!filter.success) return failure(422, "invalid");
  try {
    const { fileName, bytes } = await exportAuditLog(filter.data);
    return new Response(bytes as unknown as BodyInit, {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": attachmentDisposition(fileName, "audit-log.xlsx"),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    return refusal(err);
  }
}
