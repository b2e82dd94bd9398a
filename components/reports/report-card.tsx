import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { StateBadge } from "@/components/reports/state-badge";
import { buttonClass } from "@/components/ui/button";
import { Card as Box } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { ReportCard as Card } from "@/lib/data/report-card";
import { localized } from "@/lib/i18n/localized";

const PREVIEWABLE_IMAGE = /^image\/(png|jpeg|gif|webp)$/;

/** One assignment's report, read-only: progress, the three texts, indicators against target, evidence in the page, the review history. */
export async function ReportCardView({ card, headingLevel = 1, periodHref }: { card: Card; headingLevel?: 1 | 2; periodHref?: (reportId: number) => string }) {
  const t = await getTranslations("card");
  const tr = await getTranslations("report");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const locale = await getLocale();
  const { assignment: a, report: r } = card;
  const H = headingLevel === 1 ? "h1" : "h2";
  return (
    <article className="space-y-3" data-testid="report-card" aria-labelledby={`card-${a.id}`}>
      <header>
        <p className="text-sm text-slate-500">{a.planYear} · {a.planTitle}{a.parentTitle ? ` · ${a.parentTitle}` : ""}</p>
        <H id={`card-${a.id}`} className={`${headingLevel === 1 ? "text-2xl" : "text-lg"} font-semibold`}>
          <span className="mr-2 text-slate-400 tabular-nums">{a.taskNumber}</span>{a.taskTitle}
        </H>
        <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600">
          <Link href={`/regions/${a.regionCode}?year=${a.planYear}`} className="text-brand-700 hover:underline">{localized(locale, a.regionName, a.regionNameEn)}</Link>
          <span>· {tc("leadOffice")} {a.leadOffice}</span>
          <span className="tabular-nums">· {a.startDate} → {a.dueDate}</span>
          {a.contactName && <span>· {t("contact")} {a.contactName}</span>}
        </p>
      </header>

      {!r ? (
        <Box as="div" className="text-sm text-slate-600" data-testid="no-report">{t("noReport")}</Box>
      ) : (
        <>
          <Box>
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <span className="text-sm text-slate-500">{t("period", { period: r.period })}</span>
              <StateBadge state={r.state} label={tc(`reportStates.${r.state}`)} />
              <ProgressBar value={r.progress} label={tc("progress")} />
              <span className="text-sm">{tr(`statuses.${r.status}`)}</span>
              {r.submittedAt && <span className="text-xs text-slate-500 tabular-nums">{t("submittedAt", { at: format.dateTime(r.submittedAt, { dateStyle: "short", timeStyle: "short" }) })}</span>}
            </div>
            {card.periods.length > 1 && periodHref && (
              <nav aria-label={t("periods")} className="mt-2 flex flex-wrap gap-1 text-xs">
                {card.periods.map((p) => (
                  <Link key={p.reportId} href={periodHref(p.reportId)} aria-current={p.reportId === r.id ? "page" : undefined}
                    className="rounded px-1.5 py-0.5 ring-1 ring-slate-200 tabular-nums hover:bg-slate-50 aria-[current=page]:bg-brand-50 aria-[current=page]:font-medium aria-[current=page]:text-brand-800">
                    {p.period} · {p.progress}%
                  </Link>
                ))}
              </nav>
            )}
            <dl className="mt-3 grid gap-3 text-sm md:grid-cols-3">
              {(["workDone", "problems", "nextSteps"] as const).map((k) => (
                <div key={k}>
                  <dt className="text-xs font-medium text-slate-500">{tr(k)}</dt>
                  <dd className="mt-0.5 whitespace-pre-wrap break-words" data-field={k}>{r[k] || "—"}</dd>
                </div>
              ))}
              {r.dropReason && (
                <div className="md:col-span-3">
                  <dt className="text-xs font-medium text-amber-800">{tr("dropReason")}</dt>
                  <dd className="mt-0.5 whitespace-pre-wrap break-words">{r.dropReason}</dd>
                </div>
              )}
            </dl>
          </Box>

          {card.indicators.length > 0 && (
            <Box>
              <h3 className="mb-2 font-semibold">{tr("indicators")}</h3>
              <div className="overflow-x-auto">
                <table className="w-full min-w-[28rem] text-sm" data-testid="card-indicators">
                  <thead className="text-left text-xs text-slate-500">
                    <tr><th className="py-1 pr-2 font-normal">{tr("indicator")}</th><th className="pr-2 font-normal">{tr("baseline")}</th><th className="pr-2 font-normal">{t("regionTarget")}</th><th className="pr-2 font-normal">{tr("actual")}</th><th className="font-normal">{t("againstTarget")}</th></tr>
                  </thead>
                  <tbody>
                    {card.indicators.map((i) => (
                      <tr key={i.id} className="border-t border-slate-100">
                        <td className="py-1 pr-2">{i.name} <span className="text-xs text-slate-400">({i.unit}, {tr(i.direction)})</span></td>
                        <td className="pr-2 tabular-nums">{i.baseline ?? "—"}</td>
                        <td className="pr-2 tabular-nums">{i.target ?? "—"}</td>
                        <td className="pr-2 font-medium tabular-nums">{i.value ?? "—"}</td>
                        <td className={i.met === null ? "text-slate-400" : i.met ? "text-emerald-700" : "text-red-700"}>{i.met === null ? "—" : i.met ? `✓ ${t("met")}` : `✗ ${t("notMet")}`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Box>
          )}

          <Box data-testid="card-evidence">
            <h3 className="mb-2 font-semibold">{t("evidence")}</h3>
            {card.files.length === 0 ? <p className="text-sm text-slate-500">{t("noEvidence")}</p> : (
              <ul className="grid gap-3 md:grid-cols-2">
                {card.files.map((f) => {
                  const src = `/api/attachments/${f.id}?inline=1`;
                  return (
                    <li key={f.id} className="min-w-0 space-y-1">
                      {PREVIEWABLE_IMAGE.test(f.contentType) ? (
                        // eslint-disable-next-line @next/next/no-img-element -- an evidence photo from our own attachment route, shown as uploaded
                        <img src={src} alt={f.fileName} loading="lazy" className="max-h-80 w-full rounded-md bg-slate-50 object-contain ring-1 ring-slate-200" data-testid="evidence-image" />
                      ) : f.contentType === "application/pdf" ? (
                        <iframe src={src} title={f.fileName} loading="lazy" className="h-96 w-full rounded-md ring-1 ring-slate-200" data-testid="evidence-pdf" />
                      ) : null}
                      <a href={`/api/attachments/${f.id}`} download className="block truncate text-sm text-brand-700 hover:underline" title={t("download", { name: f.fileName })}>{f.fileName}</a>
                    </li>
                  );
                })}
              </ul>
            )}
          </Box>

          <Box>
            <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-semibold">{t("history")}</h3>
              <Link href={`/reports/${r.id}`} className="text-sm text-brand-700 hover:underline">{t("versions")}</Link>
            </div>
            {card.history.length === 0 ? <p className="text-sm text-slate-500">{t("noHistory")}</p> : (
              <ol className="space-y-1.5 text-sm" data-testid="card-history">
                {card.history.map((h, i) => (
                  <li key={i} className="flex flex-wrap gap-x-2">
                    <span className="text-xs text-slate-500 tabular-nums">{format.dateTime(h.at, { dateStyle: "short", timeStyle: "short" })}</span>
                    <span className={h.action === "return" ? "font-medium text-red-700" : h.action === "approve" ? "font-medium text-emerald-700" : "font-medium"}>{t(`actions.${h.action}`)}</span>
                    {h.actorName && <span className="text-slate-500">{h.actorName}</span>}
                    <span className="text-slate-500 tabular-nums">{h.progress}%</span>
                    {h.comment && <span className="w-full whitespace-pre-wrap break-words pl-2 text-slate-700 sm:w-auto">“{h.comment}”</span>}
                  </li>
                ))}
              </ol>
            )}
          </Box>

          {card.canDecide && (
            <p><Link href={`/review/${r.id}`} className={buttonClass("primary")} data-testid="go-review">{t("goReview")}</Link></p>
          )}
        </>
      )}
    </article>
  );
}
