"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { useErrorCodes } from "@/components/admin/error-text";
import { fieldText } from "@/components/ui/form-data";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadTotpConfirmSchema = () => import("@/lib/validation/security-policy").then((m) => m.totpConfirmSchema);
const loadTotpDisableSchema = () => import("@/lib/validation/security-policy").then((m) => m.totpDisableSchema);
import {
  confirmTotpEnrolmentAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTotpEnrolmentAction,
} from "@/lib/actions/security";

type Props = {
  enabled: boolean;
  enabledAt: string | null;
  required: boolean;
  recoveryCodesLeft: number;
  pending: { secret: string; qrDataUrl: string } | null;
  /** Where "I have saved them" goes: the role's home while the gate held, else the account page. */
  next: string;
};

const get = (form: HTMLFormElement, k: string) => fieldText(new FormData(form), k);

/** Enrolment (QR code, code, recovery codes once), then new recovery codes or turning it off. */
export function TwoFactorPanel({ enabled, enabledAt, required, recoveryCodesLeft, pending, next }: Props) {
  const t = useTranslations("twoFactor");
  const router = useRouter();
  const errorText = useErrorCodes("twoFactor");
  const [codes, setCodes] = useState<string[] | null>(null);
  // Where "I have saved them" goes, as it was when the code was sent: enrolling refreshes this
  // page, and with the gate lifted `next` becomes the account page rather than the role's home.
  const target = useRef(next);
  const showCodes = (res: { recoveryCodes: string[] }) => setCodes(res.recoveryCodes);
  const start = useFormAction<void>({ action: () => startTotpEnrolmentAction(), errorText });
  const confirm = useFormAction<{ code: string }, { recoveryCodes: string[] }>({ action: confirmTotpEnrolmentAction, schema: loadTotpConfirmSchema, errorText, onOk: showCodes });
  const regenerate = useFormAction<{ code: string }, { recoveryCodes: string[] }>({ action: regenerateRecoveryCodesAction, schema: loadTotpConfirmSchema, errorText, onOk: showCodes });
  const disable = useFormAction<{ password: string; code: string }>({ action: disableTwoFactorAction, schema: loadTotpDisableSchema, errorText });
  const busy = start.busy || confirm.busy || regenerate.busy || disable.busy;

  if (codes) {
    return (
      <Card className="space-y-3" data-testid="recovery-codes">
        <h2 className="font-semibold">{t("recoveryTitle")}</h2>
        <p className="text-sm text-slate-600">{t("recoveryIntro")}</p>
        <ol className="grid grid-cols-1 gap-1 font-mono text-sm sm:grid-cols-2">
          {codes.map((c) => (
            <li key={c} className="rounded bg-slate-50 px-2 py-1">
              {c}
            </li>
          ))}
        </ol>
        <Button
          variant="primary"
          onClick={() => {
            router.push(target.current);
            router.refresh();
          }}
        >
          {t("recoverySaved")}
        </Button>
      </Card>
    );
  }

  if (!enabled) {
    return (
      <Card className="space-y-4" data-testid="two-factor-enrol">
        <p className="text-sm">
          {t("statusOff")}
          {required ? ` · ${t("required")}` : ""}
        </p>
        {pending && (
          <>
            <div>
              <h2 className="font-medium">{t("step1")}</h2>
              {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server, nothing to optimise */}
              <img src={pending.qrDataUrl} alt={t("qrAlt")} width={200} height={200} className="mt-2 h-[200px] w-[200px]" data-testid="totp-qr" />
              <p className="mt-2 text-sm text-slate-600">{t("manual")}</p>
              <p className="break-all font-mono text-sm" data-testid="totp-secret">
                {pending.secret.match(/.{1,4}/g)!.join(" ")}
              </p>
            </div>
            <form
              noValidate
              className="max-w-xs space-y-2"
              onSubmit={(e) => {
                e.preventDefault();
                target.current = next;
                confirm.submit({ code: get(e.currentTarget, "code") });
              }}
            >
              <Field label={<span className="font-medium">{t("step2")}</span>} error={confirm.error("code")}>
                {(control) => <Input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required className="font-mono tracking-widest" {...control} />}
              </Field>
              <Button type="submit" variant="primary" disabled={busy}>
                {t("confirm")}
              </Button>
            </form>
          </>
        )}
        <Button variant={pending ? "ghost" : "primary"} disabled={busy} onClick={() => start.submit()}>
          {pending ? t("restart") : t("start")}
        </Button>
      </Card>
    );
  }

  return (
    <Card className="space-y-5" data-testid="two-factor-on">
      <p className="text-sm">
        <span className="font-medium text-green-700">{t("statusOn")}</span>
        {enabledAt && <span className="text-slate-600"> · {t("enabledSince", { at: enabledAt })}</span>}
        <span className="text-slate-600"> · {t("recoveryLeft", { count: recoveryCodesLeft })}</span>
      </p>
      <form
        noValidate
        className="max-w-xs space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          target.current = next;
          regenerate.submit({ code: get(e.currentTarget, "code") });
        }}
      >
        <h2 className="font-medium">{t("regenerate")}</h2>
        <p className="text-sm text-slate-600">{t("regenerateHint")}</p>
        <Field label={t("code")} error={regenerate.error("code")}>
          {(control) => <Input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required className="font-mono" {...control} />}
        </Field>
        <Button type="submit" variant="primary" disabled={busy}>
          {t("regenerate")}
        </Button>
      </form>
      {!required && (
        <form
          noValidate
          className="max-w-xs space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            disable.submit({ password: get(e.currentTarget, "password"), code: get(e.currentTarget, "code") });
          }}
        >
          <h2 className="font-medium">{t("disable")}</h2>
          <p className="text-sm text-slate-600">{t("disableHint")}</p>
          <Field label={t("password")} error={disable.error("password")}>
            {(control) => <Input name="password" type="password" autoComplete="current-password" required {...control} />}
          </Field>
          <Field label={t("codeOrRecovery")} error={disable.error("code")}>
            {(control) => <Input name="code" autoComplete="one-time-code" maxLength={32} required className="font-mono" {...control} />}
          </Field>
          <Button type="submit" variant="danger" disabled={busy}>
            {t("disable")}
          </Button>
        </form>
      )}
    </Card>
  );
}
