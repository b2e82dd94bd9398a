"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { endMyOtherSessionsAction, endMySessionAction } from "@/lib/actions/security";

export function EndSessionButton({ id }: { id: string }) {
  const t = useTranslations("sessions");
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, start] = useTransition();
  return (
    <button type="button" disabled={!hydrated || busy} className="text-red-700 underline disabled:opacity-50"
      onClick={() => start(async () => { await endMySessionAction({ id }); router.refresh(); })}>
      {t("end")}
    </button>
  );
}

/** "Sign out everywhere else": every other session and API token end; this one goes on. */
export function EndOtherSessionsButton() {
  const t = useTranslations("sessions");
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, start] = useTransition();
  const [done, setDone] = useState(false);
  return (
    <div className="flex items-center gap-3">
      <button type="button" disabled={!hydrated || busy} data-testid="end-other-sessions" className="rounded-md px-3 py-1 text-sm text-red-700 ring-1 ring-red-300 disabled:opacity-50"
        onClick={() => start(async () => { const res = await endMyOtherSessionsAction(); setDone(res.ok); router.refresh(); })}>
        {t("endOthers")}
      </button>
      {done && <span role="status" className="text-sm text-slate-600">{t("ended")}</span>}
    </div>
  );
}
