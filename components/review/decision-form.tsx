"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { approveAction, returnAction } from "@/lib/actions/review";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadReviewSchema = () => import("@/lib/validation/review").then((m) => m.reviewSchema);

type Decision = "approve" | "return";
type DecisionInput = { reportId: number; version: number; decision: Decision; comment?: string };

/** One decision, by the action that stands for it; the answer says which it was. */
async function decide({ decision, ...input }: DecisionInput) {
  const res = decision === "approve" ? await approveAction(input) : await returnAction({ ...input, comment: input.comment ?? "" });
  return res.ok ? { ...res, decision } : res;
}

/**
 * Approve, or return with a comment (required). The version guards against a stale decision.
 * `open` is false once the report is no longer awaiting review: then `children` (the decision as
 * recorded) shows, unless this form has just made the decision, whose confirmation stays.
 */
export function DecisionForm({ reportId, version, open = true, nextId = null, remaining = 0, children = null }: { reportId: number; version: number; open?: boolean; nextId?: number | null; remaining?: number; children?: ReactNode }) {
  const t = useTranslations("review");
  const [comment, setComment] = useState("");
  const [done, setDone] = useState<Decision | null>(null);
  // The confirmation below is the outcome (with 下一条), so no toast for a success; a refusal is one.
  // The action's revalidation re-renders the page with `open` false; this state survives it.
  const form = useFormAction<DecisionInput, { decision: Decision }>({
    action: decide,
    schema: loadReviewSchema,
    errorText: (code) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null),
    onOk: (res) => setDone(res.decision),
  });
  const send = (decision: Decision) => form.submit({ reportId, version, decision, comment: decision === "approve" ? comment.trim() || undefined : comment });
  if (done) {
    // Say what happened, and offer the next report in the queue rather than dropping the reviewer back on the list.
    return (
      <div role="status" className="space-y-2 rounded-xl bg-emerald-50 p-4 ring-1 ring-emerald-200" data-testid="decision-done">
        <p className="font-medium text-emerald-800">{t(done === "approve" ? "approvedDone" : "returnedDone")}</p>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          {nextId ? (
            <Link href={`/review/${nextId}`} className={buttonClass("primary")} data-testid="next-report">{t("next", { count: remaining })}</Link>
          ) : <span className="text-slate-600">{t("queueEmpty")}</span>}
          <Link href="/review" className="text-brand-700 underline">{t("backToQueue")}</Link>
        </div>
      </div>
    );
  }
  if (!open) return <>{children}</>;
  return (
    <Card className="space-y-2">
      <Field label={t("comment")} error={form.error("comment")}>
        {(control) => <Textarea name="comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={2000} {...control} />}
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" disabled={form.busy} onClick={() => send("approve")}>{t("approve")}</Button>
        <Button variant="danger" disabled={form.busy} onClick={() => send("return")}>{t("return")}</Button>
      </div>
    </Card>
  );
}
