"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { saveOfficesAction } from "@/lib/actions/offices";

/** The department's offices, one a line: the list a task's 牵头处室 is picked from. */
export function OfficesForm({ offices }: { offices: string[] }) {
  const t = useTranslations("admin.offices");
  const [state, action, pending] = useActionState(saveOfficesAction, null);
  const code = state && !state.ok ? (state.errors?.offices ?? state.message) : null;
  return (
    <form action={action} className="max-w-xl space-y-4 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200" data-testid="offices-form">
      <label className="block space-y-1">
        <span className="font-medium">{t("label")}</span>
        <textarea name="offices" rows={Math.min(20, Math.max(6, offices.length + 2))} defaultValue={offices.join("\n")} className="w-full rounded-md border border-slate-300 px-2 py-1.5" aria-invalid={Boolean(code)} aria-describedby="offices-hint" />
        <span id="offices-hint" className="block text-xs text-slate-500">{t("hint")}</span>
      </label>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-4 py-1.5 font-medium text-white hover:bg-slate-700 disabled:opacity-50" data-testid="offices-save">
          {t("save")}
        </button>
        <span role="status" className={code ? "text-red-700" : "text-emerald-700"}>
          {state ? (state.ok ? t("saved", { count: state.offices.length }) : t(`errors.${["required", "duplicate", "tooLong", "tooMany", "badCharacters", "forbidden"].includes(code ?? "") ? code : "invalid"}`)) : null}
        </span>
      </div>
    </form>
  );
}
