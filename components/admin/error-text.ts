"use client";

import { useTranslations } from "next-intl";

type Failed = { message: string; errors?: Record<string, string> };

/** The translated first reason of a failed action, in the given namespace's `errors`. */
export function useErrorText(namespace: "admin" | "password") {
  const t = useTranslations(namespace);
  return (res: Failed): string => {
    const key = Object.values(res.errors ?? {})[0] ?? res.message;
    return t.has(`errors.${key}`) ? t(`errors.${key}`) : t("errors.unexpected");
  };
}
