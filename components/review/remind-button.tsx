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
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" disabled={!hydrated || pending}
        onClick={() => start(async () => {
          const res = await remindAction({ regionCode });
          setDone(res.ok ? (res.alreadyToday ? t("remindedToday") : t("reminded", { count: res.assignments })) : t.has(`errors.${res.message}`) ? t(`errors.${res.message}`) : t("errors.unexpected"));
        })}
        className="rounded-md px-2 py-1 text-xs text-amber-800 ring-1 ring-amber-300 hover:bg-amber-50">{t("remind")}</button>
      {done && <span role="status" className="text-xs text-slate-600">{done}</span>}
    </span>
  );
}
