"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { moveTaskAction } from "@/lib/actions/plans";
import { usePlanErrorText } from "./use-plan-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadTaskMoveSchema = () => import("@/lib/validation/plan").then((m) => m.taskMoveSchema);

/** Moves a task under another parent (never under itself or its measures: those are not offered, and the server refuses them). */
export function TaskMoveForm({ taskId, parentId, parents }: { taskId: number; parentId: number | null; parents: { id: number; number: string; title: string; depth: number }[] }) {
  const t = useTranslations("taskTree");
  const errorText = usePlanErrorText();
  const form = useFormAction({ action: moveTaskAction, schema: loadTaskMoveSchema, errorText, okText: t("moved") });
  const [parent, setParent] = useState(parentId === null ? "" : String(parentId));
  const [position, setPosition] = useState("last");
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    form.submit({ taskId, parentId: parent === "" ? null : Number(parent), position: position === "first" ? 0 : 100_000 });
  };
  return (
    <form onSubmit={submit} noValidate className="flex min-w-0 flex-wrap items-start gap-2" aria-label={t("move")}>
      <Field label={t("moveTo")} error={form.error("parentId")} className="min-w-0 max-w-md">
        {(control) => (
          <Select name="parentId" value={parent} onChange={(e) => setParent(e.target.value)} {...control}>
            <option value="">{t("topLevel")}</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {"\u00a0".repeat((p.depth - 1) * 2)}
                {p.number} {p.title.slice(0, 40)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t("position")} error={form.error("position")}>
        {(control) => (
          <Select name="position" value={position} onChange={(e) => setPosition(e.target.value)} {...control}>
            <option value="first">{t("first")}</option>
            <option value="last">{t("last")}</option>
          </Select>
        )}
      </Field>
      <Button type="submit" className="mt-6" disabled={form.busy}>
        {t("move")}
      </Button>
    </form>
  );
}
