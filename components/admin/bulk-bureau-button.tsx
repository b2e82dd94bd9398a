"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { useFormAction } from "@/components/ui/use-form-action";
import { createBureauAccountsAction } from "@/lib/actions/admin";
import type { CreatedAccount } from "@/lib/data/users";
import { useErrorCodes } from "./error-text";
import { OneTimePasswords } from "./one-time-passwords";

/** Creates the missing bureau accounts and shows their one-time passwords once. */
export function BulkBureauButton() {
  const t = useTranslations("admin.users");
  const [created, setCreated] = useState<{ username: string; password: string; label: string }[]>([]);
  const form = useFormAction<void, { created: CreatedAccount[] }>({
    action: () => createBureauAccountsAction(),
    errorText: useErrorCodes("admin"),
    // None missing is said in a toast; the accounts made are the panel below.
    okText: (res) => (res.created.length === 0 ? t("bulkNone") : ""),
    onOk: (res) => setCreated(res.created.map((c) => ({ username: c.username, password: c.oneTimePassword, label: c.regionName }))),
  });
  return (
    <Card className="space-y-2 text-sm">
      <CardHeader title={t("bulkTitle")} className="mb-0" />
      <p className="text-slate-600">{t("bulkHint")}</p>
      <Button disabled={form.busy} onClick={() => form.submit()}>
        {t("bulk")}
      </Button>
      {created.length > 0 && <OneTimePasswords title={t("bulkDone", { count: created.length })} accounts={created} />}
    </Card>
  );
}
