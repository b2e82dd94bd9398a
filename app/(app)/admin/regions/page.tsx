import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { RegionAddForm } from "@/components/admin/region-add-form";
import { RegionRowControls } from "@/components/admin/region-row-controls";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { requirePasswordCurrent } from "@/lib/data/account";
import { listAdminRegions } from "@/lib/data/admin-regions";
import { localized } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.regions"))("title") };
}

export default async function AdminRegionsPage() {
  await requirePageViewer();
  await requirePasswordCurrent();
  const t = await getTranslations("admin.regions");
  const locale = await getLocale();
  const regions = await orRefuse(listAdminRegions());
  const parents = regions
    .filter((r) => r.active && r.level !== "banner_county")
    .map((r) => ({ code: r.code, label: `${localized(locale, r.nameZh, r.nameEn)} (${t(`levels.${r.level}`)})` }));
  const pad = { province: "", league_city: "pl-4", banner_county: "pl-10" } as const;
  return (
    <div className="space-y-4">
      <AdminTabs current="regions" />
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
      </div>
      <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
        <table className="min-w-full text-sm" data-testid="region-admin-table">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th className="px-3 py-2">{t("nameZh")}</th>
              <th className="px-3 py-2">{t("code")}</th>
              <th className="px-3 py-2">{t("nameEn")}</th>
              <th className="px-3 py-2">{t("level")}</th>
              <th className="px-3 py-2 text-right">{t("assignments")}</th>
              <th className="px-3 py-2 text-right">{t("users")}</th>
              <th className="px-3 py-2">{t("status")}</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody>
            {regions.map((r) => (
              <tr key={r.code} className={`border-t border-slate-100 ${r.active ? "" : "text-slate-400"}`}>
                <td className={`px-3 py-2 ${pad[r.level]}`}>{r.nameZh}</td>
                <td className="px-3 py-2 font-mono">{r.code}</td>
                <td className="px-3 py-2">{r.nameEn}</td>
                <td className="px-3 py-2">{t(`levels.${r.level}`)}</td>
                <td className="px-3 py-2 text-right">{r.assignmentCount}</td>
                <td className="px-3 py-2 text-right">{r.userCount}</td>
                <td className="px-3 py-2">{r.active ? t("active") : t("inactive")}</td>
                <td className="px-3 py-2"><RegionRowControls region={r} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <RegionAddForm parents={parents} />
    </div>
  );
}
