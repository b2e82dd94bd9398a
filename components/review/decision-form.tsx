"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { approveAction, returnAction } from "@/lib/actions/review";

/** Approve, or return with a comment (required). The version guards against a stale decision. */
export function DecisionForm({ reportId, version }: { reportId: number; version: number }) {
  const t = useTranslations("review");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const decide = (kind: "approve" | "return") =>
    start(async () => {
      if (kind === "return" && comment.trim() === "") {
        setError(t("errors.commentRequired"));
        return;
      }
      const res = kind === "approve" ? await approveAction({ reportId, version, comment: comment.trim() || undefined }) : await returnAction({ reportId, version, comment });
      if (res.ok) {
        router.push("/review");
        router.refresh();
      } else {
        setError(t.has(`errors.${res.errors?.comment ?? res.message}`) ? t(`errors.${res.errors?.comment ?? res.message}`) : t("errors.unexpected"));
      }
    });
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
