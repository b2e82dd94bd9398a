"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { resetPasswordAction, setUserActiveAction, unlockUserAction, updateUserAction } from "@/lib/actions/admin";
import { useErrorText } from "./error-text";
import { OneTimePasswords } from "./one-time-passwords";
import { UserFields, fieldText, refusedField, type RegionChoice } from "./user-fields";

export type EditableUser = { id: number; username: string; name: string; role: string; regionCode: string | null; office: string | null; email: string | null; phone: string | null; active: boolean };

/** What the viewer may do here: the system administrator edits and resets, the security administrator grants roles and unlocks. */
export type UserEditAllowed = { manage: boolean; role: boolean; unlock: boolean };

/** Edits one user; deactivates or reactivates; resets the password (shown once); unlocks sign-ins. */
export function UserEditForm({ user, regions, allowed }: { user: EditableUser; regions: RegionChoice[]; allowed: UserEditAllowed }) {
  const t = useTranslations("admin.users");
  const errorText = useErrorText("admin");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [oneTime, setOneTime] = useState<string | null>(null);
  const disabled = !hydrated || pending;
  return (
    <div className="space-y-4">
      <form
        data-testid="user-edit-form"
        className="space-y-3 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          start(async () => {
            const res = await updateUserAction({
              id: user.id,
              name: fieldText(fd, "name"),
              role: fieldText(fd, "role") as "bureau",
              regionCode: fieldText(fd, "regionCode"),
              office: fieldText(fd, "office"),
              email: fieldText(fd, "email"),
              phone: fieldText(fd, "phone"),
            });
            setMessage(res.ok ? t("saved") : errorText(res));
            setFailed(!res.ok);
            setInvalid(res.ok ? null : refusedField(res));
            if (res.ok) router.refresh();
          });
        }}
      >
        <div className="flex flex-wrap items-end gap-2">
          <label>{t("name")}<br /><input name="name" required readOnly={!allowed.manage} defaultValue={user.name} className="rounded-md border border-slate-300 px-2 py-1 read-only:bg-slate-50" /></label>
          <UserFields regions={regions} defaults={user} roleLocked={!allowed.role} contactLocked={!allowed.manage} invalid={invalid} />
          <button type="submit" disabled={disabled} className="rounded-md bg-brand-700 px-3 py-1 text-white disabled:opacity-50">{t("save")}</button>
        </div>
        <p className="text-slate-500">{t("accessNote")}</p>
      </form>
      <div className="flex flex-wrap gap-2 text-sm">
        {allowed.unlock && (
          <button
            type="button"
            disabled={disabled}
            className="rounded-md px-3 py-1 ring-1 ring-slate-300 disabled:opacity-50"
            onClick={() =>
              start(async () => {
                const res = await unlockUserAction({ id: user.id });
                setMessage(res.ok ? t("unlocked") : errorText(res));
                setFailed(!res.ok);
              })
            }
          >
            {t("unlock")}
          </button>
        )}
        {allowed.manage && (<>
        <button
          type="button"
          disabled={disabled}
          className="rounded-md px-3 py-1 ring-1 ring-slate-300 disabled:opacity-50"
          onClick={() => {
            if (user.active && !window.confirm(t("confirmDeactivate"))) return;
            start(async () => {
              const res = await setUserActiveAction({ id: user.id, active: !user.active });
              setMessage(res.ok ? t("saved") : errorText(res));
              setFailed(!res.ok);
              if (res.ok) router.refresh();
            });
          }}
        >
          {user.active ? t("deactivate") : t("reactivate")}
        </button>
        <button
          type="button"
          disabled={disabled}
          className="rounded-md px-3 py-1 ring-1 ring-slate-300 disabled:opacity-50"
          onClick={() => {
            if (!window.confirm(t("confirmReset"))) return;
            start(async () => {
              const res = await resetPasswordAction({ id: user.id });
              if (res.ok) {
                setMessage(null);
                setOneTime(res.oneTimePassword);
                router.refresh();
              } else {
                setMessage(errorText(res));
                setFailed(true);
              }
            });
          }}
        >
          {t("resetPassword")}
        </button>
        </>)}
      </div>
      {message && <p role="status" className={`text-sm ${failed ? "text-red-700" : ""}`}>{message}</p>}
      {oneTime && <OneTimePasswords title={t("resetDone", { username: user.username })} accounts={[{ username: user.username, password: oneTime }]} />}
    </div>
  );
}
