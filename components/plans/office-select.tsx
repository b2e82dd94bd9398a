"use client";

import { useTranslations } from "next-intl";
import { createContext, useContext, type ReactNode } from "react";
import { Input, Select } from "@/components/ui/field";
import { officeChoices } from "@/lib/validation/office-list";

const Offices = createContext<readonly string[] | null>(null);

/** The department's offices (settings) for the task forms below it. */
export function OfficesProvider({ offices, children }: { offices: readonly string[]; children: ReactNode }) {
  return <Offices.Provider value={offices}>{children}</Offices.Provider>;
}

/**
 * 牵头处室 picked from the department's list (a free text field only where no list was given), the
 * task's own value kept when it is not on the list. Takes the ids a Field gives its control.
 */
export function OfficeSelect({ name, value, onChange, ...control }: { name: string; value: string; onChange: (value: string) => void; id?: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) {
  const t = useTranslations("taskTree");
  const offices = useContext(Offices);
  if (!offices) return <Input name={name} value={value} onChange={(e) => onChange(e.target.value)} {...control} />;
  return (
    <Select name={name} value={value} onChange={(e) => onChange(e.target.value)} {...control}>
      <option value="">{t("noOffice")}</option>
      {officeChoices(offices, value).map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </Select>
  );
}
