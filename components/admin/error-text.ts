"use client";

import { useTranslations } from "next-intl";

/**
 * A message key in the given namespace's `errors`, or null (useFormAction then falls back to the
 * common messages): the `errorText` of a form's useFormAction.
 */
export function useErrorCodes(namespace: "admin" | "password" | "twoFactor" | "securityPolicy" | "admin.offices") {
  const t = useTranslations(namespace);
  return (code: string): string | null => (t.has(`errors.${code}`) ? t(`errors.${code}`) : null);
}
