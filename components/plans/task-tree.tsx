import { getLocale, getTranslations } from "next-intl/server";
import type { TaskNode } from "@/lib/data/plans";
import { localized } from "@/lib/i18n/localized";

/** A plan's task tree: tasks open onto their measures and indicators. */
export async function TaskTree({ tasks }: { tasks: TaskNode[] }) {
  const locale = await getLocale();
  const t = await getTranslations("plans");
  const tc = await getTranslations("common");
  const fmt = (v: number | null, unit: string) => (v === null ? "—" : `${v}${unit === "%" ? "%" : ` ${unit}`}`);

  const Node = ({ node, depth }: { node: TaskNode; depth: number }) => (
    <li className={depth === 0 ? "border-t border-slate-100 py-2" : "py-1"}>
      <div className="flex flex-wrap items-baseline gap-x-3">
        <span className="w-8 shrink-0 text-slate-400 tabular-nums">{node.number}</span>
        <span className={depth === 0 ? "font-medium" : ""}>{localized(locale, node.title, node.titleEn)}</span>
        <span className="text-xs text-slate-500">
          {node.leadOffice} · {tc("dueDate")} {node.dueDate}
        </span>
      </div>
      {node.indicators.length > 0 && (
        // Scrolls in its own box on a phone rather than squeezing the direction to a character a line.
        <div className="mt-1 ml-11 overflow-x-auto">
        <table className="text-xs text-slate-600">
          <caption className="sr-only">{t("indicators")}</caption>
          <tbody>
            {node.indicators.map((i) => (
              <tr key={i.id}>
                <td className="min-w-[10rem] pr-3">{localized(locale, i.name, i.nameEn)}</td>
                <td className="pr-3 whitespace-nowrap">{t("baseline")} {fmt(i.baseline, i.unit)}</td>
                <td className="pr-3 whitespace-nowrap">{t("target")} {fmt(i.target, i.unit)}</td>
                <td className="whitespace-nowrap text-slate-400">{t(i.direction)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {node.children.length > 0 && (
        <ul className="ml-11">
          {node.children.map((c) => <Node key={c.id} node={c} depth={depth + 1} />)}
        </ul>
      )}
    </li>
  );

  return (
    <ul>
      {tasks.map((n) => <Node key={n.id} node={n} depth={0} />)}
    </ul>
  );
}
