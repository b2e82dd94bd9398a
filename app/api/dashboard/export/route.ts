import { getLocale, getTranslations } from "next-intl/server";
import { getDashboard } from "@/lib/data/dashboard";
import { ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/data/errors";
import { buildDashboardWorkbook, workbookFileName, workbookLabelKeys, type WorkbookLabels } from "@/lib/exports/dashboard-workbook";
import { dashboardFilterSchema, parseDashboardParams } from "@/lib/validation/dashboard";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The leaders' dashboard as an Excel workbook: GET ?year=&planId=&taskId=&regionCode= (year required). */
export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const year = dashboardFilterSchema.shape.year.safeParse(params.year ?? "");
  if (!params.year || !year.success) return failure(400, "badRequest");
  try {
    const dashboard = await getDashboard(parseDashboardParams(params, year.data));
    const t = await getTranslations("exports");
    const labels = Object.fromEntries(workbookLabelKeys.map((k) => [k, String(t.raw(k))])) as WorkbookLabels;
    const bytes = await buildDashboardWorkbook(dashboard, labels, await getLocale());
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": XLSX,
        "Content-Disposition": attachment(`${workbookFileName(dashboard, labels)}.xlsx`, `dashboard-${year.data}.xlsx`),
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
