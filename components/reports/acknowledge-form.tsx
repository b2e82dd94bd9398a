"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { acknowledgeAction } from "@/lib/actions/reports";

/** 签收: names the contact person for a newly assigned measure. */
export function AcknowledgeForm({ assignmentId, contactName }: { assignmentId: number; contactName: string | null }) {
  const t = useTranslations("report");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [name, setName] = useState(contactName ?? "");
  const [phone, setPhone] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-end gap-2 rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-200"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const res = await acknowledgeAction({ assignmentId, contactName: name, contactPhone: phone || undefined });
          if (res.ok) router.refresh();
          else setError(t.has(`errors.${res.errors?.contactName ?? res.message}`) ? t(`errors.${res.errors?.contactName ?? res.message}`) : t("errors.unexpected"));
        });
      }}
    >
      <span className="w-full font-medium text-amber-900">{t("toAcknowledge")}</span>
      <label>{t("contactName")}<input value={name} onChange={(e) => setName(e.target.value)} maxLength={50} className="ml-1 rounded border border-slate-300 px-2 py-1" /></label>
      <label>{t("contactPhone")}<input value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={32} className="ml-1 rounded border border-slate-300 px-2 py-1" /></label>
      <button type="submit" disabled={!hydrated || pending} className="rounded-md bg-amber-600 px-3 py-1 font-medium text-white">{t("acknowledge")}</button>
      {error && <span role="status" className="text-red-600">{error}</span>}
    </form>
  );
}
