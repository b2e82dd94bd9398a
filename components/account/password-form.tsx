"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useErrorText } from "@/components/admin/error-text";
import { useHydrated } from "@/components/ui/use-hydrated";
import { changePasswordAction } from "@/lib/actions/account";

/** Changes the viewer's own password; on success goes on to `next`. */
export function PasswordForm({ next }: { next: string }) {
  const t = useTranslations("password");
  const errorText = useErrorText("password");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const field = (name: "current" | "next" | "confirm", autoComplete: string) => (
    <label className="block">
      {t(name)}
      <input name={name} type="password" required autoComplete={autoComplete} aria-invalid={Boolean(errors[name])} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1" />
      {errors[name] && <span className="text-red-700">{t.has(`errors.${errors[name]}`) ? t(`errors.${errors[name]}`) : t("errors.unexpected")}</span>}
    </label>
  );
  return (
    <form
      data-testid="password-form"
      className="max-w-sm space-y-3 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const fd = new FormData(form);
        const get = (k: string) => String(fd.get(k) ?? "");
        start(async () => {
          const res = await changePasswordAction({ current: get("current"), next: get("next"), confirm: get("confirm") });
          if (res.ok) {
            setErrors({});
            setMessage(t("done"));
            form.reset();
            router.push(next);
            router.refresh();
          } else {
            setErrors(res.errors ?? {});
            setMessage(errorText(res));
          }
        });
      }}
    >
      <p className="text-slate-600">{t("policy")}</p>
      {field("current", "current-password")}
      {field("next", "new-password")}
      {field("confirm", "new-password")}
      <button type="submit" disabled={!hydrated || pending} className="rounded-md bg-brand-700 px-3 py-1 text-white disabled:opacity-50">{t("submit")}</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
