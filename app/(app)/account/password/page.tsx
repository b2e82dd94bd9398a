import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PasswordForm } from "@/components/account/password-form";
import { homePath } from "@/lib/auth/permissions";
import { redirect } from "next/navigation";
import { orRefuse } from "@/lib/auth/page";
import { getViewer } from "@/lib/auth/viewer";
import { getMyAccount } from "@/lib/data/account";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("password"))("title") };
}

/** The one signed-in page that must not call requirePasswordCurrent() (it is where that sends you), hence getViewer rather than requirePageViewer. */
export default async function PasswordPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  const t = await getTranslations("password");
  const me = await orRefuse(getMyAccount());
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {viewer.gate === "password" && (
        <p role="alert" className="max-w-sm rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">{t(me.mustChangePassword ? "mustChange" : "expired")}</p>
      )}
      <PasswordForm next={viewer.gate ? homePath(viewer) : "/account"} />
    </div>
  );
}
