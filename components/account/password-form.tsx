"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef } from "react";
import { useErrorCodes } from "@/components/admin/error-text";
import { fieldText } from "@/components/ui/form-data";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { changePasswordAction } from "@/lib/actions/account";
import type { ChangePasswordInput } from "@/lib/validation/user";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadChangePasswordSchema = () => import("@/lib/validation/user").then((m) => m.changePasswordSchema);

/** Changes the viewer's own password; on success goes on to `next`. */
export function PasswordForm({ next }: { next: string }) {
  const t = useTranslations("password");
  const router = useRouter();
  const ref = useRef<HTMLFormElement>(null);
  // Where to go, as it was when the form was sent: the save refreshes this page, and with the
  // password gate lifted `next` becomes the account page rather than the role's home.
  const target = useRef(next);
  const form = useFormAction<ChangePasswordInput>({
    action: changePasswordAction,
    schema: loadChangePasswordSchema,
    errorText: useErrorCodes("password"),
    okText: t("done"),
    onOk: () => {
      ref.current?.reset();
      router.push(target.current);
    },
  });
  const field = (name: "current" | "next" | "confirm", autoComplete: string) => (
    <Field label={t(name)} error={form.error(name)}>
      {(control) => <Input name={name} type="password" required autoComplete={autoComplete} {...control} />}
    </Field>
  );
  return (
    <Card className="max-w-sm">
      <form
        ref={ref}
        data-testid="password-form"
        noValidate
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          const get = (k: string) => fieldText(fd, k);
          target.current = next;
          form.submit({ current: get("current"), next: get("next"), confirm: get("confirm") });
        }}
      >
        <p className="text-slate-600">{t("policy")}</p>
        {field("current", "current-password")}
        {field("next", "new-password")}
        {field("confirm", "new-password")}
        <Button type="submit" variant="primary" disabled={form.busy}>
          {t("submit")}
        </Button>
      </form>
    </Card>
  );
}
