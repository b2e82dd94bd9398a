import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { getMyAccount, listMySignIns, requirePasswordCurrent } from "@/lib/data/account";
import { SecuritySection } from "@/components/account/security-section";
import { buttonClass } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
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
      <Link href="/account/password" className={buttonClass()}>
        {t("changePassword")}
      </Link>
      <SecuritySection />
      <ChannelPrefsForm prefs={prefs} />
      <section className="space-y-2">
        <h2 className="font-semibold">{t("signInsTitle")}</h2>
        {signIns.length === 0 ? (
          <p className="text-sm text-slate-600">{t("signInsEmpty")}</p>
        ) : (
          <Table data-testid="sign-ins">
            <thead>
              <tr>
                <Th>{t("at")}</Th>
                <Th>{t("ip")}</Th>
              </tr>
            </thead>
            <tbody>
              {signIns.map((s, i) => (
                <tr key={i}>
                  <Td>{format.dateTime(s.at, { dateStyle: "medium", timeStyle: "short" })}</Td>
                  <Td className="font-mono">{s.ip ?? ""}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </div>
  );
}
