import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { cx } from "@/components/ui/cx";
import { LightBadge } from "@/components/ui/light";
import { Table, Td, Th } from "@/components/ui/table";
import type { BehindRow, Dashboard } from "@/lib/data/dashboard";
import { localized } from "@/lib/i18n/localized";

/**
 * The assignments behind, worst first: on the dashboard, its print page and the "查看全部" page.
 * In a module of its own so that the list's page does not load the dashboard's chart loaders.
 */

export const printDense = "[&_td]:px-1.5 [&_td]:py-0 [&_th]:px-1.5 [&_th]:py-0.5";

/** The query string of the dashboard's filters (for the "see all" pages). */
export function filterQuery(filter: Dashboard["filter"]): string {
  return new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
}

export async function BehindTable({ items, year, print = false }: { items: BehindRow[]; year: number; print?: boolean }) {
  const t = await getTranslations("dashboard");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  return (
    <Table className={cx(print ? printDense : "min-w-[40rem] [&_td]:py-1.5")} data-testid="behind-table">
      <thead className="text-xs">
        <tr><Th>{tc("light")}</Th><Th>{tc("region")}</Th><Th>{tc("task")}</Th><Th>{tc("dueDate")}</Th><Th className="text-right">{tc("progress")}</Th><Th className="text-right">{t("expected")}</Th><Th className="text-right">{t("pointsBehind")}</Th></tr>
      </thead>
      <tbody>
        {items.map((b) => (
          <tr key={b.assignmentId}>
            <Td className="whitespace-nowrap"><LightBadge light={b.light} label={b.overdue ? t("overdue") : tc(`lights.${b.light}`)} /></Td>
            <Td className="whitespace-nowrap"><Link href={`/regions/${b.regionCode}?year=${year}`} className="text-brand-700 hover:underline">{localized(locale, b.regionName, b.regionNameEn)}</Link></Td>
            <Td className={print ? "max-w-[28rem] truncate" : undefined}>{print ? `${b.taskNumber} ${b.taskTitle}` : <Link href={`/report-card?assignment=${b.assignmentId}`} className="text-brand-700 hover:underline" data-testid="behind-card">{b.taskNumber} {b.taskTitle}</Link>}</Td>
            <Td className="whitespace-nowrap tabular-nums">{b.dueDate}</Td>
            <Td className="text-right tabular-nums">{b.progress ?? "—"}{b.progress !== null && "%"}</Td>
            <Td className="text-right tabular-nums">{b.expected}%</Td>
            <Td className="text-right tabular-nums text-red-700">{b.behind}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
