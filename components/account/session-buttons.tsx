"use client";

import { useTranslations } from "next-intl";
import { useErrorCodes } from "@/components/admin/error-text";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";
import { endMyOtherSessionsAction, endMySessionAction } from "@/lib/actions/security";

/** Ends one of the viewer's other sessions; the list shows it gone. */
export function EndSessionButton({ id }: { id: string }) {
  const t = useTranslations("sessions");
  const form = useFormAction<{ id: string }>({ action: endMySessionAction, errorText: useErrorCodes("twoFactor") });
  return (
    <Button variant="danger" size="sm" disabled={form.busy} onClick={() => form.submit({ id })}>
      {t("end")}
    </Button>
  );
}

/** "Sign out everywhere else": every other session and API token end; this one goes on. */
export function EndOtherSessionsButton() {
  const t = useTranslations("sessions");
  const form = useFormAction<void>({ action: () => endMyOtherSessionsAction(), errorText: useErrorCodes("twoFactor"), okText: t("ended") });
  return (
    <Button variant="danger" disabled={form.busy} data-testid="end-other-sessions" onClick={() => form.submit()}>
      {t("endOthers")}
    </Button>
  );
}
