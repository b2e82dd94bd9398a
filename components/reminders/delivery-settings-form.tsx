"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { fieldText } from "@/components/ui/form-data";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { saveDeliverySettingsAction } from "@/lib/actions/reminders";
import type { DeliverySettings } from "@/lib/data/outbox";
import type { DeliverySettingsInput } from "@/lib/validation/reminders";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadDeliverySettingsSchema = () => import("@/lib/validation/reminders").then((m) => m.deliverySettingsSchema);

const CHANNELS = ["email", "sms", "wecom", "dingtalk"] as const;
const text = (fd: FormData, name: string) => fieldText(fd, name).trim();
/** The input a schema issue is about: robots.150200.wecomUrl → 150200.wecomUrl, leaders.150200.email → 150200.leaderEmail. */
const leaderInput = { name: "leaderName", email: "leaderEmail", phone: "leaderPhone" } as Record<string, string>;
function inputOf(path: readonly PropertyKey[]): string | null {
  const [group, scope, field] = path.map(String);
  if (!scope || !field) return null;
  if (group === "robots") return `${scope}.${field}`;
  if (group === "leaders") return `${scope}.${leaderInput[field] ?? field}`;
  return null;
}

/** The administrator enables channels and sets each league-city's (and staff's) group robots and the leaders' contacts. */
export function DeliverySettingsForm({ settings, scopes }: { settings: DeliverySettings; scopes: { code: string; label: string }[] }) {
  const t = useTranslations("reminders");
  const form = useFormAction<DeliverySettingsInput>({ action: saveDeliverySettingsAction, schema: loadDeliverySettingsSchema, okText: t("saved") });
  // The table's inputs the last check refused: marked red (the toast says to check them).
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const all = [{ code: "staff", label: t("staffScope") }, ...scopes];
  const cell = (name: string, label: string, defaultValue: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, wide = false) => (
    // A width of their own: in a table that fits a phone they would shrink to nothing; the table scrolls instead.
    <div className={wide ? "min-w-48" : "min-w-28"}>
      <Input name={name} defaultValue={defaultValue} aria-label={label} aria-invalid={invalid.has(name)} {...props} />
    </div>
  );
  return (
    <Card>
      <form
        noValidate
        className="space-y-4 text-sm"
        data-testid="delivery-settings"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          const enabled = Object.fromEntries(CHANNELS.map((c) => [c, fd.get(`enabled.${c}`) === "on"])) as DeliverySettings["enabled"];
          const robots = Object.fromEntries(all.map((s) => [s.code, { wecomUrl: text(fd, `${s.code}.wecomUrl`), dingtalkUrl: text(fd, `${s.code}.dingtalkUrl`), dingtalkSecret: text(fd, `${s.code}.dingtalkSecret`) }]));
          const leaders = Object.fromEntries(scopes.map((s) => [s.code, { name: text(fd, `${s.code}.leaderName`), email: text(fd, `${s.code}.leaderEmail`), phone: text(fd, `${s.code}.leaderPhone`) }]));
          const input = { enabled, robots, leaders };
          void loadDeliverySettingsSchema()
            .then((schema) => {
              const checked = schema.safeParse(input);
              setInvalid(new Set(checked.success ? [] : checked.error.issues.map((i) => inputOf(i.path)).filter((n): n is string => n !== null)));
            })
            .catch(() => setInvalid(new Set()))
            .finally(() => form.submit(input));
        }}
      >
        <fieldset className="flex flex-wrap gap-4">
          <legend className="mb-1 font-semibold">{t("channelsTitle")}</legend>
          <label className="text-slate-500">
            <input type="checkbox" checked disabled /> {t("channels.in_app")}
          </label>
          {CHANNELS.map((c) => (
            <label key={c}>
              <input type="checkbox" name={`enabled.${c}`} defaultChecked={settings.enabled[c]} /> {t(`channels.${c}`)}
            </label>
          ))}
        </fieldset>
        <div className="overflow-x-auto">
          <h3 className="mb-1 font-semibold">{t("robotsTitle")}</h3>
          <table className="min-w-full whitespace-nowrap text-xs">
            <thead className="text-left text-slate-600">
              <tr>
                <th className="pr-2">{t("scope")}</th>
                <th className="pr-2">{t("wecomUrl")}</th>
                <th className="pr-2">{t("dingtalkUrl")}</th>
                <th className="pr-2">{t("dingtalkSecret")}</th>
                <th className="pr-2">{t("leaderName")}</th>
                <th className="pr-2">{t("leaderEmail")}</th>
                <th>{t("leaderPhone")}</th>
              </tr>
            </thead>
            <tbody>
              {all.map((s) => {
                const r = settings.robots[s.code] ?? {};
                const l = settings.leaders[s.code] ?? {};
                return (
                  <tr key={s.code}>
                    <td className="whitespace-nowrap py-1 pr-2">{s.label}</td>
                    <td className="pr-2">{cell(`${s.code}.wecomUrl`, `${s.label} ${t("wecomUrl")}`, r.wecomUrl ?? "", {}, true)}</td>
                    <td className="pr-2">{cell(`${s.code}.dingtalkUrl`, `${s.label} ${t("dingtalkUrl")}`, r.dingtalkUrl ?? "", {}, true)}</td>
                    <td className="pr-2">{cell(`${s.code}.dingtalkSecret`, `${s.label} ${t("dingtalkSecret")}`, r.dingtalkSecret ?? "", { type: "password", autoComplete: "off" })}</td>
                    {s.code === "staff" ? (
                      <td colSpan={3} />
                    ) : (
                      <>
                        <td className="pr-2">{cell(`${s.code}.leaderName`, `${s.label} ${t("leaderName")}`, l.name ?? "")}</td>
                        <td className="pr-2">{cell(`${s.code}.leaderEmail`, `${s.label} ${t("leaderEmail")}`, l.email ?? "", { type: "email" })}</td>
                        <td>{cell(`${s.code}.leaderPhone`, `${s.label} ${t("leaderPhone")}`, l.phone ?? "")}</td>
                      </>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <Button type="submit" variant="primary" disabled={form.busy}>
          {t("save")}
        </Button>
      </form>
    </Card>
  );
}
