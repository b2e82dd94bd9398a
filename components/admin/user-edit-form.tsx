"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { resetPasswordAction, setUserActiveAction, updateUserAction } from "@/lib/actions/admin";
import { useErrorText } from "./error-text";
import { OneTimePasswords } from "./one-time-passwords";
import { UserFields, fieldText, type RegionChoice } from "./user-fields";

export type EditableUser = { id: number; username: string; name: string; role: string; regionCode: string | null; office: string | null; phone: string | null; active: boolean };

/** Edits one user; deactivates or reactivates; resets the password (shown once). */
export function UserEditForm({ user, regions }: { user: EditableUser; regions: RegionChoice[] }) {
  const t = useTranslations("admin.users");
  const errorText = useErrorText("admin");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
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
              phone: fieldText(fd, "phone"),
            });
            setMessage(res.ok ? t("saved") : errorText(res));
            if (res.ok) router.refresh();
          });
        }}
      >
        <div className="flex flex-wrap items-end gap-2">
          <label>{t("name")}<br /><input name="name" required defaultValue={user.name} className="rounded-md border border-slate-300 px-2 py-1" /></label>
          <UserFields regions={regions} defaults={user} />
          <button type="submit" disabled={disabled} className="rounded-md bg-brand-700 px-3 py-1 text-white disabled:opacity-50">{t("save")}</button>
        </div>
        <p className="text-slate-500">{t("accessNote")}</p>
      </form>
      <div className="flex flex-wrap gap-2 text-sm">
        <button
          type="button"
          disabled={disabled}
          className="rounded-md px-3 py-1 ring-1 ring-slate-300 disabled:opacity-50"
          onClick={() => {
            if (user.active && !window.confirm(t("confirmDeactivate"))) return;
            start(async () => {
              const res = await setUserActiveAction({ id: user.id, active: !user.active });
              setMessage(res.ok ? t("saved") : errorText(res));
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
              } else setMessage(errorText(res));
            });
          }}
        >
          {t("resetPassword")}
        </button>
      </div>
      {message && <p role="status" className="text-sm">{message}</p>}
      {oneTime && <OneTimePasswords title={t("resetDone", { username: user.username })} accounts={[{ username: user.username, password: oneTime }]} />}
    </div>
  );
}
