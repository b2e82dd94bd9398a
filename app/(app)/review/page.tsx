import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { QueueTable } from "@/components/review/queue-table";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { can } from "@/lib/auth/permissions";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { listPlans } from "@/lib/data/plans";
import { getRegion, listLeagueCities } from "@/lib/data/regions";
import { listReviewQueue } from "@/lib/data/review";
import { localized } from "@/lib/i18n/localized";
import { reviewFilterSchema } from "@/lib/validation/review";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("review") };
}

type SP = { planId?: string; taskId?: string; regionCode?: string; period?: string };

/** Submitted reports awaiting review: staff see every league-city's, a league-city bureau its banner-counties' (the data layer confines it). */
export default async function ReviewPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePageViewer();
  const staff = can(viewer, "report.review");
  const t = await getTranslations("review");
  const format = await getFormatter();
  const locale = await getLocale();
  const sp = await searchParams;
  // Unknown filter values are dropped rather than failing the page.
  const parsed = reviewFilterSchema.safeParse(Object.fromEntries(Object.entries(sp).filter(([, v]) => v)));
  const filter = parsed.success ? parsed.data : {};
  const [queue, plans, regions] = await Promise.all([
    orRefuse(listReviewQueue(filter)),
    orRefuse(listPlans()),
    staff ? orRefuse(listLeagueCities()) : Promise.all(viewer.subRegionCodes.map((code) => orRefuse(getRegion(code)))),
  ]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-500">{t(staff ? "subtitle" : "subtitleBelow", { count: queue.length })}</p>
        </div>
        {staff && <Link href="/review/missing" className="text-sm text-brand-700 underline">{t("missingLink")}</Link>}
      </div>
      {/* A select is as wide as its longest option (a plan's full title): on a phone it keeps within the screen. */}
      <form method="get" className="flex flex-wrap items-start gap-3">
        <Field label={t("plan")} className="min-w-0 max-w-full">
          {(control) => (
            <Select name="planId" defaultValue={filter.planId ?? ""} {...control}>
              <option value="">{t("all")}</option>
              {plans.filter((p) => p.state !== "draft").map((p) => <option key={p.id} value={p.id}>{p.year} · {localized(locale, p.title, p.titleEn)}</option>)}
            </Select>
          )}
        </Field>
        <Field label={t("region")} className="min-w-0 max-w-full">
          {(control) => (
            <Select name="regionCode" defaultValue={filter.regionCode ?? ""} {...control}>
              <option value="">{t("all")}</option>
              {regions.map((c) => <option key={c.code} value={c.code}>{localized(locale, c.nameZh, c.nameEn)}</option>)}
            </Select>
          )}
        </Field>
        <Field label={t("period")} className="w-28">
          {(control) => <Input name="period" defaultValue={filter.period ?? ""} placeholder="2026-10" {...control} />}
        </Field>
        {filter.taskId && <input type="hidden" name="taskId" value={filter.taskId} />}
        <Button type="submit" className="mt-6">{t("filter")}</Button>
      </form>
      {queue.length === 0 ? <p className="text-slate-600">{t("empty")}</p> : (
        <QueueTable rows={queue.map((q) => ({
          reportId: q.reportId,
          version: q.version,
          period: q.period,
          progress: q.progress,
          status: q.status,
          submittedAt: q.submittedAt ? format.dateTime(q.submittedAt, { dateStyle: "short", timeStyle: "short" }) : "",
          region: localized(locale, q.regionName, q.regionNameEn),
          task: `${q.taskNumber} ${q.taskTitle}`,
        }))} />
      )}
    </div>
  );
}
