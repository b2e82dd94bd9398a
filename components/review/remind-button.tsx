"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { remindAction } from "@/lib/actions/review";

/** 催办: reminds a region of everything it has not submitted this period. */
export function RemindButton({ regionCode }: { regionCode: string }) {
  const t = useTranslations("review");
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [done, setDone] = useState<string | null>(null);
  const [again, setAgain] = useState(false);
  const remind = (confirm: boolean) =>
    start(async () => {
      const res = await remindAction({ regionCode, confirm });
      setAgain(res.ok && Boolean(res.alreadyToday));
      setDone(res.ok ? (res.alreadyToday ? t("remindedToday") : t("reminded", { count: res.assignments })) : t.has(`errors.${res.message}`) ? t(`errors.${res.message}`) : t("errors.unexpected"));
    });
  return (
    // On a phone the status and the confirmation wrap below the button, the buttons staying one line each.
    <span className="flex flex-wrap items-center justify-end gap-x-2 gap-y-1">
      <button type="button" disabled={!hydrated || pending}
        onClick={() => remind(false)}
        className="whitespace-nowrap rounded-md px-2 py-1 text-xs text-amber-800 ring-1 ring-amber-300 hover:bg-amber-50">{t("remind")}</button>
      {done && <span role="status" className="text-xs text-slate-600">{done}</span>}
      {/* Once a day unless staff confirm: a second 催办 the same day is sent only from here. */}
      {again && <button type="button" disabled={pending} onClick={() => remind(true)} className="whitespace-nowrap rounded-md px-2 py-1 text-xs text-red-800 ring-1 ring-red-300 hover:bg-red-50">{t("remindAgain")}</button>}
    </span>
  );
}
