"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, useTransition, type ReactNode } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { approveAction, returnAction } from "@/lib/actions/review";

/**
 * Approve, or return with a comment (required). The version guards against a stale decision.
 * `open` is false once the report is no longer awaiting review: then `children` (the decision as
 * recorded) shows, unless this form has just made the decision, whose confirmation stays.
 */
export function DecisionForm({ reportId, version, open = true, nextId = null, remaining = 0, children = null }: { reportId: number; version: number; open?: boolean; nextId?: number | null; remaining?: number; children?: ReactNode }) {
  const t = useTranslations("review");
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<"approve" | "return" | null>(null);
  const decide = (kind: "approve" | "return") =>
    start(async () => {
      if (kind === "return" && comment.trim() === "") {
        setError(t("errors.commentRequired"));
        return;
      }
      const res = kind === "approve" ? await approveAction({ reportId, version, comment: comment.trim() || undefined }) : await returnAction({ reportId, version, comment });
      if (res.ok) {
        // Say what happened, and offer the next report in the queue rather than dropping the reviewer back on the list.
        // The action's revalidation re-renders the page with `open` false; this state survives it.
        setDone(kind);
        setError(null);
      } else {
        setError(t.has(`errors.${res.errors?.comment ?? res.message}`) ? t(`errors.${res.errors?.comment ?? res.message}`) : t("errors.unexpected"));
      }
    });
  if (done) {
    return (
      <div role="status" className="space-y-2 rounded-xl bg-emerald-50 p-4 ring-1 ring-emerald-200" data-testid="decision-done">
        <p className="font-medium text-emerald-800">{t(done === "approve" ? "approvedDone" : "returnedDone")}</p>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          {nextId ? (
            <Link href={`/review/${nextId}`} className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700" data-testid="next-report">{t("next", { count: remaining })}</Link>
          ) : <span className="text-slate-600">{t("queueEmpty")}</span>}
          <Link href="/review" className="text-brand-700 underline">{t("backToQueue")}</Link>
        </div>
      </div>
    );
  }
  if (!open) return <>{children}</>;
  return (
    <div className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
      <label className="block text-sm">
        {t("comment")}
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={2000} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5" />
      </label>
      <div className="flex items-center gap-2">
        <button type="button" disabled={!hydrated || pending} onClick={() => decide("approve")} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white">{t("approve")}</button>
        <button type="button" disabled={!hydrated || pending} onClick={() => decide("return")} className="rounded-md px-4 py-1.5 text-sm text-red-700 ring-1 ring-red-300">{t("return")}</button>
        {error && <span role="status" className="text-sm text-red-600">{error}</span>}
      </div>
    </div>
  );
}
