import type { Locale } from "./config";

/** Chinese text, or its English counterpart when the interface is in English and one exists. */
export function localized(locale: string, zh: string, en: string | null | undefined): string {
  return (locale as Locale) === "en" && en ? en : zh;
}
