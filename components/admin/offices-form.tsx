"use client";

import { useTranslations } from "next-intl";
import { fieldText } from "@/components/ui/form-data";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { saveOfficesAction } from "@/lib/actions/offices";
import { officesFromText } from "@/lib/validation/office-list";
import type { OfficesInput } from "@/lib/validation/offices";
import { useErrorCodes } from "./error-text";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadOfficesSchema = () => import("@/lib/validation/offices").then((m) => m.officesSchema);

/** The server action takes the textarea's FormData, one office a line. */
function save(input: OfficesInput) {
  const fd = new FormData();
  fd.set("offices", input.offices.join("\n"));
  return saveOfficesAction(null, fd);
}

/** The department's offices, one a line: the list a task's 牵头处室 is picked from. */
export function OfficesForm({ offices }: { offices: string[] }) {
  const t = useTranslations("admin.offices");
  const form = useFormAction<OfficesInput, { offices: string[] }>({
    action: save,
    schema: loadOfficesSchema,
    errorText: useErrorCodes("admin.offices"),
    okText: (res) => t("saved", { count: res.offices.length }),
  });
  return (
    <Card className="max-w-xl">
      <form
        noValidate
        className="space-y-4 text-sm"
        data-testid="offices-form"
        onSubmit={(e) => {
          e.preventDefault();
          form.submit({ offices: officesFromText(fieldText(new FormData(e.currentTarget), "offices")) });
        }}
      >
        <Field label={<span className="font-medium">{t("label")}</span>} hint={t("hint")} error={form.error("offices")}>
          {(control) => <Textarea name="offices" rows={Math.min(20, Math.max(6, offices.length + 2))} defaultValue={offices.join("\n")} {...control} />}
        </Field>
        <Button type="submit" variant="primary" disabled={form.busy} data-testid="offices-save">
          {t("save")}
        </Button>
      </form>
    </Card>
  );
}
