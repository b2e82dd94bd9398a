import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { orRefuse } from "@/lib/auth/page";
import { listMySessions } from "@/lib/data/account";
import { getMyTwoFactor } from "@/lib/data/two-factor";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { EndOtherSessionsButton, EndSessionButton } from "./session-buttons";

/** 我的账号: two-step verification's state and the viewer's own signed-in sessions. */
export async function SecuritySection() {
  const t2 = await getTranslations("twoFactor");
  const t = await getTranslations("sessions");
  const format = await getFormatter();
  const [tf, sessions] = await Promise.all([orRefuse(getMyTwoFactor()), orRefuse(listMySessions())]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <Card className="space-y-2" data-testid="two-factor-summary">
        <h2 className="font-semibold">{t2("title")}</h2>
        <p className="text-sm">
          {tf.enabled ? <span className="text-green-700">{t2("statusOn")}</span> : <span className="text-slate-600">{t2("statusOff")}</span>}
          {tf.enabled && <span className="text-slate-600"> · {t2("recoveryLeft", { count: tf.recoveryCodesLeft })}</span>}
          {tf.required && <span className="text-slate-600"> · {t2("required")}</span>}
        </p>
        <Link href="/account/two-factor" className={buttonClass()}>
          {tf.enabled ? t2("manage") : t2("start")}
        </Link>
      </Card>
      <section className="space-y-2">
        <h2 className="font-semibold">{t("title")}</h2>
        <p className="text-sm text-slate-600">{t("intro")}</p>
        <Table data-testid="my-sessions">
          <thead>
            <tr>
              <Th>{t("started")}</Th>
              <Th className="hidden sm:table-cell">{t("lastSeen")}</Th>
              <Th>{t("ip")}</Th>
              <Th className="hidden sm:table-cell">{t("device")}</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <Td className="whitespace-nowrap">{when(s.createdAt)}</Td>
                <Td className="hidden whitespace-nowrap sm:table-cell">{when(s.lastSeenAt)}</Td>
                <Td className="font-mono">{s.ip ?? ""}</Td>
                <Td className="hidden max-w-[16rem] truncate text-slate-600 sm:table-cell" title={s.userAgent ?? ""}>
                  {browserName(s.userAgent)}
                </Td>
                <Td className="whitespace-nowrap">{s.current ? <span className="text-brand-700">{t("current")}</span> : <EndSessionButton id={s.id} />}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {others === 0 ? <p className="text-sm text-slate-600">{t("none")}</p> : null}
        <EndOtherSessionsButton />
        <p className="text-xs text-slate-500">{t("endOthersHint")}</p>
      </section>
    </>
  );
}

/** A short name for a User-Agent string: enough to tell one's own devices apart. */
function browserName(ua: string | null): string {
  if (!ua) return "";
  const browser = /Edg\//.test(ua) ? "Edge" : /MicroMessenger/i.test(ua) ? "WeChat" : /Firefox\//.test(ua) ? "Firefox" : /Chrome\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "";
  const system = /Windows/.test(ua) ? "Windows" : /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
  return [browser, system].filter(Boolean).join(" · ") || ua.slice(0, 40);
}
