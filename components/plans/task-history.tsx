import { getLocale, getTranslations } from "next-intl/server";
import { AuditChanges, auditWords } from "@/components/audit/audit-changes";
import { Table, Td, Th } from "@/components/ui/table";
import type { HistoryEntry } from "@/lib/data/plan-editor";

/** A task's audit trail: who changed what, when, with the values before and after (scrolls in its box on a phone). */
export async function TaskHistory({ entries }: { entries: HistoryEntry[] }) {
  const t = await getTranslations("taskHistory");
  const locale = await getLocale();
  const words = await auditWords();
  const fmt = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "short" });
  if (entries.length === 0) return <p className="text-sm text-slate-500">{t("empty")}</p>;
  return (
    <Table data-testid="task-history" caption={t("title")}>
      <thead>
        <tr>
          <Th>{t("at")}</Th>
          <Th>{t("who")}</Th>
          <Th>{t("what")}</Th>
          <Th>{t("change")}</Th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <Td className="whitespace-nowrap tabular-nums">{fmt.format(new Date(e.at))}</Td>
            <Td className="whitespace-nowrap">{e.actor ?? t("system")}</Td>
            <Td className="whitespace-nowrap">
              {t.has(`actions.${e.action}`) ? t(`actions.${e.action}`) : words.action(e.action)}
              {e.regionCode ? ` · ${e.regionCode}` : ""}
            </Td>
            <Td className="min-w-64 text-xs text-slate-600">
              <AuditChanges before={e.before} after={e.after} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
