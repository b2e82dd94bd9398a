import { getLocale } from "next-intl/server";
import { sourceMessages, sourceTexts } from "@/lib/i18n/source-messages";
import { recordExport } from "@/lib/data/audit";
import { getDashboard } from "@/lib/data/dashboard";
import { buildDashboardWorkbook, workbookFileName, workbookLabelKeys, type WorkbookLabels } from "@/lib/exports/dashboard-workbook";
import { dashboardFilterSchema, parseDashboardParams } from "@/lib/validation/dashboard";
import { failure, refusal, attachmentDisposition } from "@/lib/http/responses";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The leaders' dashboard as an Excel workbook: GET ?year=&planId=&taskId=&regionCode= (year required). */
export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const year = dashboardFilterSchema.shape.year.safeParse(params.year ?? "");
  if (!params.year || !year.success) return failure(400, "badRequest");
  try {
    const dashboard = await getDashboard(parseDashboardParams(params, year.data));
    const labels: WorkbookLabels = sourceTexts(sourceMessages(await getLocale()), "exports", workbookLabelKeys);
    const bytes = await buildDashboardWorkbook(dashboard, labels, await getLocale());
    await recordExport("dashboard", year.data, params);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": XLSX,
        "Content-Disposition": attachmentDisposition(`${workbookFileName(dashboard, labels)}.xlsx`, `dashboard-${year.data}.xlsx`),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    return refusal(err);
  }
}
