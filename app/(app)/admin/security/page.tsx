import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { SecurityPolicyForm } from "@/components/admin/security-policy-form";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getSecurityPolicy } from "@/lib/data/settings";
import { ROLES } from "@/lib/validation/user";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("securityPolicy"))("title") };
}

/** The security administrator's password, session and two-factor policy. */
export default async function AdminSecurityPage() {
  await requirePageViewer();
  const t = await getTranslations("securityPolicy");
  const tRoles = await getTranslations("nav.roles");
  const policy = await orRefuse(getSecurityPolicy());
  return (
    <div className="space-y-6">
      <AdminTabs current="security" />
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-500">{t("intro")}</p>
      </div>
      <SecurityPolicyForm policy={policy} roles={ROLES.map((r) => ({ value: r, label: tRoles(r) }))} />
    </div>
  );
}
