"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { SignInInput } from "@/lib/validation/auth";

/**
 * Username and password; for an account with two-step verification the server answers
 * "SecondFactorRequired" once the password was right, and the form asks for the code, sending
 * the same username and password again with it (nothing is kept on the server in between).
 * Signing in goes through next-auth, not a server action: the kit's controls, but not
 * useFormAction; the refusal stays beside the fields (#login-error), where the eye is.
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
    // The shared schema, fetched on first use: zod stays out of the sign-in page's first load.
    const signInSchema = await import("@/lib/validation/auth").then((m) => m.signInSchema).catch(() => null);
    const entered = { username: String(form.get("username") ?? ""), password: String(form.get("password") ?? "") };
    // Not fetched (offline): the server checks the same rules.
    if (!signInSchema) return attempt(entered);
    const parsed = signInSchema.safeParse(entered);
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
          <Input id="code" name="code" key="code" autoComplete="one-time-code" inputMode="text" autoFocus maxLength={32} spellCheck={false} aria-invalid={Boolean(error)} aria-describedby={error ? "login-error" : undefined} className="font-mono tracking-widest" />
        </div>
      ) : (
        <>
          <div>
            <label htmlFor="username" className="block text-sm font-medium text-slate-700">
              {t("username")}
            </label>
            <Input id="username" name="username" autoComplete="username" autoFocus maxLength={64} aria-describedby={error ? "login-error" : undefined} />
          </div>
          <div>
            <label htmlFor="password" className="block text-sm font-medium text-slate-700">
              {t("password")}
            </label>
            <Input id="password" name="password" type="password" autoComplete="current-password" maxLength={128} aria-describedby={error ? "login-error" : undefined} />
          </div>
        </>
      )}
      {error && (
        <p id="login-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={pending || !hydrated} className="w-full">
        {pending ? t("submitting") : t("submit")}
      </Button>
      {credentials && (
        <Button
          variant="ghost"
          className="w-full"
          onClick={() => {
            setCredentials(null);
            setError(null);
          }}
        >
          {t2("loginBack")}
        </Button>
      )}
    </form>
  );
}
