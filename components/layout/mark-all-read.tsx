"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { markAllReadAction } from "@/lib/actions/notifications";

export function MarkAllRead({ label }: { label: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  return (
    <Button disabled={!hydrated || pending} onClick={() => start(async () => { await markAllReadAction(); router.refresh(); })}>{label}</Button>
  );
}
