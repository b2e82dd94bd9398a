import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { ResetTwoFactorButton } from "@/components/admin/reset-two-factor-button";
import { UserEditForm } from "@/components/admin/user-edit-form";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { requirePasswordCurrent } from "@/lib/data/account";
import { getUser, listUserRegionChoices } from "@/lib/data/users";
import { localized } from "@/lib/i18n/localized";
import { userIdSchema } from "@/lib/validation/user";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.users"))("title") };
}

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageViewer();
  await requirePasswordCurrent();
  const id = userIdSchema.safeParse({ id: (await params).id });
  if (!id.success) notFound();
  const t = await getTranslations("admin.users");
  const locale = await getLocale();
  const [user, regions] = await Promise.all([orRefuse(getUser(id.data.id)), orRefuse(listUserRegionChoices())]);
  const choices = regions
    .filter((r) => r.level !== "province" && (r.active || r.code === user.regionCode))
    .map((r) => ({ code: r.code, label: `${r.level === "banner_county" ? "　" : ""}${localized(locale, r.nameZh, r.nameEn)}` }));
  return (
    <div className="space-y-4">
      <AdminTabs current="users" />
      <Link href="/admin/users" className="text-sm text-brand-700 underline">{t("back")}</Link>
      <h1 className="text-2xl font-semibold">{t("editTitle", { name: user.name })}</h1>
      <p className="text-sm text-slate-600">
        <span className="font-mono">{user.username}</span> · {user.active ? t("active") : t("inactive")}
        {user.mustChangePassword && <> · {t("mustChange")}</>}
      </p>
      <UserEditForm
        key={`${user.id}-${user.active}-${user.role}-${user.regionCode}`}
        user={{ id: user.id, username: user.username, name: user.name, role: user.role, regionCode: user.regionCode, office: user.office, email: user.email, phone: user.phone, active: user.active }}
        regions={choices}
        allowed={{ manage: can(viewer, "user.manage"), role: can(viewer, "user.role"), unlock: can(viewer, "user.unlock") }}
      />
      {can(viewer, "user.resetTwoFactor") && <ResetTwoFactorButton userId={user.id} />}
    </div>
  );
}
