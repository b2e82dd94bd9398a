"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";
import { deleteTaskAction } from "@/lib/actions/plans";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadTaskDeleteSchema = () => import("@/lib/validation/plan").then((m) => m.taskDeleteSchema);

/** Delete (or, when it has reports, archive) a task: only after the user confirms. */
export function TaskDeleteButton({ planId, taskId, title, hasReports }: { planId: number; taskId: number; title: string; hasReports: boolean }) {
  const t = useTranslations("taskTree");
  const tp = useTranslations("planEdit");
  const router = useRouter();
  const errorText = usePlanErrorText();
  const [confirming, setConfirming] = useState(false);
  const form = useFormAction<unknown, { result: "deleted" | "archived"; count: number }>({
    action: deleteTaskAction,
    schema: loadTaskDeleteSchema,
    errorText,
    okText: (res) => (res.result === "archived" ? t("archivedDone") : t("deleted")),
    onOk: () => router.push(`/plans/${planId}`),
    refresh: false,
  });
  const label = hasReports ? t("archive") : t("delete");
  return (
    <div className="flex flex-wrap items-center gap-2">
      {!confirming && (
        <Button variant="danger" disabled={form.busy} onClick={() => setConfirming(true)}>
          {label}
        </Button>
      )}
      {confirming && (
        <div role="alertdialog" aria-label={label} className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 p-2 text-sm ring-1 ring-red-200">
          <span>{hasReports ? t("archiveConfirm", { title }) : t("deleteConfirm", { title })}</span>
          <Button variant="danger" className="font-medium" disabled={form.busy} onClick={() => form.submit({ taskId, confirm: true })}>
            {tp("confirm")}
          </Button>
          <Button onClick={() => setConfirming(false)}>{tp("cancel")}</Button>
        </div>
      )}
    </div>
  );
}
