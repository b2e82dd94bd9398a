import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { ScopeBreadcrumb } from "@/components/dashboard/scope-breadcrumb";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getDashboard } from "@/lib/data/dashboard";
import { listLeagueCities } from "@/lib/data/regions";
import { shanghaiDate } from "@/lib/domain/dates";
import { parseDashboardParams } from "@/lib/validation/dashboard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard"))("print") };
}

/** The dashboard for meetings: A4 landscape, charts included, no navigation. */
export default async function PrintDashboard({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageViewer();
  const t = await getTranslations("dashboard");
  const tApp = await getTranslations("app");
  const filter = parseDashboardParams(await searchParams, Number(shanghaiDate(new Date()).slice(0, 4)));
  const [d, cities] = await Promise.all([orRefuse(getDashboard(filter)), orRefuse(listLeagueCities())]);
  const parent = d.scope?.parentCode ? (cities.find((c) => c.code === d.scope!.parentCode) ?? null) : null;
  return (
    <main className="print-a4 mx-auto max-w-[277mm] bg-white p-6 text-slate-900" data-testid="print-view">
      <style>{"@page { size: A4 landscape; margin: 10mm; } @media print { body { background: white; } .print-a4 { padding: 0; } }"}</style>
      <header className="mb-4 flex items-end justify-between border-b border-slate-300 pb-2">
        <div>
          <p className="text-xs text-slate-500">{tApp("org")}</p>
          <h1 className="text-xl font-semibold">{t("title", { year: d.filter.year })}</h1>
          <ScopeBreadcrumb d={d} parent={parent} print />
        </div>
        <p className="text-xs text-slate-500">{t("asOf", { date: d.asOf })}</p>
      </header>
      <DashboardView d={d} print />
    </main>
  );
}
