import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { LightBadge } from "@/components/ui/light";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Table, Td, Th } from "@/components/ui/table";
import type { RegionAssignment } from "@/lib/data/assignments";
import { localized } from "@/lib/i18n/localized";

/** A region's assignments: measure, due date, latest approved progress, light, latest report. */
export async function AssignmentTable({ rows }: { rows: RegionAssignment[] }) {
  const t = await getTranslations("common");
  const tm = await getTranslations("myRegion");
  const locale = await getLocale();
  return (
    <Table className="min-w-[46rem]" data-testid="assignment-table">
      <thead className="text-xs">
        <tr>
          <Th>{t("task")}</Th>
          <Th>{t("leadOffice")}</Th>
          <Th>{t("dueDate")}</Th>
          <Th>{t("progress")}</Th>
          <Th>{t("light")}</Th>
          <Th>{tm("lastReport")}</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.assignmentId}>
            {/* a minimum width: on a phone the table scrolls in its box rather than squeezing names to a character a line */}
            <Td className="min-w-[14rem]">
              <div className="font-medium">
                <span className="mr-2 text-slate-400 tabular-nums">{r.taskNumber}</span>
                <Link href={`/report-card?assignment=${r.assignmentId}`} className="text-brand-700 hover:underline" data-testid="assignment-card">{localized(locale, r.taskTitle, r.taskTitleEn)}</Link>
              </div>
              {r.parentTitle && <div className="mt-0.5 text-xs text-slate-500">{r.parentTitle}</div>}
            </Td>
            <Td className="whitespace-nowrap text-slate-600">{r.leadOffice}</Td>
            <Td className="whitespace-nowrap tabular-nums">{r.dueDate}</Td>
            <Td><ProgressBar value={r.progress} label={t("progress")} /></Td>
            <Td className="whitespace-nowrap">
              <LightBadge light={r.light} label={r.completed ? t("completed") : t(`lights.${r.light}`)} />
            </Td>
            <Td className="whitespace-nowrap text-slate-600">
              {r.lastPeriod ? `${r.lastPeriod} · ${t(`reportStates.${r.lastState ?? "none"}`)}` : t("reportStates.none")}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
