"use client";

import { useTranslations } from "next-intl";
import { fieldText } from "@/components/ui/form-data";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { saveBulletinSettingsAction } from "@/lib/actions/bulletin-settings";
import type { BulletinSettings, BulletinSettingsInput } from "@/lib/validation/bulletin";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadBulletinSettingsSchema = () => import("@/lib/validation/bulletin").then((m) => m.bulletinSettingsSchema);

/** The server action takes the form's FormData. */
function save(input: BulletinSettingsInput) {
  const fd = new FormData();
  fd.set("agencyMark", input.agencyMark ?? "");
  fd.set("docNumberPrefix", input.docNumberPrefix ?? "");
  return saveBulletinSettingsAction(null, fd);
}

/** The bulletin's header: the red mark and the 文号 prefix, with a preview of how a bulletin is numbered. */
export function BulletinSettingsForm({ settings, year }: { settings: BulletinSettings; year: number }) {
  const t = useTranslations("admin.bulletin");
  const form = useFormAction<BulletinSettingsInput>({
    action: save,
    schema: loadBulletinSettingsSchema,
    // A line too long, or a character that may not be printed; the form as a whole: "check the marked fields".
    errorText: (code) => (code === "tooLong" ? t("errors.tooLong") : code === "invalid" ? t("failed") : code === "badCharacters" ? t("errors.invalid") : null),
    okText: t("saved"),
  });
  return (
    <Card className="max-w-xl">
      <form
        noValidate
        className="space-y-4 text-sm"
        data-testid="bulletin-settings"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          form.submit({ agencyMark: fieldText(fd, "agencyMark"), docNumberPrefix: fieldText(fd, "docNumberPrefix") });
        }}
      >
        <Field label={<span className="font-medium">{t("agencyMark")}</span>} hint={t("agencyMarkHint")} error={form.error("agencyMark")}>
          {(control) => <Input name="agencyMark" required maxLength={40} defaultValue={settings.agencyMark} {...control} />}
        </Field>
        <Field
          label={<span className="font-medium">{t("docNumberPrefix")}</span>}
          hint={t("docNumberPrefixHint", { example: `${settings.docNumberPrefix || "内环督"}〔${year}〕10号` })}
          error={form.error("docNumberPrefix")}
        >
          {(control) => <Input name="docNumberPrefix" maxLength={20} defaultValue={settings.docNumberPrefix} {...control} />}
        </Field>
        <Button type="submit" variant="primary" disabled={form.busy} data-testid="bulletin-settings-save">
          {t("save")}
        </Button>
      </form>
    </Card>
  );
}
