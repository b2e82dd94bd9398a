import { getLocale, getTranslations } from "next-intl/server";
import { AuditChanges, auditWords } from "@/components/audit/audit-changes";
import type { HistoryEntry } from "@/lib/data/plan-editor";

/** A task's audit trail: who changed what, when, with the values before and after. */
export async function TaskHistory({ entries }: { entries: HistoryEntry[] }) {
  const t = await getTranslations("taskHistory");
  const locale = await getLocale();
  const words = await auditWords();
  const fmt = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "short" });
  if (entries.length === 0) return <p className="text-sm text-slate-500">{t("empty")}</p>;
  return (
    <table className="w-full text-sm" data-testid="task-history">
      <caption className="sr-only">{t("title")}</caption>
      <thead className="text-left text-xs text-slate-500">
        <tr><th className="py-1 font-normal">{t("at")}</th><th className="font-normal">{t("who")}</th><th className="font-normal">{t("what")}</th><th className="font-normal">{t("change")}</th></tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} className="border-t border-slate-100 align-top">
            <td className="whitespace-nowrap py-1 pr-3 tabular-nums">{fmt.format(new Date(e.at))}</td>
            <td className="whitespace-nowrap pr-3">{e.actor ?? t("system")}</td>
            <td className="whitespace-nowrap pr-3">{t.has(`actions.${e.action}`) ? t(`actions.${e.action}`) : words.action(e.action)}{e.regionCode ? ` · ${e.regionCode}` : ""}</td>
            <td className="text-xs text-slate-600"><AuditChanges before={e.before} after={e.after} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
