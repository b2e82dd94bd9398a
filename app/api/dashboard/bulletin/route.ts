import { getLocale } from "next-intl/server";
import { sourceMessages, sourceTexts } from "@/lib/i18n/source-messages";
import { recordExport } from "@/lib/data/audit";
import { getBulletinData } from "@/lib/data/bulletin";
import { bulletinParamsSchema } from "@/lib/validation/bulletin";
import { buildBulletinDocx, bulletinFileName, bulletinLabelKeys, type BulletinLabels } from "@/lib/exports/bulletin-docx";
import { failure, refusal, attachmentDisposition } from "@/lib/http/responses";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The periodic bulletin (通报) as a Word document: GET ?year=&planId=&period=&docNumber= (year required; period defaults to the last closed one, 文号 to the settings' numbering). */
export async function GET(request: Request) {
  const search = new URL(request.url).searchParams;
  const parsed = bulletinParamsSchema.safeParse({
    year: search.get("year") || undefined,
    planId: search.get("planId") || undefined,
    period: search.get("period") || undefined,
    docNumber: search.get("docNumber") ?? undefined,
  });
  if (!parsed.success) return failure(400, "badRequest");
  try {
    const data = await getBulletinData(parsed.data);
    const labels: BulletinLabels = sourceTexts(sourceMessages(await getLocale()), "exports", bulletinLabelKeys);
    const locale = await getLocale();
    const bytes = await buildBulletinDocx(data, labels, locale);
    await recordExport("bulletin", data.period, { ...parsed.data });
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": DOCX,
        "Content-Disposition": attachmentDisposition(`${bulletinFileName(data, labels, locale)}.docx`, `bulletin-${data.period}.docx`),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    return refusal(err);
  }
}
