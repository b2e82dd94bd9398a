"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { moveTaskAction } from "@/lib/actions/plans";
import { taskMoveSchema } from "@/lib/validation/plan";
import { FieldError, StatusMessage, buttonClass, inputClass, usePlanAction } from "./use-plan-action";

/** Moves a task under another parent (never under itself or its measures: those are not offered, and the server refuses them). */
export function TaskMoveForm({ taskId, parentId, parents }: { taskId: number; parentId: number | null; parents: { id: number; number: string; title: string; depth: number }[] }) {
  const t = useTranslations("taskTree");
  const { busy, errors, message, run, errorText } = usePlanAction();
  const [parent, setParent] = useState(parentId === null ? "" : String(parentId));
  const [position, setPosition] = useState("last");
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    run({ input: { taskId, parentId: parent === "" ? null : Number(parent), position: position === "first" ? 0 : 100_000 }, schema: taskMoveSchema, action: moveTaskAction, ok: t("moved") });
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-2" aria-label={t("move")}>
      <label className="block text-sm">
        {t("moveTo")}
        <select name="parentId" value={parent} onChange={(e) => setParent(e.target.value)} className={`${inputClass} max-w-md`} aria-invalid={Boolean(errors.parentId)}>
          <option value="">{t("topLevel")}</option>
          {parents.map((p) => <option key={p.id} value={p.id}>{"\u00a0".repeat((p.depth - 1) * 2)}{p.number} {p.title.slice(0, 40)}</option>)}
        </select>
      </label>
      <label className="block text-sm">
        {t("position")}
        <select value={position} onChange={(e) => setPosition(e.target.value)} className={inputClass}>
          <option value="first">{t("first")}</option>
          <option value="last">{t("last")}</option>
        </select>
      </label>
      <button type="submit" className={buttonClass} disabled={busy}>{t("move")}</button>
      <FieldError id="move-parent-err" code={errors.parentId} text={errorText} />
      <StatusMessage message={message} />
    </form>
  );
}
