import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { TwoFactorPanel } from "@/components/account/two-factor-panel";
import { homePath } from "@/lib/auth/permissions";
import { orRefuse } from "@/lib/auth/page";
import { getViewer } from "@/lib/auth/viewer";
import { getMyTwoFactor } from "@/lib/data/two-factor";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("twoFactor"))("title") };
}

/** Where the account gate sends a user who must enrol, hence getViewer rather than requirePageViewer (a password to change still comes first). */
export default async function TwoFactorPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  if (viewer.gate === "password") redirect("/account/password");
  const t = await getTranslations("twoFactor");
  const format = await getFormatter();
  const me = await orRefuse(getMyTwoFactor());
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {viewer.gate === "twoFactor" && (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">{t("requiredNotice")}</p>
      )}
      <p className="text-sm text-slate-600">{t("intro")}</p>
      <TwoFactorPanel
        enabled={me.enabled}
        enabledAt={me.enabledAt ? format.dateTime(me.enabledAt, { dateStyle: "medium", timeStyle: "short" }) : null}
        required={me.required}
        recoveryCodesLeft={me.recoveryCodesLeft}
        pending={me.pending}
        next={viewer.gate === "twoFactor" ? homePath(viewer) : "/account"}
      />
    </div>
  );
}
