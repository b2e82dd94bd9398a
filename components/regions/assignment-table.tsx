import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { LightBadge } from "@/components/ui/light";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { RegionAssignment } from "@/lib/data/assignments";
import { localized } from "@/lib/i18n/localized";

/** A region's assignments: measure, due date, latest approved progress, light, latest report. */
export async function AssignmentTable({ rows }: { rows: RegionAssignment[] }) {
  const t = await getTranslations("common");
  const tm = await getTranslations("myRegion");
  const locale = await getLocale();
  return (
    <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
      <table className="w-full min-w-[46rem] text-sm" data-testid="assignment-table">
        <thead className="bg-slate-50 text-left text-xs text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">{t("task")}</th>
            <th scope="col" className="px-3 py-2">{t("leadOffice")}</th>
            <th scope="col" className="px-3 py-2">{t("dueDate")}</th>
            <th scope="col" className="px-3 py-2">{t("progress")}</th>
            <th scope="col" className="px-3 py-2">{t("light")}</th>
            <th scope="col" className="px-3 py-2">{tm("lastReport")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.assignmentId} className="border-t border-slate-100 align-top">
              {/* a minimum width: on a phone the table scrolls in its box rather than squeezing names to a character a line */}
              <td className="min-w-[14rem] px-3 py-2">
                <div className="font-medium">
                  <span className="mr-2 text-slate-400 tabular-nums">{r.taskNumber}</span>
                  <Link href={`/report-card?assignment=${r.assignmentId}`} className="text-brand-700 hover:underline" data-testid="assignment-card">{localized(locale, r.taskTitle, r.taskTitleEn)}</Link>
                </div>
                {r.parentTitle && <div className="mt-0.5 text-xs text-slate-500">{r.parentTitle}</div>}
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600">{r.leadOffice}</td>
              <td className="px-3 py-2 whitespace-nowrap tabular-nums">{r.dueDate}</td>
              <td className="px-3 py-2"><ProgressBar value={r.progress} label={t("progress")} /></td>
              <td className="px-3 py-2 whitespace-nowrap">
                <LightBadge light={r.light} label={r.completed ? t("completed") : t(`lights.${r.light}`)} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600">
                {r.lastPeriod ? `${r.lastPeriod} · ${t(`reportStates.${r.lastState ?? "none"}`)}` : t("reportStates.none")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
