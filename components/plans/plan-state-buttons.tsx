"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { setPlanStateAction } from "@/lib/actions/plans";
import { planTransitions } from "@/lib/domain/task-tree";
import { StatusMessage, buttonClass, primaryClass, usePlanAction } from "./use-plan-action";

type State = "draft" | "published" | "closed";
const label: Record<State, Record<string, string>> = {
  draft: { published: "publish" },
  published: { closed: "close", draft: "unpublish" },
  closed: { published: "reopen" },
};

/** The plan's next states as buttons; publishing and closing ask for a confirmation first. */
export function PlanStateButtons({ planId, state }: { planId: number; state: State }) {
  const t = useTranslations("planEdit");
  const { busy, message, run } = usePlanAction();
  const [confirming, setConfirming] = useState<State | null>(null);
  const go = (to: State) => run({ input: { planId, state: to }, action: setPlanStateAction, onOk: () => setConfirming(null) });
  return (
    <div className="flex flex-wrap items-center gap-2">
      {planTransitions[state].map((to) => (
        <button key={to} type="button" disabled={busy} className={to === "published" && state === "draft" ? primaryClass : buttonClass}
          onClick={() => (to === "published" && state === "draft") || to === "closed" ? setConfirming(to) : go(to)}>
          {t(label[state][to]!)}
        </button>
      ))}
      {confirming && (
        <span role="alertdialog" aria-label={t(label[state][confirming]!)} className="flex items-center gap-2 rounded-md bg-amber-50 px-2 py-1 text-sm ring-1 ring-amber-200">
          {t(confirming === "closed" ? "confirmClose" : "confirmPublish")}
          <button type="button" className={primaryClass} disabled={busy} onClick={() => go(confirming)}>{t("confirm")}</button>
          <button type="button" className={buttonClass} onClick={() => setConfirming(null)}>{t("cancel")}</button>
        </span>
      )}
      <StatusMessage message={message} />
    </div>
  );
}
