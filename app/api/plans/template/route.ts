import { planTemplateWorkbook } from "@/lib/data/plan-excel";
import { refusal, xlsx } from "../excel-response";

/** The empty task breakdown sheet (staff and admin). */
export async function GET() {
  try {
    return xlsx(await planTemplateWorkbook(), "任务分解模板.xlsx");
  } catch (err) {
    return refusal(err);
  }
}
