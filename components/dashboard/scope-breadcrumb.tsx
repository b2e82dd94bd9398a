import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Dashboard } from "@/lib/data/dashboard";
import { localized } from "@/lib/i18n/localized";

type Named = { code: string; nameZh: string; nameEn: string };

/** The dashboard's URL for a region scope (none: the whole province), keeping the plan and task filters. */
export function dashboardHref(filter: Dashboard["filter"], regionCode?: string): string {
  const q = new URLSearchParams({ year: String(filter.year) });
  if (filter.planId) q.set("planId", String(filter.planId));
  if (filter.taskId) q.set("taskId", String(filter.taskId));
  if (regionCode) q.set("regionCode", regionCode);
  return `/dashboard?${q}`;
}

/** 全区 › 盟市 › 旗县区: the way back up from a drilled-down view; plain text in print. */
export async function ScopeBreadcrumb({ d, parent, print = false }: { d: Dashboard; parent: Named | null; print?: boolean }) {
  if (!d.scope || d.scope.level === "province") return null;
  const t = await getTranslations("dashboard");
  const locale = await getLocale();
  const steps: { label: string; href: string }[] = [{ label: t("province"), href: dashboardHref(d.filter) }];
  if (d.scope.level === "banner_county" && parent) steps.push({ label: localized(locale, parent.nameZh, parent.nameEn), href: dashboardHref(d.filter, parent.code) });
  const current = localized(locale, d.scope.nameZh, d.scope.nameEn);
  return (
    <nav aria-label={t("breadcrumb")} data-testid="scope-breadcrumb">
      <ol className="flex flex-wrap items-center gap-1 text-sm text-slate-600">
        {steps.map((s) => (
          <li key={s.href} className="flex items-center gap-1">
            {print ? <span>{s.label}</span> : <Link href={s.href} className="text-brand-700 hover:underline">{s.label}</Link>}
            <span aria-hidden="true" className="text-slate-400">›</span>
          </li>
        ))}
        <li aria-current="page" className="font-medium text-slate-900">{current}</li>
      </ol>
    </nav>
  );
}
