"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { updateSecurityPolicyAction } from "@/lib/actions/security";
import type { SecurityPolicy, SecurityPolicyInput } from "@/lib/validation/security-policy";
import { useErrorCodes } from "./error-text";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadSecurityPolicySchema = () => import("@/lib/validation/security-policy").then((m) => m.securityPolicySchema);

export function SecurityPolicyForm({ policy, roles }: { policy: SecurityPolicy; roles: { value: string; label: string }[] }) {
  const t = useTranslations("securityPolicy");
  const form = useFormAction<SecurityPolicyInput>({ action: updateSecurityPolicyAction, schema: loadSecurityPolicySchema, errorText: useErrorCodes("securityPolicy"), okText: t("saved") });
  const number = (name: "passwordMaxAgeDays" | "maxSessions", max: number) => (
    <Field label={<span className="font-medium">{t(name)}</span>} hint={t(`${name}Hint`)} error={form.error(name)}>
      {(control) => (
        <div className="w-32">
          <Input name={name} type="number" min={0} max={max} required defaultValue={policy[name]} {...control} />
        </div>
      )}
    </Field>
  );
  return (
    <Card className="max-w-xl">
      <form
        data-testid="security-policy-form"
        noValidate
        className="space-y-5 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          form.submit({
            twoFactorRoles: fd.getAll("twoFactorRoles").map(String),
            passwordMaxAgeDays: Number(fd.get("passwordMaxAgeDays")),
            maxSessions: Number(fd.get("maxSessions")),
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
          <p className="mt-1 text-xs text-slate-500">{t("twoFactorRolesHint")}</p>
        </fieldset>
        {number("passwordMaxAgeDays", 3650)}
        {number("maxSessions", 100)}
        <Button type="submit" variant="primary" disabled={form.busy}>
          {t("save")}
        </Button>
      </form>
    </Card>
  );
}
