"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { resetUserTwoFactorAction } from "@/lib/actions/security";

/** The security administrator turns off a user's two-step verification (a lost phone and recovery codes). */
export function ResetTwoFactorButton({ userId }: { userId: number }) {
  const t = useTranslations("securityPolicy");
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section className="max-w-xl space-y-2 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200">
      <p className="text-slate-600">{t("resetTwoFactorHint")}</p>
      <button type="button" disabled={!hydrated || busy} data-testid="reset-two-factor" className="rounded-md px-3 py-1 text-red-700 ring-1 ring-red-300 disabled:opacity-50"
        onClick={() => start(async () => {
          const res = await resetUserTwoFactorAction({ id: userId });
          setMessage(res.ok ? t("resetDone") : t.has(`errors.${res.message}`) ? t(`errors.${res.message}`) : t("errors.unexpected"));
          if (res.ok) router.refresh();
        })}>
        {t("resetTwoFactor")}
      </button>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
