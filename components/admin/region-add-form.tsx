"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { createRegionAction } from "@/lib/actions/admin";
import { useErrorText } from "./error-text";
import { fieldText, type RegionChoice } from "./user-fields";

/** Adds a league-city (below the province) or a banner-county (below a league-city). */
export function RegionAddForm({ parents }: { parents: RegionChoice[] }) {
  const t = useTranslations("admin.regions");
  const errorText = useErrorText("admin");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const input = "rounded-md border border-slate-300 px-2 py-1";
  return (
    <form
      className="flex flex-wrap items-end gap-2 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const fd = new FormData(form);
        start(async () => {
          const res = await createRegionAction({ code: fieldText(fd, "code"), nameZh: fieldText(fd, "nameZh"), nameEn: fieldText(fd, "nameEn"), parentCode: fieldText(fd, "parentCode") });
          if (res.ok) {
            setError(null);
            form.reset();
            router.refresh();
          } else setError(errorText(res));
        });
      }}
    >
      <h2 className="w-full font-semibold">{t("addTitle")}</h2>
      <label>{t("parent")}<br />
        <select name="parentCode" className={input}>{parents.map((p) => <option key={p.code} value={p.code}>{p.label}</option>)}</select>
      </label>
      <label>{t("code")}<br /><input name="code" required pattern="\d{6}" className={`${input} w-24`} /></label>
      <label>{t("nameZh")}<br /><input name="nameZh" required className={input} /></label>
      <label>{t("nameEn")}<br /><input name="nameEn" className={input} /></label>
      <button type="submit" disabled={!hydrated || pending} className="rounded-md bg-brand-700 px-3 py-1 text-white disabled:opacity-50">{t("add")}</button>
      {error && <p role="alert" className="w-full text-red-700">{error}</p>}
    </form>
  );
}
