"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import {
  confirmTotpEnrolmentAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTotpEnrolmentAction,
} from "@/lib/actions/security";
import type { ActionResult } from "@/lib/actions/result";

type Props = {
  enabled: boolean;
  enabledAt: string | null;
  required: boolean;
  recoveryCodesLeft: number;
  pending: { secret: string; qrDataUrl: string } | null;
  /** Where "I have saved them" goes: the role's home while the gate held, else the account page. */
  next: string;
};

const button = "rounded-md bg-brand-700 px-3 py-1.5 text-sm text-white disabled:opacity-50";
const field = "mt-1 block w-full max-w-xs rounded-md border border-slate-300 px-2 py-1.5";

/** Enrolment (QR code, code, recovery codes once), then new recovery codes or turning it off. */
export function TwoFactorPanel({ enabled, enabledAt, required, recoveryCodesLeft, pending, next }: Props) {
  const t = useTranslations("twoFactor");
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  const errorText = (res: Extract<ActionResult, { ok: false }>) => {
    const key = Object.values(res.errors ?? {})[0] ?? res.message;
    return t.has(`errors.${key}`) ? t(`errors.${key}`) : t("errors.unexpected");
  };
  const submit = (work: (fd: FormData) => Promise<ActionResult<{ recoveryCodes?: string[] }>>) => (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const fd = new FormData(form);
    start(async () => {
      const res = await work(fd);
      if (!res.ok) return setError(errorText(res));
      setError(null);
      form.reset();
      if (res.recoveryCodes) setCodes(res.recoveryCodes);
      router.refresh();
    });
  };
  const get = (fd: FormData, k: string) => String(fd.get(k) ?? "");

  if (codes) {
    return (
      <section className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200" data-testid="recovery-codes">
        <h2 className="font-semibold">{t("recoveryTitle")}</h2>
        <p className="text-sm text-slate-600">{t("recoveryIntro")}</p>
        <ol className="grid grid-cols-1 gap-1 font-mono text-sm sm:grid-cols-2">
          {codes.map((c) => <li key={c} className="rounded bg-slate-50 px-2 py-1">{c}</li>)}
        </ol>
        <button type="button" className={button} onClick={() => { router.push(next); router.refresh(); }}>{t("recoverySaved")}</button>
      </section>
    );
  }

  const alert = error && <p role="alert" className="text-sm text-red-700">{error}</p>;

  if (!enabled) {
    return (
      <section className="space-y-4 rounded-xl bg-white p-4 ring-1 ring-slate-200" data-testid="two-factor-enrol">
        <p className="text-sm">{t("statusOff")}{required ? ` · ${t("required")}` : ""}</p>
        {pending && (
          <>
            <div>
              <h2 className="font-medium">{t("step1")}</h2>
              {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server, nothing to optimise */}
              <img src={pending.qrDataUrl} alt={t("qrAlt")} width={200} height={200} className="mt-2 h-[200px] w-[200px]" data-testid="totp-qr" />
              <p className="mt-2 text-sm text-slate-600">{t("manual")}</p>
              <p className="break-all font-mono text-sm" data-testid="totp-secret">{pending.secret.match(/.{1,4}/g)!.join(" ")}</p>
            </div>
            <form className="space-y-2" onSubmit={submit((fd) => confirmTotpEnrolmentAction({ code: get(fd, "code") }))}>
              <label className="block text-sm font-medium">
                {t("step2")}
                <input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required className={`${field} font-mono tracking-widest`} />
              </label>
              <button type="submit" disabled={!hydrated || busy} className={button}>{t("confirm")}</button>
            </form>
          </>
        )}
        <form onSubmit={submit(() => startTotpEnrolmentAction())}>
          <button type="submit" disabled={!hydrated || busy} className={pending ? "text-sm text-slate-600 underline" : button}>
            {pending ? t("restart") : t("start")}
          </button>
        </form>
        {alert}
      </section>
    );
  }

  return (
    <section className="space-y-5 rounded-xl bg-white p-4 ring-1 ring-slate-200" data-testid="two-factor-on">
      <p className="text-sm">
        <span className="font-medium text-green-700">{t("statusOn")}</span>
        {enabledAt && <span className="text-slate-600"> · {t("enabledSince", { at: enabledAt })}</span>}
        <span className="text-slate-600"> · {t("recoveryLeft", { count: recoveryCodesLeft })}</span>
      </p>
      <form className="space-y-2" onSubmit={submit((fd) => regenerateRecoveryCodesAction({ code: get(fd, "code") }))}>
        <h2 className="font-medium">{t("regenerate")}</h2>
        <p className="text-sm text-slate-600">{t("regenerateHint")}</p>
        <label className="block text-sm">
          {t("code")}
          <input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required className={`${field} font-mono`} />
        </label>
        <button type="submit" disabled={!hydrated || busy} className={button}>{t("regenerate")}</button>
      </form>
      {!required && (
        <form className="space-y-2" onSubmit={submit((fd) => disableTwoFactorAction({ password: get(fd, "password"), code: get(fd, "code") }))}>
          <h2 className="font-medium">{t("disable")}</h2>
          <p className="text-sm text-slate-600">{t("disableHint")}</p>
          <label className="block text-sm">
            {t("password")}
            <input name="password" type="password" autoComplete="current-password" required className={field} />
          </label>
          <label className="block text-sm">
            {t("codeOrRecovery")}
            <input name="code" autoComplete="one-time-code" maxLength={32} required className={`${field} font-mono`} />
          </label>
          <button type="submit" disabled={!hydrated || busy} className="rounded-md px-3 py-1.5 text-sm text-red-700 ring-1 ring-red-300 disabled:opacity-50">{t("disable")}</button>
        </form>
      )}
      {alert}
    </section>
  );
}
