import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { BulletinSettingsForm } from "@/components/admin/bulletin-settings-form";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getBulletinSettings } from "@/lib/data/bulletin-settings";
import { shanghaiDate } from "@/lib/domain/dates";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.bulletin"))("title") };
}

/** The system administrator's settings of the 通报's header. */
export default async function AdminBulletinPage() {
  await requirePageViewer();
  const t = await getTranslations("admin.bulletin");
  const settings = await orRefuse(getBulletinSettings());
  return (
    <div className="space-y-6">
      <AdminTabs current="bulletin" />
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-500">{t("intro")}</p>
      </div>
      <BulletinSettingsForm settings={settings} year={Number(shanghaiDate(new Date()).slice(0, 4))} />
    </div>
  );
}
