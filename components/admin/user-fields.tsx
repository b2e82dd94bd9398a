"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

export type RegionChoice = { code: string; label: string };
const roles = ["admin", "secadmin", "auditor", "staff", "bureau", "leader"] as const;
/** The roles the system administrator may give a new account (the administrator roles are the security administrator's to grant). */
export const BUSINESS_ROLES = ["staff", "bureau", "leader"] as const;
const input = "rounded-md border border-slate-300 px-2 py-1";

/** Role, region (for a bureau only), office and phone: shared by the create and edit forms. */
export function UserFields({ regions, defaults, roleLocked = false, roleChoices = roles }: { regions: RegionChoice[]; defaults?: { role: string; regionCode: string | null; office: string | null; phone: string | null }; roleLocked?: boolean; roleChoices?: readonly string[] }) {
  const t = useTranslations("admin.users");
  const tRoles = useTranslations("nav.roles");
  const [role, setRole] = useState(defaults?.role ?? "bureau");
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
      <label>{t("phone")}<br /><input name="phone" defaultValue={defaults?.phone ?? ""} className={`${input} w-36`} /></label>
    </>
  );
}

export const fieldText = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return typeof v === "string" ? v : "";
};
