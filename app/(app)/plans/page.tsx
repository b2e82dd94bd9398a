import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { TaskTree } from "@/components/plans/task-tree";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { YearTabs } from "@/components/ui/year-tabs";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { listPlanYears, listPlansWithTasks } from "@/lib/data/plans";
import { shanghaiDate } from "@/lib/domain/dates";
import { pickYear } from "@/lib/domain/years";
import { localized } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("plans") };
}

export default async function PlansPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  const viewer = await requirePageViewer();
  const t = await getTranslations("plans");
  const tc = await getTranslations("common");
  const tApp = await getTranslations("app");
  const te = await getTranslations("planEdit");
  const tr = await getTranslations("reportImport");
  const locale = await getLocale();
  const years = await orRefuse(listPlanYears());
  const year = pickYear((await searchParams).year, years, Number(shanghaiDate(new Date()).slice(0, 4)));
  const plans = year === null ? [] : await orRefuse(listPlansWithTasks(year));
  const manage = can(viewer, "plan.write");
  const canOpen = can(viewer, "plan.readDraft");
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("title", { year: year ?? "" })}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          {year !== null && <YearTabs years={years} current={year} basePath="/plans" label={tc("year")} />}
          {manage && <Link href="/plans/new" className={buttonClass("primary")} data-testid="new-plan">{te("newPlan")}</Link>}
          {manage && <Link href="/plans/import-report" className={buttonClass("secondary")}>{tr("link")}</Link>}
        </div>
      </div>
      {plans.length === 0 && <p className="text-slate-600">{t("empty")}</p>}
      {plans.map((p) => (
        <Card key={p.id} aria-labelledby={`plan-${p.id}`}>
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={`plan-${p.id}`} className="text-lg font-semibold">
              {canOpen ? <Link href={`/plans/${p.id}`} className="hover:underline">{localized(locale, p.title, p.titleEn)}</Link> : localized(locale, p.title, p.titleEn)}
            </h2>
            <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{tc(`planStates.${p.state}`)}</span>
            {p.isDemo && <span className="rounded bg-amber-500 px-2 py-0.5 text-xs font-semibold text-white">{tApp("demo")}</span>}
            {canOpen && <Link href={`/plans/${p.id}`} className="ml-auto text-sm text-brand-700 underline">{manage ? te("edit") : te("open")}</Link>}
            {manage && <Link href={`/plans/new?from=${p.id}`} className="text-sm text-brand-700 underline">{te("copyTitle")}</Link>}
          </div>
          <p className="mt-1 text-sm text-slate-500">
            {p.issuingBody}
            {p.meetingDate && ` · ${t("meeting")} ${p.meetingDate}`} · {tc(`cadence.${p.cadence}`)} · {t("tasks", { count: p.leafCount })}
          </p>
          {p.sourceText && <p className="mt-2 line-clamp-3 max-w-4xl text-sm leading-relaxed whitespace-pre-line text-slate-600">{p.sourceText}</p>}
          <div className="mt-3"><TaskTree tasks={p.tasks} /></div>
        </Card>
      ))}
    </div>
  );
}
