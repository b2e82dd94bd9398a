import { getLocale, getTranslations } from "next-intl/server";
import { getBulletinData } from "@/lib/data/bulletin";
import { bulletinParamsSchema } from "@/lib/validation/bulletin";
import { ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/data/errors";
import { buildBulletinDocx, bulletinFileName, bulletinLabelKeys, type BulletinLabels } from "@/lib/exports/bulletin-docx";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The periodic bulletin (通报) as a Word document: GET ?year=&planId=&period= (year required; period defaults to the last closed one). */
export async function GET(request: Request) {
  const search = new URL(request.url).searchParams;
  const parsed = bulletinParamsSchema.safeParse({
    year: search.get("year") || undefined,
    planId: search.get("planId") || undefined,
    period: search.get("period") || undefined,
  });
  if (!parsed.success) return failure(400, "badRequest");
  try {
    const data = await getBulletinData(parsed.data);
    const t = await getTranslations("exports");
    const labels = Object.fromEntries(bulletinLabelKeys.map((k) => [k, String(t.raw(k))])) as BulletinLabels;
    const locale = await getLocale();
    const bytes = await buildBulletinDocx(data, labels, locale);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": DOCX,
        "Content-Disposition": attachment(`${bulletinFileName(data, labels, locale)}.docx`, `bulletin-${data.period}.docx`),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    return refusal(err);
  }
}

/** RFC 6266: an ASCII fallback, then the real (UTF-8) name. */
function attachment(name: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function failure(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "private, no-store" } });
}

/** The data layer's refusals as `{ error: code }`; anything else is a real fault and stays a 500. */
function refusal(err: unknown): Response {
  if (err instanceof InvalidInputError) return failure(422, Object.values(err.fields)[0] ?? "invalid");
  if (err instanceof NotFoundError) return failure(404, "notFound");
  if (err instanceof ForbiddenError) return failure(403, "forbidden");
  if (err instanceof UnauthenticatedError) return failure(401, "unauthenticated");
  throw err;
}
