"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteTaskAction } from "@/lib/actions/plans";
import { StatusMessage, buttonClass, usePlanAction } from "./use-plan-action";

/** Delete (or, when it has reports, archive) a task: only after the user confirms. */
export function TaskDeleteButton({ planId, taskId, title, hasReports }: { planId: number; taskId: number; title: string; hasReports: boolean }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const router = useRouter();
  const { busy, message, run } = usePlanAction();
  const [confirming, setConfirming] = useState(false);
  const label = hasReports ? t("archive") : t("delete");
  return (
    <div className="flex flex-wrap items-center gap-2">
      {!confirming && <button type="button" className={`${buttonClass} text-red-700`} disabled={busy} onClick={() => setConfirming(true)}>{label}</button>}
      {confirming && (
        <div role="alertdialog" aria-label={label} className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 p-2 text-sm ring-1 ring-red-200">
          <span>{hasReports ? t("archiveConfirm", { title }) : t("deleteConfirm", { title })}</span>
          <button type="button" className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700" disabled={busy}
            onClick={() => run({ input: { taskId, confirm: true }, action: deleteTaskAction, onOk: () => router.push(`/plans/${planId}`) })}>
            {tp("confirm")}
          </button>
          <button type="button" className={buttonClass} onClick={() => setConfirming(false)}>{tp("cancel")}</button>
        </div>
      )}
      <StatusMessage message={message} />
    </div>
  );
}
