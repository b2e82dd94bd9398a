"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";
import { remindAction } from "@/lib/actions/review";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadReminderSchema = () => import("@/lib/validation/review").then((m) => m.reminderSchema);

type Reminded = { notified: number; assignments: number; alreadyToday?: boolean };

/** 催办: reminds a region of everything it has not submitted this period. */
export function RemindButton({ regionCode }: { regionCode: string }) {
  const t = useTranslations("review");
  const [again, setAgain] = useState(false);
  const form = useFormAction({
    action: remindAction,
    schema: loadReminderSchema,
    errorText: (code) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null),
    okText: (res: Reminded) => (res.alreadyToday ? t("remindedToday") : t("reminded", { count: res.assignments })),
    onOk: (res: Reminded) => setAgain(Boolean(res.alreadyToday)),
  });
  const remind = (confirm: boolean) => {
    setAgain(false);
    form.submit({ regionCode, confirm });
  };
  return (
    // On a phone the confirmation wraps below the button, the buttons staying one line each.
    <span className="flex flex-wrap items-center justify-end gap-x-2 gap-y-1">
      <Button size="sm" className="whitespace-nowrap" disabled={form.busy} onClick={() => remind(false)}>{t("remind")}</Button>
      {/* Once a day unless staff confirm: a second 催办 the same day is sent only from here. */}
      {again && <Button variant="danger" size="sm" className="whitespace-nowrap" disabled={form.busy} onClick={() => remind(true)}>{t("remindAgain")}</Button>}
    </span>
  );
}
