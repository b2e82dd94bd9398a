import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";

/** Plan, key task and region filters as a plain GET form: the URL carries the view. */
export async function DashboardFilters({ year, current, plans, tasks, regions }: {
  year: number;
  current: { planId?: number; taskId?: number; regionCode?: string };
  plans: { id: number; label: string }[];
  tasks: { id: number; label: string }[];
  regions: { code: string; label: string }[];
}) {
  const t = await getTranslations("dashboard");
  const select = "mt-0.5 max-w-56 py-1";
  return (
    <form method="get" action="/dashboard" className="flex flex-wrap items-end gap-2 text-sm" data-testid="dashboard-filters">
      <input type="hidden" name="year" value={year} />
      <label>{t("filterPlan")}
        <Select name="planId" defaultValue={current.planId ?? ""} className={select}>
          <option value="">{t("all")}</option>
          {plans.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </Select>
      </label>
      <label>{t("filterTask")}
        <Select name="taskId" defaultValue={current.taskId ?? ""} className={select}>
          <option value="">{t("all")}</option>
          {tasks.map((x) => <option key={x.id} value={x.id}>{x.label}</option>)}
        </Select>
      </label>
      <label>{t("filterRegion")}
        <Select name="regionCode" defaultValue={current.regionCode ?? ""} className={select}>
          <option value="">{t("all")}</option>
          {regions.map((r) => <option key={r.code} value={r.code}>{r.label}</option>)}
        </Select>
      </label>
      <Button type="submit">{t("apply")}</Button>
    </form>
  );
}
