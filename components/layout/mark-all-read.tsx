"use client";

import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";
import { markAllReadAction } from "@/lib/actions/notifications";

/** 全部标为已读: the list shows the change itself, so only a refusal is told (as a toast). */
export function MarkAllRead({ label }: { label: string }) {
  const form = useFormAction<void>({ action: () => markAllReadAction() });
  return (
    <Button disabled={form.busy} onClick={() => form.submit()}>
      {label}
    </Button>
  );
}
