"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { reopenAction } from "@/lib/actions/review";

/** Opens a closed period again for one region of one plan, for some days (audited). */
export function ReopenForm({ plans, regions }: { plans: { id: number; label: string }[]; regions: { code: string; label: string }[] }) {
  const t = useTranslations("review");
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-end gap-2 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        start(async () => {
          const res = await reopenAction({ planId: Number(fd.get("planId")), regionCode: String(fd.get("regionCode")), period: String(fd.get("period")), days: Number(fd.get("days")) });
          setMessage(res.ok ? t("reopened", { until: res.openUntil }) : t.has(`errors.${Object.values(res.errors ?? {})[0] ?? res.message}`) ? t(`errors.${Object.values(res.errors ?? {})[0] ?? res.message}`) : t("errors.unexpected"));
        });
      }}
    >
      <h2 className="w-full font-semibold">{t("reopenTitle")}</h2>
      <label className="block w-full min-w-0 sm:w-auto">{t("plan")}<br /><select name="planId" className="w-full max-w-full rounded-md border border-slate-300 px-2 py-1">{plans.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}</select></label>
      <label>{t("region")}<br /><select name="regionCode" className="rounded-md border border-slate-300 px-2 py-1">{regions.map((r) => <option key={r.code} value={r.code}>{r.label}</option>)}</select></label>
      <label>{t("period")}<br /><input name="period" required placeholder="2026-10" className="w-24 rounded-md border border-slate-300 px-2 py-1" /></label>
      <label>{t("days")}<br /><input name="days" type="number" min={1} max={30} defaultValue={7} className="w-16 rounded-md border border-slate-300 px-2 py-1" /></label>
      <button type="submit" disabled={!hydrated || pending} className="rounded-md px-3 py-1 ring-1 ring-slate-300">{t("reopen")}</button>
      {message && <span role="status" className="text-slate-700">{message}</span>}
    </form>
  );
}
