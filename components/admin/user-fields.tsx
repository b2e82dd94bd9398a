"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field, Input, Select } from "@/components/ui/field";

export type RegionChoice = { code: string; label: string };
const roles = ["admin", "secadmin", "auditor", "staff", "bureau", "leader"] as const;
/** The roles the system administrator may give a new account (the administrator roles are the security administrator's to grant). */
export const BUSINESS_ROLES = ["staff", "bureau", "leader"] as const;

/**
 * Role, region (for a bureau only), office, e-mail and phone: shared by the create and edit forms.
 * The e-mail and phone are where the e-mail and SMS reminders go.
 */
export function UserFields({
  regions,
  defaults,
  roleLocked = false,
  contactLocked = false,
  roleChoices = roles,
  error = () => undefined,
}: {
  regions: RegionChoice[];
  defaults?: { role: string; regionCode: string | null; office: string | null; email: string | null; phone: string | null };
  roleLocked?: boolean;
  /** The security administrator sees the particulars but does not change them. */
  contactLocked?: boolean;
  roleChoices?: readonly string[];
  /** A field's error sentence from the last save (useFormAction's `error`), shown under it. */
  error?: (field: string) => string | undefined;
}) {
  const t = useTranslations("admin.users");
  const tRoles = useTranslations("nav.roles");
  const [role, setRole] = useState(defaults?.role ?? "bureau");
  return (
    <>
      <Field label={t("role")} error={error("role")}>
        {(control) => (
          <Select name="role" value={role} onChange={(e) => setRole(e.target.value)} {...control}>
            {/* Only the security administrator changes a role: for others the choice is the current one. */}
            {roleChoices
              .filter((r) => !roleLocked || r === role)
              .map((r) => (
                <option key={r} value={r}>
                  {tRoles(r)}
                </option>
              ))}
          </Select>
        )}
      </Field>
      {role === "bureau" ? (
        <Field label={t("region")} error={error("regionCode")}>
          {(control) => (
            <Select name="regionCode" defaultValue={defaults?.regionCode ?? ""} required {...control}>
              <option value="" />
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      ) : (
        <Field label={t("office")} error={error("office")}>
          {(control) => <Input name="office" defaultValue={defaults?.office ?? ""} {...control} />}
        </Field>
      )}
      <Field label={t("email")} error={error("email")}>
        {(control) => (
          <Input name="email" type="email" autoComplete="off" readOnly={contactLocked} defaultValue={defaults?.email ?? ""} placeholder="name@example.cn" className="read-only:bg-slate-50" {...control} />
        )}
      </Field>
      <Field label={t("phone")} error={error("phone")}>
        {(control) => (
          <Input name="phone" type="tel" inputMode="tel" autoComplete="off" readOnly={contactLocked} defaultValue={defaults?.phone ?? ""} placeholder="13912345678" className="read-only:bg-slate-50" {...control} />
        )}
      </Field>
    </>
  );
}

