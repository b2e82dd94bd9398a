"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { createBureauAccountsAction } from "@/lib/actions/admin";
import { useErrorText } from "./error-text";
import { OneTimePasswords } from "./one-time-passwords";

/** Creates the missing bureau accounts and shows their one-time passwords once. */
export function BulkBureauButton() {
  const t = useTranslations("admin.users");
  const errorText = useErrorText("admin");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<{ username: string; password: string; label: string }[]>([]);
  return (
    <div className="space-y-2 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200">
      <h2 className="font-semibold">{t("bulkTitle")}</h2>
      <p className="text-slate-600">{t("bulkHint")}</p>
      <button
        type="button"
        disabled={!hydrated || pending}
        className="rounded-md px-3 py-1 ring-1 ring-slate-300 disabled:opacity-50"
        onClick={() =>
          start(async () => {
            const res = await createBureauAccountsAction();
            if (!res.ok) return setMessage(errorText(res));
            setMessage(res.created.length === 0 ? t("bulkNone") : null);
            setCreated(res.created.map((c) => ({ username: c.username, password: c.oneTimePassword, label: c.regionName })));
            router.refresh();
          })
        }
      >
        {t("bulk")}
      </button>
      {message && <p role="status">{message}</p>}
      {created.length > 0 && <OneTimePasswords title={t("bulkDone", { count: created.length })} accounts={created} />}
    </div>
  );
}
