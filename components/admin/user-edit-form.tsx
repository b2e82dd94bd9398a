"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { resetPasswordAction, setUserActiveAction, unlockUserAction, updateUserAction } from "@/lib/actions/admin";
import type { UserUpdateInput } from "@/lib/validation/user";
import { useErrorCodes } from "./error-text";
import { OneTimePasswords } from "./one-time-passwords";
import { UserFields, type RegionChoice } from "./user-fields";
import { fieldText } from "@/components/ui/form-data";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadUserUpdateSchema = () => import("@/lib/validation/user").then((m) => m.userUpdateSchema);

export type EditableUser = { id: number; username: string; name: string; role: string; regionCode: string | null; office: string | null; email: string | null; phone: string | null; active: boolean };

/** What the viewer may do here: the system administrator edits and resets, the security administrator grants roles and unlocks. */
export type UserEditAllowed = { manage: boolean; role: boolean; unlock: boolean };

/** Edits one user; deactivates or reactivates; resets the password (shown once); unlocks sign-ins. */
export function UserEditForm({ user, regions, allowed }: { user: EditableUser; regions: RegionChoice[]; allowed: UserEditAllowed }) {
  const t = useTranslations("admin.users");
  const errorText = useErrorCodes("admin");
  const [oneTime, setOneTime] = useState<string | null>(null);
  const save = useFormAction<UserUpdateInput>({ action: updateUserAction, schema: loadUserUpdateSchema, errorText, okText: t("saved") });
  const unlock = useFormAction<{ id: number }>({ action: unlockUserAction, errorText, okText: t("unlocked") });
  const active = useFormAction<{ id: number; active: boolean }>({ action: setUserActiveAction, errorText, okText: t("saved") });
  const reset = useFormAction<{ id: number }, { oneTimePassword: string }>({ action: resetPasswordAction, errorText, onOk: (res) => setOneTime(res.oneTimePassword) });
  const disabled = save.busy || unlock.busy || active.busy || reset.busy;
  return (
    <div className="space-y-4">
      <Card>
        <form
          data-testid="user-edit-form"
          noValidate
          className="space-y-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            const fd = new FormData(e.currentTarget);
            save.submit({
              id: user.id,
              name: fieldText(fd, "name"),
              role: fieldText(fd, "role") as "bureau",
              regionCode: fieldText(fd, "regionCode"),
              office: fieldText(fd, "office"),
              email: fieldText(fd, "email"),
              phone: fieldText(fd, "phone"),
            });
          }}
        >
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5">
            <Field label={t("name")} error={save.error("name")}>
              {(control) => <Input name="name" required readOnly={!allowed.manage} defaultValue={user.name} className="read-only:bg-slate-50" {...control} />}
            </Field>
            <UserFields regions={regions} defaults={user} roleLocked={!allowed.role} contactLocked={!allowed.manage} error={save.error} />
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" variant="primary" disabled={disabled}>
              {t("save")}
            </Button>
            <p className="text-slate-500">{t("accessNote")}</p>
          </div>
        </form>
      </Card>
      <div className="flex flex-wrap gap-2">
        {allowed.unlock && (
          <Button disabled={disabled} onClick={() => unlock.submit({ id: user.id })}>
            {t("unlock")}
          </Button>
        )}
        {allowed.manage && (
          <>
            <Button
              variant={user.active ? "danger" : "secondary"}
              disabled={disabled}
              onClick={() => {
                if (user.active && !window.confirm(t("confirmDeactivate"))) return;
                active.submit({ id: user.id, active: !user.active });
              }}
            >
              {user.active ? t("deactivate") : t("reactivate")}
            </Button>
            <Button
              disabled={disabled}
              onClick={() => {
                if (!window.confirm(t("confirmReset"))) return;
                setOneTime(null);
                reset.submit({ id: user.id });
              }}
            >
              {t("resetPassword")}
            </Button>
          </>
        )}
      </div>
      {oneTime && <OneTimePasswords title={t("resetDone", { username: user.username })} accounts={[{ username: user.username, password: oneTime }]} />}
    </div>
  );
}
