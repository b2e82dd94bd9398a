import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { DeliverySettingsForm } from "@/components/reminders/delivery-settings-form";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { requirePasswordCurrent } from "@/lib/data/account";
import { getJobsOverview } from "@/lib/data/job-admin";
import { localized } from "@/lib/i18n/localized";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reminders"))("jobsTitle") };
}

/** The job runner for the administrator: each job's schedule, next and last run, failures, the outbox, the channels. */
export default async function AdminJobsPage() {
  await requirePageViewer();
  await requirePasswordCurrent();
  const t = await getTranslations("reminders");
  const format = await getFormatter();
  const locale = await getLocale();
  const o = await orRefuse(getJobsOverview());
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "short" }) : "—");
  // The day and the time each on one line: they wrap between, never inside, in a narrow column.
  const whenCell = (d: Date) => (
    <>
      <span className="whitespace-nowrap">{format.dateTime(d, { dateStyle: "medium" })}</span> <span className="whitespace-nowrap">{format.dateTime(d, { timeStyle: "short" })}</span>
    </>
  );
  const cell = "px-2 py-2 sm:px-3";
  const mode = { "pg-boss": t("runnerPgBoss"), "in-process": t("runnerInProcess"), off: t("runnerOff") }[o.mode];
  return (
    <div className="space-y-6">
      <AdminTabs current="jobs" />
      <div>
        <h1 className="text-2xl font-semibold">{t("jobsTitle")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("runner")}: {mode}</p>
      </div>
      <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
        {/* On a phone: the schedule column gives way (the next run says when), a date keeps to one line. */}
        <table className="min-w-full text-sm" data-testid="jobs-table">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr className="whitespace-nowrap"><th className={cell}>{t("job")}</th><th className={`${cell} hidden sm:table-cell`}>{t("schedule")}</th><th className={cell}>{t("nextRun")}</th><th className={cell}>{t("lastRun")}</th><th className={cell}>{t("outcome")}</th></tr>
          </thead>
          <tbody>
            {o.jobs.map((j) => (
              <tr key={j.name} className="border-t border-slate-100 align-top">
                <td className={cell}>{t(`jobs.${j.name}`)} <span className="block font-mono text-xs text-slate-500 sm:inline">{j.name}</span></td>
                <td className={`${cell} hidden whitespace-nowrap font-mono text-xs sm:table-cell`}>{j.cron} (UTC+8)</td>
                <td className={cell}>{whenCell(j.nextRun)}</td>
                <td className={cell}>{j.lastRun ? <>{whenCell(j.lastRun.startedAt)} <span className="whitespace-nowrap">· {j.lastRun.slot}</span></> : t("never")}</td>
                <td className={cell}>
                  {j.lastRun ? t(`outcomes.${j.lastRun.outcome as "ok"}`) : "—"}
                  {j.lastRun?.summary ? <span className="ml-2 break-all font-mono text-xs text-slate-500">{JSON.stringify(j.lastRun.summary)}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="space-y-2">
        <h2 className="font-semibold">{t("failures")}</h2>
        {o.failures.length === 0 && o.failedDeliveries.length === 0 ? <p className="text-sm text-slate-600">{t("noFailures")}</p> : (
          <ul className="space-y-1 text-sm" data-testid="job-failures">
            {o.failures.map((f, i) => <li key={`j${i}`}>{when(f.startedAt)} · {t(`jobs.${f.job as "due-soon"}`)} ({f.slot}) · <span className="text-red-700">{f.error}</span></li>)}
            {o.failedDeliveries.map((d) => <li key={`d${d.id}`}>{when(d.createdAt)} · {t(`channels.${d.channel as "email"}`)} → <span className="font-mono">{d.recipient}</span> · {d.subject} · <span className="text-red-700">{d.lastError}</span> ({d.attempts})</li>)}
          </ul>
        )}
      </section>
      <p className="text-sm" data-testid="delivery-counts">{t("deliveries")}: {t("pending")} {o.deliveries.pending} · {t("sent")} {o.deliveries.sent} · {t("failed")} {o.deliveries.failed}</p>
      <DeliverySettingsForm settings={o.settings} scopes={o.leagueCities.map((c) => ({ code: c.code, label: localized(locale, c.nameZh, c.nameEn) }))} />
    </div>
  );
}
