import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { OfficesForm } from "@/components/admin/offices-form";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { listOffices } from "@/lib/data/offices";
import { forbidden } from "next/navigation";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.offices"))("title") };
}

/** The system administrator's list of the department's offices (牵头处室). */
export default async function AdminOfficesPage() {
  const viewer = await requirePageViewer();
  if (!can(viewer, "settings.manage")) forbidden();
  const t = await getTranslations("admin.offices");
  const offices = await orRefuse(listOffices());
  return (
    <div className="space-y-6">
      <AdminTabs current="offices" />
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-500">{t("intro")}</p>
      </div>
      <OfficesForm offices={offices} />
    </div>
  );
}
