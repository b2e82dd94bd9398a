"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { renameRegionAction, setRegionActiveAction } from "@/lib/actions/admin";
import { useErrorCodes } from "./error-text";
import { fieldText } from "@/components/ui/form-data";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadRegionRenameSchema = () => import("@/lib/validation/user").then((m) => m.regionRenameSchema);

type Rename = { code: string; nameZh: string; nameEn: string };

/** Rename and deactivate/reactivate one region; there is no delete. The table shows the change. */
export function RegionRowControls({ region }: { region: { code: string; nameZh: string; nameEn: string; active: boolean; level: string } }) {
  const t = useTranslations("admin.regions");
  const errorText = useErrorCodes("admin");
  const [editing, setEditing] = useState(false);
  const rename = useFormAction<Rename>({ action: renameRegionAction, schema: loadRegionRenameSchema, errorText, onOk: () => setEditing(false) });
  const active = useFormAction<{ code: string; active: boolean }>({ action: setRegionActiveAction, errorText });
  const disabled = rename.busy || active.busy;
  if (editing) {
    const errId = `region-${region.code}-err`;
    const error = rename.error("nameZh") ?? rename.error("nameEn");
    return (
      <form
        noValidate
        className="flex flex-wrap items-end gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          rename.submit({ code: region.code, nameZh: fieldText(fd, "nameZh"), nameEn: fieldText(fd, "nameEn") });
        }}
      >
        {/* The width on a box around the control: the control itself fills what it is given. */}
        <span className="w-28">
          <Input name="nameZh" aria-label={t("nameZh")} defaultValue={region.nameZh} required aria-invalid={Boolean(rename.error("nameZh"))} aria-describedby={error ? errId : undefined} />
        </span>
        <span className="w-28">
          <Input name="nameEn" aria-label={t("nameEn")} defaultValue={region.nameEn} aria-invalid={Boolean(rename.error("nameEn"))} aria-describedby={error ? errId : undefined} />
        </span>
        <Button type="submit" variant="primary" size="sm" disabled={disabled}>
          {t("save")}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setEditing(false)}>
          {t("cancel")}
        </Button>
        <FieldError id={errId}>{error}</FieldError>
      </form>
    );
  }
  return (
    <span className="flex flex-wrap gap-1">
      <Button variant="ghost" size="sm" disabled={disabled} onClick={() => setEditing(true)}>
        {t("rename")}
      </Button>
      {region.level !== "province" && (
        <Button variant={region.active ? "danger" : "ghost"} size="sm" disabled={disabled} onClick={() => active.submit({ code: region.code, active: !region.active })}>
          {region.active ? t("deactivate") : t("reactivate")}
        </Button>
      )}
    </span>
  );
}
