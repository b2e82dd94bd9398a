import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { RegionAddForm } from "@/components/admin/region-add-form";
import { RegionRowControls } from "@/components/admin/region-row-controls";
import { Table, Td, Th } from "@/components/ui/table";
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
      <Table data-testid="region-admin-table">
        <thead>
          <tr>
            <Th>{t("nameZh")}</Th>
            <Th>{t("code")}</Th>
            <Th>{t("nameEn")}</Th>
            <Th>{t("level")}</Th>
            <Th className="text-right">{t("assignments")}</Th>
            <Th className="text-right">{t("users")}</Th>
            <Th>{t("status")}</Th>
            <Th />
          </tr>
        </thead>
        <tbody>
          {regions.map((r) => (
            <tr key={r.code} className={r.active ? "" : "text-slate-400"}>
              <Td>
                <span className={`block ${pad[r.level]}`}>{r.nameZh}</span>
              </Td>
              <Td className="font-mono">{r.code}</Td>
              <Td>{r.nameEn}</Td>
              <Td>{t(`levels.${r.level}`)}</Td>
              <Td className="text-right">{r.assignmentCount}</Td>
              <Td className="text-right">{r.userCount}</Td>
              <Td>{r.active ? t("active") : t("inactive")}</Td>
              <Td>
                <RegionRowControls region={r} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <RegionAddForm parents={parents} />
    </div>
  );
}
