"use client";

import { useTranslations } from "next-intl";

/**
 * The plan editor's own wording of a message key (planEdit.errors), for useFormAction's
 * `errorText`: null leaves a key it does not know to the common messages.
 */
export function usePlanErrorText(): (code: string) => string | null {
  const t = useTranslations("planEdit");
  return (code) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null);
}
