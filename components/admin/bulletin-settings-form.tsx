"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { saveBulletinSettingsAction } from "@/lib/actions/bulletin-settings";
import type { BulletinSettings } from "@/lib/validation/bulletin";

/** The bulletin's header: the red mark and the 文号 prefix, with a preview of how a bulletin is numbered. */
export function BulletinSettingsForm({ settings, year }: { settings: BulletinSettings; year: number }) {
  const t = useTranslations("admin.bulletin");
  const [state, action, pending] = useActionState(saveBulletinSettingsAction, null);
  const error = (field: string) => (state && !state.ok && state.errors?.[field] ? t(`errors.${state.errors[field] === "tooLong" ? "tooLong" : "invalid"}`) : null);
  return (
    <form action={action} className="max-w-xl space-y-4 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200" data-testid="bulletin-settings">
      <label className="block space-y-1">
        <span className="font-medium">{t("agencyMark")}</span>
        <input name="agencyMark" required maxLength={40} defaultValue={settings.agencyMark} className="w-full rounded-md border border-slate-300 px-2 py-1.5" aria-invalid={Boolean(error("agencyMark"))} />
        <span className="block text-xs text-slate-500">{t("agencyMarkHint")}</span>
        {error("agencyMark") && <span className="block text-xs text-red-700">{error("agencyMark")}</span>}
      </label>
      <label className="block space-y-1">
        <span className="font-medium">{t("docNumberPrefix")}</span>
        <input name="docNumberPrefix" maxLength={20} defaultValue={settings.docNumberPrefix} className="w-full rounded-md border border-slate-300 px-2 py-1.5" aria-invalid={Boolean(error("docNumberPrefix"))} />
        <span className="block text-xs text-slate-500">{t("docNumberPrefixHint", { example: `${settings.docNumberPrefix || "内环督"}〔${year}〕10号` })}</span>
        {error("docNumberPrefix") && <span className="block text-xs text-red-700">{error("docNumberPrefix")}</span>}
      </label>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-4 py-1.5 font-medium text-white hover:bg-slate-700 disabled:opacity-50" data-testid="bulletin-settings-save">
          {t("save")}
        </button>
        <span role="status" className={state && !state.ok ? "text-red-700" : "text-emerald-700"}>
          {state ? (state.ok ? t("saved") : t("failed")) : null}
        </span>
      </div>
    </form>
  );
}
