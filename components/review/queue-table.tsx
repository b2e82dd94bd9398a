"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { useFormAction } from "@/components/ui/use-form-action";
import { approveManyAction } from "@/lib/actions/review";

export type QueueRow = { reportId: number; version: number; period: string; progress: number; status: string; submittedAt: string; region: string; task: string };

/** The review queue, oldest first, with several reports approved at once. */
export function QueueTable({ rows }: { rows: QueueRow[] }) {
  const t = useTranslations("review");
  const tr = useTranslations("report");
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const form = useFormAction({
    action: approveManyAction,
    errorText: (code) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null),
    okText: (res: { approved: number }) => t("approvedMany", { count: res.approved }),
    onOk: () => setSelected(new Set()),
  });
  const toggle = (id: number) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const all = rows.length > 0 && selected.size === rows.length;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3">
        <Button variant="primary" disabled={form.busy || selected.size === 0}
          onClick={() => form.submit(rows.filter((r) => selected.has(r.reportId)).map((r) => ({ reportId: r.reportId, version: r.version })))}>
          {t("approveSelected", { count: selected.size })}
        </Button>
      </div>
      <Table className="min-w-[40rem]" data-testid="review-queue">
        <thead>
          <tr>
            <Th><input type="checkbox" aria-label={t("selectAll")} checked={all} onChange={() => setSelected(all ? new Set() : new Set(rows.map((r) => r.reportId)))} /></Th>
            <Th>{t("submittedAt")}</Th>
            <Th>{t("region")}</Th>
            <Th>{t("task")}</Th>
            <Th>{t("period")}</Th>
            <Th className="text-right">{tr("progress")}</Th>
            <Th>{tr("status")}</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.reportId}>
              <Td><input type="checkbox" aria-label={`${r.region} ${r.task}`} checked={selected.has(r.reportId)} onChange={() => toggle(r.reportId)} /></Td>
              <Td className="whitespace-nowrap tabular-nums">{r.submittedAt}</Td>
              <Td className="whitespace-nowrap">{r.region}</Td>
              <Td><Link href={`/review/${r.reportId}`} className="text-brand-700 hover:underline">{r.task}</Link></Td>
              <Td className="whitespace-nowrap tabular-nums">{r.period}</Td>
              <Td className="text-right tabular-nums">{r.progress}%</Td>
              <Td className="whitespace-nowrap">{tr(`statuses.${r.status}`)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
