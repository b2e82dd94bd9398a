"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { markAllReadAction } from "@/lib/actions/notifications";

export function MarkAllRead({ label }: { label: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  return (
    <button type="button" disabled={!hydrated || pending} onClick={() => start(async () => { await markAllReadAction(); router.refresh(); })}
      className="rounded-md px-3 py-1 text-sm ring-1 ring-slate-300 hover:bg-slate-50">{label}</button>
  );
}
