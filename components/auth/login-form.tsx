"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { signInSchema } from "@/lib/validation/auth";

export function LoginForm({ next }: { next: string }) {
  const t = useTranslations("login");
  const ts = useTranslations("security");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({ username: form.get("username"), password: form.get("password") });
    if (!parsed.success) {
      setError(t(parsed.error.issues.some((i) => i.message === "tooLong") ? "tooLong" : "required"));
      return;
    }
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { ...parsed.data, redirect: false });
      if (res?.error === "TooManyAttempts") {
        // A lock is shown the same way for every username, known or not.
        setError(ts("locked"));
        setPending(false);
        return;
      }
      if (!res || res.error) {
        setError(t(res?.status === 401 || res?.error === "CredentialsSignin" ? "failed" : "error"));
        setPending(false);
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setError(t("error"));
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4" aria-describedby={error ? "login-error" : undefined}>
      <div>
        <label htmlFor="username" className="block text-sm font-medium text-slate-700">
          {t("username")}
        </label>
        <input id="username" name="username" autoComplete="username" autoFocus maxLength={64}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-base shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100" />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          {t("password")}
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" maxLength={128}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-base shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100" />
      </div>
      {error && (
        <p id="login-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending || !hydrated}
        className="w-full rounded-md bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
