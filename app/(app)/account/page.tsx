import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getMyAccount, listMySignIns, requirePasswordCurrent } from "@/lib/data/account";
import { SecuritySection } from "@/components/account/security-section";
import { ChannelPrefsForm } from "@/components/reminders/channel-prefs-form";
import { getMyDeliveryPrefs } from "@/lib/data/delivery-log";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage() {
  await requirePageViewer();
  await requirePasswordCurrent();
  const t = await getTranslations("account");
  const tRoles = await getTranslations("nav.roles");
  const format = await getFormatter();
  const [me, signIns, prefs] = await Promise.all([orRefuse(getMyAccount()), orRefuse(listMySignIns(10)), orRefuse(getMyDeliveryPrefs())]);
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
        <dt className="text-slate-500">{t("username")}</dt><dd className="font-mono">{me.username}</dd>
        <dt className="text-slate-500">{t("name")}</dt><dd>{me.name}</dd>
        <dt className="text-slate-500">{t("role")}</dt><dd>{tRoles(me.role as "admin")}</dd>
      </dl>
      <Link href="/account/password" className="inline-block rounded-md px-3 py-1 text-sm ring-1 ring-slate-300">{t("changePassword")}</Link>
      <SecuritySection />
      <ChannelPrefsForm prefs={prefs} />
      <section>
        <h2 className="font-semibold">{t("signInsTitle")}</h2>
        {signIns.length === 0 ? <p className="mt-2 text-sm text-slate-600">{t("signInsEmpty")}</p> : (
          <table className="mt-2 text-sm" data-testid="sign-ins">
            <thead className="text-left text-slate-600"><tr><th className="pr-6">{t("at")}</th><th>{t("ip")}</th></tr></thead>
            <tbody>
              {signIns.map((s, i) => (
                <tr key={i}><td className="pr-6">{format.dateTime(s.at, { dateStyle: "medium", timeStyle: "short" })}</td><td className="font-mono">{s.ip ?? ""}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
