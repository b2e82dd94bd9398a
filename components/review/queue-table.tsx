"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { approveManyAction } from "@/lib/actions/review";

export type QueueRow = { reportId: number; version: number; period: string; progress: number; status: string; submittedAt: string; region: string; task: string };

/** The review queue, oldest first, with several reports approved at once. */
export function QueueTable({ rows }: { rows: QueueRow[] }) {
  const t = useTranslations("review");
  const tr = useTranslations("report");
  const router = useRouter();
  const hydrated = useHydrated();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const toggle = (id: number) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const all = rows.length > 0 && selected.size === rows.length;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3">
        <button type="button" disabled={!hydrated || pending || selected.size === 0}
          onClick={() => start(async () => {
            const res = await approveManyAction(rows.filter((r) => selected.has(r.reportId)).map((r) => ({ reportId: r.reportId, version: r.version })));
            setMessage(res.ok ? t("approvedMany", { count: res.approved }) : t(`errors.${res.message}`));
            if (res.ok) setSelected(new Set());
            router.refresh();
          })}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
          {t("approveSelected", { count: selected.size })}
        </button>
        {message && <span role="status" className="text-sm text-slate-700">{message}</span>}
      </div>
      <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
        <table className="w-full min-w-[40rem] text-sm" data-testid="review-queue">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-3 py-2"><input type="checkbox" aria-label={t("selectAll")} checked={all} onChange={() => setSelected(all ? new Set() : new Set(rows.map((r) => r.reportId)))} /></th>
              <th className="px-3 py-2">{t("submittedAt")}</th>
              <th className="px-3 py-2">{t("region")}</th>
              <th className="px-3 py-2">{t("task")}</th>
              <th className="px-3 py-2">{t("period")}</th>
              <th className="px-3 py-2 text-right">{tr("progress")}</th>
              <th className="px-3 py-2">{tr("status")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.reportId} className="border-t border-slate-100">
                <td className="px-3 py-1.5"><input type="checkbox" aria-label={`${r.region} ${r.task}`} checked={selected.has(r.reportId)} onChange={() => toggle(r.reportId)} /></td>
                <td className="px-3 py-1.5 whitespace-nowrap tabular-nums">{r.submittedAt}</td>
                <td className="px-3 py-1.5 whitespace-nowrap">{r.region}</td>
                <td className="px-3 py-1.5"><Link href={`/review/${r.reportId}`} className="text-brand-700 hover:underline">{r.task}</Link></td>
                <td className="px-3 py-1.5 whitespace-nowrap tabular-nums">{r.period}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{r.progress}%</td>
                <td className="px-3 py-1.5 whitespace-nowrap">{tr(`statuses.${r.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
