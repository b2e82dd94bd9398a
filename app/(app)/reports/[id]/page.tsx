import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getReportHistory } from "@/lib/data/reports";
import { diffVersions } from "@/lib/domain/diff";
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
  const last = versions.at(-1);
  const b = versions.find((v) => v.version === Number(sp.b)) ?? last;
  const a = versions.find((v) => v.version === Number(sp.a)) ?? versions.find((v) => b && v.version === b.version - 1) ?? b;
  const changes = a && b ? diffVersions(a, b) : [];
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
          {localized(locale, context.regionName, context.regionNameEn)} · {report.period} · {tc(`reportStates.${report.state}`)} · v{report.version} · {context.planTitle}
        </p>
      </div>
      <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 className="mb-2 font-semibold">{t("versions")}</h2>
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr><th className="py-1">v</th><th>{t("action")}</th><th>{tr("stateLabel")}</th><th>{tr("progress")}</th><th>{t("at")}</th><th>{tr("reviewComment")}</th><th>{t("compare")}</th></tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} className="border-t border-slate-100">
                <td className="py-1 tabular-nums">{v.version}</td>
                <td>{t(`actions.${v.action}`)}</td>
                <td>{tc(`reportStates.${v.state}`)}</td>
                <td className="tabular-nums">{v.progress}%</td>
                <td className="tabular-nums">{format.dateTime(v.createdAt, { dateStyle: "short", timeStyle: "short" })}</td>
                {/* A decision's opinion, on the version the decision made. */}
                <td className="max-w-xs whitespace-pre-wrap break-words">{v.action === "approve" || v.action === "return" ? (v.reviewComment ?? "") : ""}</td>
                <td>
                  {v.version > 1 && <Link className="text-brand-700 underline" href={`/reports/${id}?a=${v.version - 1}&b=${v.version}`}>{t("vsPrevious")}</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {a && b && (
        <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200" data-testid="diff">
          <h2 className="mb-2 font-semibold">{t("changes", { a: a.version, b: b.version })}</h2>
          {changes.length === 0 ? <p className="text-sm text-slate-500">{t("noChanges")}</p> : (
            <table className="w-full text-sm">
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
        </section>
      )}
    </div>
  );
}
