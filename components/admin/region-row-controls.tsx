"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { renameRegionAction, setRegionActiveAction } from "@/lib/actions/admin";
import { useErrorText } from "./error-text";
import { fieldText } from "./user-fields";

/** Rename and deactivate/reactivate one region; there is no delete. */
export function RegionRowControls({ region }: { region: { code: string; nameZh: string; nameEn: string; active: boolean; level: string } }) {
  const t = useTranslations("admin.regions");
  const errorText = useErrorText("admin");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const disabled = !hydrated || pending;
  const done = (res: { ok: boolean; message?: string; errors?: Record<string, string> }) => {
    if (res.ok) {
      setError(null);
      setEditing(false);
      router.refresh();
    } else setError(errorText(res as { message: string }));
  };
  if (editing)
    return (
      <form
        className="flex flex-wrap gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          start(async () => done(await renameRegionAction({ code: region.code, nameZh: fieldText(fd, "nameZh"), nameEn: fieldText(fd, "nameEn") })));
        }}
      >
        <input name="nameZh" aria-label={t("nameZh")} defaultValue={region.nameZh} required className="w-28 rounded-md border border-slate-300 px-1" />
        <input name="nameEn" aria-label={t("nameEn")} defaultValue={region.nameEn} className="w-28 rounded-md border border-slate-300 px-1" />
        <button type="submit" disabled={disabled} className="text-brand-700 underline">{t("save")}</button>
        <button type="button" onClick={() => setEditing(false)} className="underline">{t("cancel")}</button>
        {error && <span role="alert" className="text-red-700">{error}</span>}
      </form>
    );
  return (
    <span className="flex flex-wrap gap-2">
      <button type="button" disabled={disabled} onClick={() => setEditing(true)} className="text-brand-700 underline">{t("rename")}</button>
      {region.level !== "province" && (
        <button type="button" disabled={disabled} className="text-brand-700 underline" onClick={() => start(async () => done(await setRegionActiveAction({ code: region.code, active: !region.active })))}>
          {region.active ? t("deactivate") : t("reactivate")}
        </button>
      )}
      {error && <span role="alert" className="text-red-700">{error}</span>}
    </span>
  );
}
