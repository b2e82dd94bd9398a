"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useErrorText } from "@/components/admin/error-text";
import { useHydrated } from "@/components/ui/use-hydrated";
import { saveMyDeliveryPrefsAction } from "@/lib/actions/reminders";
import type { MyDeliveryPrefs } from "@/lib/data/delivery-log";

/** 我的账号: the user's e-mail and mobile, the channels they take (within what is enabled) and the language of their messages. */
export function ChannelPrefsForm({ prefs }: { prefs: MyDeliveryPrefs }) {
  const t = useTranslations("reminders");
  // The same sentences as the administrator's user form: one rule for an address and a number (lib/validation/contact.ts).
  const errorText = useErrorText("admin");
  const [failed, setFailed] = useState(false);
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [status, setStatus] = useState<string | null>(null);
  const input = "rounded-md border border-slate-300 px-2 py-1";
  return (
    <form
      className="space-y-3 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200"
      data-testid="channel-prefs"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const channels = (["email", "sms"] as const).filter((c) => fd.get(`channel.${c}`) === "on");
        start(async () => {
          const res = await saveMyDeliveryPrefsAction({ email: String(fd.get("email") ?? "").trim(), phone: String(fd.get("phone") ?? "").trim(), channels, locale: fd.get("locale") === "en" ? "en" : "zh-CN" });
          setStatus(res.ok ? t("saved") : errorText(res));
          setFailed(!res.ok);
          if (res.ok) router.refresh();
        });
      }}
    >
      <h2 className="font-semibold">{t("myChannelsTitle")}</h2>
      <p className="text-slate-500">{t("myChannelsHint")}</p>
      <div className="flex flex-wrap gap-4">
        <label>{t("email")}<br /><input name="email" type="email" defaultValue={prefs.email} className={input} /></label>
        <label>{t("phone")}<br /><input name="phone" defaultValue={prefs.phone} className={input} inputMode="tel" /></label>
        <label>{t("language")}<br />
          <select name="locale" defaultValue={prefs.locale} className={input}><option value="zh-CN">中文</option><option value="en">English</option></select>
        </label>
      </div>
      <div className="flex flex-wrap gap-4">
        <label className="text-slate-500"><input type="checkbox" checked disabled /> {t("channels.in_app")}</label>
        {(["email", "sms"] as const).map((c) => (
          <label key={c} className={prefs.enabled[c] ? "" : "text-slate-400"}>
            <input type="checkbox" name={`channel.${c}`} defaultChecked={prefs.enabled[c] && prefs.channels.includes(c)} disabled={!prefs.enabled[c]} /> {t(`channels.${c}`)}{prefs.enabled[c] ? "" : ` ${t("notEnabled")}`}
          </label>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={!hydrated || pending} className="shrink-0 whitespace-nowrap rounded-md bg-brand-700 px-3 py-1 text-white disabled:opacity-50">{t("save")}</button>
        {status && <p role="status" className={failed ? "text-red-700" : ""}>{status}</p>}
      </div>
    </form>
  );
}
