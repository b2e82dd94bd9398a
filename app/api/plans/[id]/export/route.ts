import { exportPlanWorkbook } from "@/lib/data/plan-excel";
import { recordIdSchema } from "@/lib/validation/plan";
import { jsonError, refusal, xlsx } from "../../excel-response";

type Ctx = { params: Promise<{ id: string }> };

/** A plan in the import format (staff and admin). */
export async function GET(_request: Request, { params }: Ctx) {
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) return jsonError(404, "notFound");
  try {
    const { fileName, bytes } = await exportPlanWorkbook(id.data);
    return xlsx(bytes, fileName);
  } catch (err) {
    return refusal(err);
  }
}
