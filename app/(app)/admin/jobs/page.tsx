import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { DeliverySettingsForm } from "@/components/reminders/delivery-settings-form";
import { Table, Td, Th } from "@/components/ui/table";
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
  const mode = { "pg-boss": t("runnerPgBoss"), "in-process": t("runnerInProcess"), off: t("runnerOff") }[o.mode];
  return (
    <div className="space-y-6">
      <AdminTabs current="jobs" />
      <div>
        <h1 className="text-2xl font-semibold">{t("jobsTitle")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("runner")}: {mode}</p>
      </div>
      {/* On a phone: the schedule column gives way (the next run says when), a date keeps to one line. */}
      <Table data-testid="jobs-table">
        <thead>
          <tr>
            <Th>{t("job")}</Th>
            <Th className="hidden sm:table-cell">{t("schedule")}</Th>
            <Th>{t("nextRun")}</Th>
            <Th>{t("lastRun")}</Th>
            <Th>{t("outcome")}</Th>
          </tr>
        </thead>
        <tbody>
          {o.jobs.map((j) => (
            <tr key={j.name}>
              <Td>
                {t(`jobs.${j.name}`)} <span className="block font-mono text-xs text-slate-500 sm:inline">{j.name}</span>
              </Td>
              <Td className="hidden whitespace-nowrap font-mono text-xs sm:table-cell">{j.cron} (UTC+8)</Td>
              <Td>{whenCell(j.nextRun)}</Td>
              <Td>
                {j.lastRun ? (
                  <>
                    {whenCell(j.lastRun.startedAt)} <span className="whitespace-nowrap">· {j.lastRun.slot}</span>
                  </>
                ) : (
                  t("never")
                )}
              </Td>
              <Td>
                {j.lastRun ? t(`outcomes.${j.lastRun.outcome as "ok"}`) : "—"}
                {j.lastRun?.summary ? <span className="ml-2 break-all font-mono text-xs text-slate-500">{JSON.stringify(j.lastRun.summary)}</span> : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
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
