"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { createRegionAction } from "@/lib/actions/admin";
import type { RegionCreateInput } from "@/lib/validation/user";
import { useErrorCodes } from "./error-text";
import { type RegionChoice } from "./user-fields";
import { fieldText } from "@/components/ui/form-data";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadRegionCreateSchema = () => import("@/lib/validation/user").then((m) => m.regionCreateSchema);

/** Adds a league-city (below the province) or a banner-county (below a league-city); the table above shows it. */
export function RegionAddForm({ parents }: { parents: RegionChoice[] }) {
  const t = useTranslations("admin.regions");
  const ref = useRef<HTMLFormElement>(null);
  const form = useFormAction<RegionCreateInput>({
    action: createRegionAction,
    schema: loadRegionCreateSchema,
    errorText: useErrorCodes("admin"),
    onOk: () => ref.current?.reset(),
  });
  return (
    <Card>
      <form
        ref={ref}
        noValidate
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          form.submit({ code: fieldText(fd, "code"), nameZh: fieldText(fd, "nameZh"), nameEn: fieldText(fd, "nameEn"), parentCode: fieldText(fd, "parentCode") });
        }}
      >
        <CardHeader title={t("addTitle")} className="mb-0" />
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Field label={t("parent")} error={form.error("parentCode")}>
            {(control) => (
              <Select name="parentCode" {...control}>
                {parents.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t("code")} error={form.error("code")}>
            {(control) => <Input name="code" required pattern="\d{6}" inputMode="numeric" maxLength={6} {...control} />}
          </Field>
          <Field label={t("nameZh")} error={form.error("nameZh")}>
            {(control) => <Input name="nameZh" required {...control} />}
          </Field>
          <Field label={t("nameEn")} error={form.error("nameEn")}>
            {(control) => <Input name="nameEn" {...control} />}
          </Field>
        </div>
        <Button type="submit" variant="primary" disabled={form.busy}>
          {t("add")}
        </Button>
      </form>
    </Card>
  );
}
