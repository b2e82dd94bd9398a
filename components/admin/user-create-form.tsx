"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { createUserAction } from "@/lib/actions/admin";
import { useErrorText } from "./error-text";
import { OneTimePasswords } from "./one-time-passwords";
import { BUSINESS_ROLES, UserFields, fieldText, refusedField, type RegionChoice } from "./user-fields";

/** Creates a user; the one-time password is shown once, here. */
export function UserCreateForm({ regions }: { regions: RegionChoice[] }) {
  const t = useTranslations("admin.users");
  const errorText = useErrorText("admin");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  return (
    <form
      data-testid="user-create-form"
      className="space-y-3 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const fd = new FormData(form);
        start(async () => {
          const res = await createUserAction({
            username: fieldText(fd, "username"),
            name: fieldText(fd, "name"),
            role: fieldText(fd, "role") as "bureau",
            regionCode: fieldText(fd, "regionCode"),
            office: fieldText(fd, "office"),
            email: fieldText(fd, "email"),
            phone: fieldText(fd, "phone"),
          });
          setInvalid(res.ok ? null : refusedField(res));
          if (res.ok) {
            setError(null);
            setCreated({ username: res.username, password: res.oneTimePassword });
            form.reset();
            router.refresh();
          } else setError(errorText(res));
        });
      }}
    >
      <h2 className="font-semibold">{t("createTitle")}</h2>
      <div className="flex flex-wrap items-end gap-2">
        <label>{t("username")}<br /><input name="username" required autoComplete="off" className="rounded-md border border-slate-300 px-2 py-1" /></label>
        <label>{t("name")}<br /><input name="name" required className="rounded-md border border-slate-300 px-2 py-1" /></label>
        <UserFields regions={regions} roleChoices={BUSINESS_ROLES} invalid={invalid} />
        <button type="submit" disabled={!hydrated || pending} className="rounded-md bg-brand-700 px-3 py-1 text-white disabled:opacity-50">{t("create")}</button>
      </div>
      {error && <p role="alert" className="text-red-700">{error}</p>}
      {created && <OneTimePasswords title={t("created", { username: created.username })} accounts={[created]} />}
    </form>
  );
}
