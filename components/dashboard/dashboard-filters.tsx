import { getTranslations } from "next-intl/server";

/** Plan, key task and region filters as a plain GET form: the URL carries the view. */
export async function DashboardFilters({ year, current, plans, tasks, regions }: {
  year: number;
  current: { planId?: number; taskId?: number; regionCode?: string };
  plans: { id: number; label: string }[];
  tasks: { id: number; label: string }[];
  regions: { code: string; label: string }[];
}) {
  const t = await getTranslations("dashboard");
  const select = "mt-0.5 block max-w-56 rounded-md border border-slate-300 px-2 py-1 text-sm";
  return (
    <form method="get" action="/dashboard" className="flex flex-wrap items-end gap-2 text-sm" data-testid="dashboard-filters">
      <input type="hidden" name="year" value={year} />
      <label>{t("filterPlan")}
        <select name="planId" defaultValue={current.planId ?? ""} className={select}>
          <option value="">{t("all")}</option>
          {plans.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </label>
      <label>{t("filterTask")}
        <select name="taskId" defaultValue={current.taskId ?? ""} className={select}>
          <option value="">{t("all")}</option>
          {tasks.map((x) => <option key={x.id} value={x.id}>{x.label}</option>)}
        </select>
      </label>
      <label>{t("filterRegion")}
        <select name="regionCode" defaultValue={current.regionCode ?? ""} className={select}>
          <option value="">{t("all")}</option>
          {regions.map((r) => <option key={r.code} value={r.code}>{r.label}</option>)}
        </select>
      </label>
      <button type="submit" className="rounded-md px-3 py-1 ring-1 ring-slate-300 hover:bg-slate-50">{t("apply")}</button>
    </form>
  );
}
