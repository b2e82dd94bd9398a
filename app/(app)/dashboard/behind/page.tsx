import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BehindTable, filterQuery } from "@/components/dashboard/behind-table";
import { buttonClass } from "@/components/ui/button";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { listBehind } from "@/lib/data/dashboard";
import { shanghaiDate } from "@/lib/domain/dates";
import { parseDashboardParams } from "@/lib/validation/dashboard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard"))("behindTitle", { year: "" }) };
}

type SP = Record<string, string | string[] | undefined>;

/** Every measure overdue or behind (the dashboard lists the worst few), 50 to a page, with the dashboard's filters. */
export default async function BehindPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requirePageViewer();
  const t = await getTranslations("dashboard");
  const sp = await searchParams;
  const filter = parseDashboardParams(sp, Number(shanghaiDate(new Date()).slice(0, 4)));
  const page = typeof sp.page === "string" && /^\d{1,5}$/.test(sp.page) ? Number(sp.page) : 1;
  const r = await orRefuse(listBehind({ ...filter, page }));
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  const query = filterQuery(r.filter);
  const pageHref = (p: number) => `/dashboard/behind?${query}${p > 1 ? `&page=${p}` : ""}`;
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <Link href={`/dashboard?${query}`} className="text-sm text-brand-700 hover:underline" data-testid="back-to-dashboard">← {t("backToDashboard")}</Link>
        <h1 className="text-2xl font-semibold">{t("behindTitle", { year: r.filter.year })}</h1>
        <p className="text-sm text-slate-500">{t("behindSubtitle", { count: r.total })} {t("asOf", { date: r.asOf })}</p>
      </div>
      {r.items.length === 0 ? (
        <p className="text-slate-600">{t("nothingBehind")}</p>
      ) : (
        <BehindTable items={r.items} year={r.filter.year} />
      )}
      {pages > 1 && (
        <nav aria-label={t("pageOf", { page: r.page, pages })} className="flex items-center gap-3 text-sm" data-testid="behind-pager">
          {r.page > 1 ? <Link href={pageHref(r.page - 1)} className={buttonClass()} rel="prev">{t("previousPage")}</Link> : <span className="px-3 py-1.5 text-slate-400">{t("previousPage")}</span>}
          <span className="tabular-nums text-slate-600">{t("pageOf", { page: r.page, pages })}</span>
          {r.page < pages ? <Link href={pageHref(r.page + 1)} className={buttonClass()} rel="next" data-testid="behind-next">{t("nextPage")}</Link> : <span className="px-3 py-1.5 text-slate-400">{t("nextPage")}</span>}
        </nav>
      )}
    </div>
  );
}
