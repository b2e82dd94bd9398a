"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

export type RegionChoice = { code: string; label: string };
const roles = ["admin", "secadmin", "auditor", "staff", "bureau", "leader"] as const;
/** The roles the system administrator may give a new account (the administrator roles are the security administrator's to grant). */
export const BUSINESS_ROLES = ["staff", "bureau", "leader"] as const;
const input = "rounded-md border border-slate-300 px-2 py-1";

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
  invalid = null,
}: {
  regions: RegionChoice[];
  defaults?: { role: string; regionCode: string | null; office: string | null; email: string | null; phone: string | null };
  roleLocked?: boolean;
  /** The security administrator sees the particulars but does not change them. */
  contactLocked?: boolean;
  roleChoices?: readonly string[];
  /** The field the last save was refused for, marked beside its sentence. */
  invalid?: string | null;
}) {
  const t = useTranslations("admin.users");
  const tRoles = useTranslations("nav.roles");
  const [role, setRole] = useState(defaults?.role ?? "bureau");
  const mark = (name: string) => (invalid === name ? { "aria-invalid": true, className: "border-red-500 ring-1 ring-red-500" } : { className: "" });
  return (
    <>
      <label>{t("role")}<br />
        <select name="role" value={role} onChange={(e) => setRole(e.target.value)} className={input}>
          {/* Only the security administrator changes a role: for others the choice is the current one. */}
          {roleChoices.filter((r) => !roleLocked || r === role).map((r) => <option key={r} value={r}>{tRoles(r)}</option>)}
        </select>
      </label>
      {role === "bureau" && (
        <label>{t("region")}<br />
          <select name="regionCode" defaultValue={defaults?.regionCode ?? ""} className={input} required>
            <option value="" />
            {regions.map((r) => <option key={r.code} value={r.code}>{r.label}</option>)}
          </select>
        </label>
      )}
      {role !== "bureau" && (
        <label>{t("office")}<br /><input name="office" defaultValue={defaults?.office ?? ""} className={input} /></label>
      )}
      <label>{t("email")}<br /><input name="email" type="email" autoComplete="off" readOnly={contactLocked} defaultValue={defaults?.email ?? ""} placeholder="name@example.cn" aria-invalid={mark("email")["aria-invalid"]} className={`${input} w-56 max-w-full read-only:bg-slate-50 ${mark("email").className}`} /></label>
      <label>{t("phone")}<br /><input name="phone" type="tel" inputMode="tel" autoComplete="off" readOnly={contactLocked} defaultValue={defaults?.phone ?? ""} placeholder="13912345678" aria-invalid={mark("phone")["aria-invalid"]} className={`${input} w-36 read-only:bg-slate-50 ${mark("phone").className}`} /></label>
    </>
  );
}

/** The field a refused save names first (its sentence is the one shown). */
export const refusedField = (res: { errors?: Record<string, string> }) => Object.keys(res.errors ?? {})[0] ?? null;

export const fieldText = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return typeof v === "string" ? v : "";
};
