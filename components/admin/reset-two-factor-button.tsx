"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useFormAction } from "@/components/ui/use-form-action";
import { resetUserTwoFactorAction } from "@/lib/actions/security";
import { useErrorCodes } from "./error-text";

/** The security administrator turns off a user's two-step verification (a lost phone and recovery codes). */
export function ResetTwoFactorButton({ userId }: { userId: number }) {
  const t = useTranslations("securityPolicy");
  const form = useFormAction<{ id: number }>({ action: resetUserTwoFactorAction, errorText: useErrorCodes("securityPolicy"), okText: t("resetDone") });
  return (
    <Card className="max-w-xl space-y-2 text-sm">
      <p className="text-slate-600">{t("resetTwoFactorHint")}</p>
      <Button variant="danger" disabled={form.busy} data-testid="reset-two-factor" onClick={() => form.submit({ id: userId })}>
        {t("resetTwoFactor")}
      </Button>
    </Card>
  );
}
