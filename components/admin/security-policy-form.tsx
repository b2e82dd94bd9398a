"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { updateSecurityPolicyAction } from "@/lib/actions/security";
import type { SecurityPolicy } from "@/lib/validation/security-policy";

export function SecurityPolicyForm({ policy, roles }: { policy: SecurityPolicy; roles: { value: string; label: string }[] }) {
  const t = useTranslations("securityPolicy");
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const number = (name: "passwordMaxAgeDays" | "maxSessions", max: number) => (
    <label className="block">
      <span className="font-medium">{t(name)}</span>
      <input name={name} type="number" min={0} max={max} required defaultValue={policy[name]} className="mt-1 block w-32 rounded-md border border-slate-300 px-2 py-1" />
      <span className="mt-1 block text-xs text-slate-500">{t(`${name}Hint`)}</span>
    </label>
  );
  return (
    <form
      data-testid="security-policy-form"
      className="max-w-xl space-y-5 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        start(async () => {
          const res = await updateSecurityPolicyAction({
            twoFactorRoles: fd.getAll("twoFactorRoles").map(String),
            passwordMaxAgeDays: Number(fd.get("passwordMaxAgeDays")),
            maxSessions: Number(fd.get("maxSessions")),
          });
          setMessage(res.ok ? t("saved") : t.has(`errors.${res.message}`) ? t(`errors.${res.message}`) : t("errors.unexpected"));
          if (res.ok) router.refresh();
        });
      }}
    >
      <fieldset>
        <legend className="font-medium">{t("twoFactorRoles")}</legend>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
          {roles.map((r) => (
            <label key={r.value} className="flex items-center gap-1.5">
              <input type="checkbox" name="twoFactorRoles" value={r.value} defaultChecked={policy.twoFactorRoles.includes(r.value)} />
              {r.label}
            </label>
          ))}
        </div>
        <span className="mt-1 block text-xs text-slate-500">{t("twoFactorRolesHint")}</span>
      </fieldset>
      {number("passwordMaxAgeDays", 3650)}
      {number("maxSessions", 100)}
      <button type="submit" disabled={!hydrated || busy} className="rounded-md bg-brand-700 px-3 py-1.5 text-white disabled:opacity-50">{t("save")}</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
