"use client";

import { useTranslations } from "next-intl";
import { useErrorCodes } from "@/components/admin/error-text";
import { fieldText } from "@/components/ui/form-data";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { saveMyDeliveryPrefsAction } from "@/lib/actions/reminders";
import type { MyDeliveryPrefs } from "@/lib/data/delivery-log";
import type { MyDeliveryPrefsInput } from "@/lib/validation/reminders";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadMyDeliveryPrefsSchema = () => import("@/lib/validation/reminders").then((m) => m.myDeliveryPrefsSchema);

/** 我的账号: the user's e-mail and mobile, the channels they take (within what is enabled) and the language of their messages. */
export function ChannelPrefsForm({ prefs }: { prefs: MyDeliveryPrefs }) {
  const t = useTranslations("reminders");
  const form = useFormAction<MyDeliveryPrefsInput>({
    action: saveMyDeliveryPrefsAction,
    schema: loadMyDeliveryPrefsSchema,
    // The same sentences as the administrator's user form: one rule for an address and a number (lib/validation/contact.ts).
    errorText: useErrorCodes("admin"),
    okText: t("saved"),
  });
  return (
    <Card>
      <form
        noValidate
        className="space-y-3 text-sm"
        data-testid="channel-prefs"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          const channels = (["email", "sms"] as const).filter((c) => fd.get(`channel.${c}`) === "on");
          form.submit({ email: fieldText(fd, "email").trim(), phone: fieldText(fd, "phone").trim(), channels, locale: fd.get("locale") === "en" ? "en" : "zh-CN" });
        }}
      >
        <CardHeader title={t("myChannelsTitle")} className="mb-0" />
        <p className="text-slate-500">{t("myChannelsHint")}</p>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label={t("email")} error={form.error("email")}>
            {(control) => <Input name="email" type="email" defaultValue={prefs.email} {...control} />}
          </Field>
          <Field label={t("phone")} error={form.error("phone")}>
            {(control) => <Input name="phone" defaultValue={prefs.phone} inputMode="tel" {...control} />}
          </Field>
          <Field label={t("language")} error={form.error("locale")}>
            {(control) => (
              <Select name="locale" defaultValue={prefs.locale} {...control}>
                <option value="zh-CN">中文</option>
                <option value="en">English</option>
              </Select>
            )}
          </Field>
        </div>
        <div className="flex flex-wrap gap-4">
          <label className="text-slate-500">
            <input type="checkbox" checked disabled /> {t("channels.in_app")}
          </label>
          {(["email", "sms"] as const).map((c) => (
            <label key={c} className={prefs.enabled[c] ? "" : "text-slate-400"}>
              <input type="checkbox" name={`channel.${c}`} defaultChecked={prefs.enabled[c] && prefs.channels.includes(c)} disabled={!prefs.enabled[c]} /> {t(`channels.${c}`)}
              {prefs.enabled[c] ? "" : ` ${t("notEnabled")}`}
            </label>
          ))}
        </div>
        <Button type="submit" variant="primary" disabled={form.busy} className="shrink-0 whitespace-nowrap">
          {t("save")}
        </Button>
      </form>
    </Card>
  );
}
