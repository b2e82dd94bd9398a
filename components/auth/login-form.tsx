"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { signInSchema, type SignInInput } from "@/lib/validation/auth";

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-base shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100";

/**
 * Username and password; for an account with two-step verification the server answers
 * "SecondFactorRequired" once the password was right, and the form asks for the code, sending
 * the same username and password again with it (nothing is kept on the server in between).
 */
export function LoginForm({ next }: { next: string }) {
  const t = useTranslations("login");
  const ts = useTranslations("security");
  const t2 = useTranslations("twoFactor");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Set once the password was accepted and a code is asked for.
  const [credentials, setCredentials] = useState<SignInInput | null>(null);
  const hydrated = useHydrated();

  async function attempt(input: SignInInput) {
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { ...input, redirect: false });
      if (res?.error === "TooManyAttempts") {
        // A lock is shown the same way for every username, known or not.
        setError(ts("locked"));
        setCredentials(null);
      } else if (res?.error === "SecondFactorRequired") {
        setCredentials({ username: input.username, password: input.password });
      } else if (res?.error === "SecondFactorInvalid") {
        setError(t2("loginCodeWrong"));
      } else if (!res || res.error) {
        setError(t(res?.status === 401 || res?.error === "CredentialsSignin" ? "failed" : "error"));
      } else {
        router.replace(next);
        router.refresh();
        return;
      }
    } catch {
      setError(t("error"));
    }
    setPending(false);
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (credentials) {
      const code = String(form.get("code") ?? "").trim();
      if (!code) return setError(t("required"));
      return attempt({ ...credentials, code });
    }
    const parsed = signInSchema.safeParse({ username: form.get("username"), password: form.get("password") });
    if (!parsed.success) {
      setError(t(parsed.error.issues.some((i) => i.message === "tooLong") ? "tooLong" : "required"));
      return;
    }
    await attempt(parsed.data);
  }

  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4" aria-describedby={error ? "login-error" : undefined}>
      {credentials ? (
        <div>
          <h2 className="font-medium text-slate-800">{t2("loginCodeTitle")}</h2>
          <p className="mt-1 text-sm text-slate-600">{t2("loginCodeHint")}</p>
          <label htmlFor="code" className="mt-3 block text-sm font-medium text-slate-700">
            {t2("loginCode")}
          </label>
          <input id="code" name="code" key="code" autoComplete="one-time-code" inputMode="text" autoFocus maxLength={32} spellCheck={false}
            className={`${inputClass} font-mono tracking-widest`} />
        </div>
      ) : (
        <>
          <div>
            <label htmlFor="username" className="block text-sm font-medium text-slate-700">
              {t("username")}
            </label>
            <input id="username" name="username" autoComplete="username" autoFocus maxLength={64} className={inputClass} />
          </div>
          <div>
            <label htmlFor="password" className="block text-sm font-medium text-slate-700">
              {t("password")}
            </label>
            <input id="password" name="password" type="password" autoComplete="current-password" maxLength={128} className={inputClass} />
          </div>
        </>
      )}
      {error && (
        <p id="login-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending || !hydrated}
        className="w-full rounded-md bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? t("submitting") : t("submit")}
      </button>
      {credentials && (
        <button type="button" onClick={() => { setCredentials(null); setError(null); }} className="w-full text-sm text-slate-600 underline">
          {t2("loginBack")}
        </button>
      )}
    </form>
  );
}
