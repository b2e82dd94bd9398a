"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { saveDeliverySettingsAction } from "@/lib/actions/reminders";
import type { DeliverySettings } from "@/lib/data/outbox";

const CHANNELS = ["email", "sms", "wecom", "dingtalk"] as const;
const text = (fd: FormData, name: string) => String(fd.get(name) ?? "").trim();

/** The administrator enables channels and sets each league-city's (and staff's) group robots and the leaders' contacts. */
export function DeliverySettingsForm({ settings, scopes }: { settings: DeliverySettings; scopes: { code: string; label: string }[] }) {
  const t = useTranslations("reminders");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [status, setStatus] = useState<string | null>(null);
  // A width of their own: in a table that fits a phone they would shrink to nothing; the table scrolls instead.
  const box = "w-full rounded-md border border-slate-300 px-2 py-1 text-xs";
  const input = `${box} min-w-28`;
  const urlInput = `${box} min-w-48`;
  const all = [{ code: "staff", label: t("staffScope") }, ...scopes];
  return (
    <form
      className="space-y-4 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200"
      data-testid="delivery-settings"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const enabled = Object.fromEntries(CHANNELS.map((c) => [c, fd.get(`enabled.${c}`) === "on"])) as DeliverySettings["enabled"];
        const robots = Object.fromEntries(all.map((s) => [s.code, { wecomUrl: text(fd, `${s.code}.wecomUrl`), dingtalkUrl: text(fd, `${s.code}.dingtalkUrl`), dingtalkSecret: text(fd, `${s.code}.dingtalkSecret`) }]));
        const leaders = Object.fromEntries(scopes.map((s) => [s.code, { name: text(fd, `${s.code}.leaderName`), email: text(fd, `${s.code}.leaderEmail`), phone: text(fd, `${s.code}.leaderPhone`) }]));
        start(async () => {
          const res = await saveDeliverySettingsAction({ enabled, robots, leaders });
          setStatus(res.ok ? t("saved") : `${res.message}${res.errors ? `: ${Object.entries(res.errors).map(([k, v]) => `${k} ${v}`).join(", ")}` : ""}`);
          if (res.ok) router.refresh();
        });
      }}
    >
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 font-semibold">{t("channelsTitle")}</legend>
        <label className="text-slate-500"><input type="checkbox" checked disabled /> {t("channels.in_app")}</label>
        {CHANNELS.map((c) => (
          <label key={c}><input type="checkbox" name={`enabled.${c}`} defaultChecked={settings.enabled[c]} /> {t(`channels.${c}`)}</label>
        ))}
      </fieldset>
      <div className="overflow-x-auto">
        <h3 className="mb-1 font-semibold">{t("robotsTitle")}</h3>
        <table className="min-w-full whitespace-nowrap text-xs">
          <thead className="text-left text-slate-600">
            <tr><th className="pr-2">{t("scope")}</th><th className="pr-2">{t("wecomUrl")}</th><th className="pr-2">{t("dingtalkUrl")}</th><th className="pr-2">{t("dingtalkSecret")}</th><th className="pr-2">{t("leaderName")}</th><th className="pr-2">{t("leaderEmail")}</th><th>{t("leaderPhone")}</th></tr>
          </thead>
          <tbody>
            {all.map((s) => {
              const r = settings.robots[s.code] ?? {};
              const l = settings.leaders[s.code] ?? {};
              return (
                <tr key={s.code}>
                  <td className="whitespace-nowrap py-1 pr-2">{s.label}</td>
                  <td className="pr-2"><input name={`${s.code}.wecomUrl`} defaultValue={r.wecomUrl ?? ""} className={urlInput} aria-label={`${s.label} ${t("wecomUrl")}`} /></td>
                  <td className="pr-2"><input name={`${s.code}.dingtalkUrl`} defaultValue={r.dingtalkUrl ?? ""} className={urlInput} aria-label={`${s.label} ${t("dingtalkUrl")}`} /></td>
                  <td className="pr-2"><input name={`${s.code}.dingtalkSecret`} defaultValue={r.dingtalkSecret ?? ""} className={input} type="password" autoComplete="off" aria-label={`${s.label} ${t("dingtalkSecret")}`} /></td>
                  {s.code === "staff" ? <td colSpan={3} /> : (
                    <>
                      <td className="pr-2"><input name={`${s.code}.leaderName`} defaultValue={l.name ?? ""} className={input} aria-label={`${s.label} ${t("leaderName")}`} /></td>
                      <td className="pr-2"><input name={`${s.code}.leaderEmail`} defaultValue={l.email ?? ""} className={input} type="email" aria-label={`${s.label} ${t("leaderEmail")}`} /></td>
                      <td><input name={`${s.code}.leaderPhone`} defaultValue={l.phone ?? ""} className={input} aria-label={`${s.label} ${t("leaderPhone")}`} /></td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={!hydrated || pending} className="rounded-md bg-brand-700 px-3 py-1 text-white disabled:opacity-50">{t("save")}</button>
        {status && <p role="status">{status}</p>}
      </div>
    </form>
  );
}
