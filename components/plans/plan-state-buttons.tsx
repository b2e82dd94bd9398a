"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";
import { setPlanStateAction } from "@/lib/actions/plans";
import { planTransitions } from "@/lib/domain/task-tree";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadPlanStateSchema = () => import("@/lib/validation/plan").then((m) => m.planStateSchema);

type State = "draft" | "published" | "closed";
const label: Record<State, Record<string, string>> = {
  draft: { published: "publish" },
  published: { closed: "close", draft: "unpublish" },
  closed: { published: "reopen" },
};

/** The plan's next states as buttons; publishing and closing ask for a confirmation first. */
export function PlanStateButtons({ planId, state }: { planId: number; state: State }) {
  const t = useTranslations("planEdit");
  const errorText = usePlanErrorText();
  const [confirming, setConfirming] = useState<State | null>(null);
  // The state shown beside the title changes: no toast needed.
  const form = useFormAction({ action: setPlanStateAction, schema: loadPlanStateSchema, errorText, onOk: () => setConfirming(null) });
  const go = (to: State) => form.submit({ planId, state: to });
  return (
    <div className="flex flex-wrap items-center gap-2">
      {planTransitions[state].map((to) => (
        <Button key={to} disabled={form.busy} variant={to === "published" && state === "draft" ? "primary" : "secondary"}
          onClick={() => ((to === "published" && state === "draft") || to === "closed" ? setConfirming(to) : go(to))}>
          {t(label[state][to]!)}
        </Button>
      ))}
      {confirming && (
        <span role="alertdialog" aria-label={t(label[state][confirming]!)} className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-2 py-1 text-sm ring-1 ring-amber-200">
          {t(confirming === "closed" ? "confirmClose" : "confirmPublish")}
          <Button variant="primary" disabled={form.busy} onClick={() => go(confirming)}>
            {t("confirm")}
          </Button>
          <Button onClick={() => setConfirming(null)}>{t("cancel")}</Button>
        </span>
      )}
    </div>
  );
}
