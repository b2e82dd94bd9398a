import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Table, Td, Th, tableCells } from "@/components/ui/table";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getReportHistory } from "@/lib/data/reports";
import { contentChanges, contentHistory, diffVersions } from "@/lib/domain/diff";
import { localized } from "@/lib/i18n/localized";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ a?: string; b?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("history"))("title") };
}

/** Every version of a report, and what changed between two of them. */
export default async function ReportHistoryPage({ params, searchParams }: Props) {
  await requirePageViewer();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const t = await getTranslations("history");
  const tr = await getTranslations("report");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const locale = await getLocale();
  const { report, context, indicators, versions } = await orRefuse(getReportHistory(id));
  const sp = await searchParams;
  // Versions as people count them: one per change of content, the submissions and decisions under it.
  const history = contentHistory(versions);
  const chosen = sp.a !== undefined || sp.b !== undefined;
  // Opened plainly, the page shows the last change of content (not a bare state change).
  const lastEntry = history.at(-1);
  const b = chosen ? (versions.find((v) => v.version === Number(sp.b)) ?? versions.at(-1)) : lastEntry?.content;
  const a = chosen ? (versions.find((v) => v.version === Number(sp.a)) ?? versions.find((v) => b && v.version === b.version - 1) ?? b) : (history.at(-2)?.content ?? b);
  const changes = a && b ? (chosen ? diffVersions(a, b) : contentChanges(a, b)) : [];
  const numberOf = (version: number) => history.find((h) => h.content.version === version)?.number;
  const fieldLabel = (f: string) => {
    if (f.startsWith("indicator:")) {
      const ind = indicators.find((i) => i.id === Number(f.slice(10)));
      return ind ? `${ind.name} (${ind.unit})` : f;
    }
    return tr(f === "state" ? "stateLabel" : f === "reviewComment" ? "reviewComment" : f);
  };
  const valueLabel = (f: string, v: string) => (f === "state" && v ? tc(`reportStates.${v}`) : f === "status" && v ? tr(`statuses.${v}`) : v || "—");

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">{context.taskNumber} {context.taskTitle}</h1>
        <p className="mt-1 text-sm text-slate-500">
          {localized(locale, context.regionName, context.regionNameEn)} · {report.period} · {tc(`reportStates.${report.state}`)} · {t("contentVersion", { n: history.length })} · {context.planTitle}
        </p>
      </div>
      <section aria-labelledby="report-versions">
        <h2 id="report-versions" className="mb-2 font-semibold">{t("versions")}</h2>
        <Table>
          <thead>
            <tr><Th>{t("version")}</Th><Th>{tr("progress")}</Th><Th>{t("at")}</Th><Th>{t("events")}</Th><Th>{t("compare")}</Th></tr>
          </thead>
          <tbody>
            {history.map((h, i) => (
              <tr key={h.content.version} data-version={h.content.version}>
                <Td className="whitespace-nowrap">{t("contentVersion", { n: h.number })}</Td>
                <Td className="tabular-nums">{h.content.progress}%</Td>
                <Td className="tabular-nums whitespace-nowrap">{format.dateTime(h.content.createdAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                <Td>
                  <ul className="space-y-0.5">
                    {h.events.filter((e) => e.action !== "save").map((e) => (
                      <li key={e.version} className="whitespace-pre-wrap break-words">
                        <span className="text-xs text-slate-500 tabular-nums">{format.dateTime(e.createdAt, { dateStyle: "short", timeStyle: "short" })}</span>{" "}
                        {t(`actions.${e.action}`)}
                        {/* A decision's opinion, beside the decision. */}
                        {(e.action === "approve" || e.action === "return") && e.reviewComment ? `：“${e.reviewComment}”` : ""}
                      </li>
                    ))}
                  </ul>
                </Td>
                <Td className="whitespace-nowrap">
                  {i > 0 && <Link className="text-brand-700 underline" href={`/reports/${id}?a=${history[i - 1]!.content.version}&b=${h.content.version}`}>{t("vsPrevious")}</Link>}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
      {a && b && (
        <Card data-testid="diff">
          <h2 className="mb-2 font-semibold">{chosen ? t("changes", { a: numberOf(a.version) ?? a.version, b: numberOf(b.version) ?? b.version }) : history.length > 1 ? `${t("lastChange")} · ${t("changes", { a: numberOf(a.version) ?? 1, b: numberOf(b.version) ?? 1 })}` : t("lastChange")}</h2>
          {changes.length === 0 ? <p className="text-sm text-slate-500">{t("noChanges")}</p> : (
            <table className={cx("w-full text-sm", tableCells)}>
              <thead className="text-left text-xs text-slate-500"><tr><th className="py-1">{t("field")}</th><th>{t("before")}</th><th>{t("after")}</th></tr></thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.field} className="border-t border-slate-100 align-top">
                    <td className="py-1 pr-3">{fieldLabel(c.field)}</td>
                    <td className="whitespace-pre-wrap pr-3 text-red-700 line-through decoration-red-300">{valueLabel(c.field, c.before)}</td>
                    <td className="whitespace-pre-wrap text-emerald-800">{valueLabel(c.field, c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
    </div>
  );
}
