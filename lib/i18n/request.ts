import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale, localeCookie, timeZone } from "./config";

/** The locale is the one the user chose (a cookie), Chinese otherwise. */
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(localeCookie)?.value;
  const locale = isLocale(chosen) ? chosen : defaultLocale;
  return {
    locale,
    timeZone,
    // Each feature may keep its texts in a file of its own: messages/<locale>.json plus messages/<locale>.<feature>.json.
    messages: {
      ...(await import(`../../messages/${locale}.json`)).default,
      ...(await import(`../../messages/${locale}.plans.json`)).default,
      ...(await import(`../../messages/${locale}.admin.json`)).default,
      ...(await import(`../../messages/${locale}.security.json`)).default,
      ...(await import(`../../messages/${locale}.two-factor.json`)).default,
      ...(await import(`../../messages/${locale}.reminders.json`)).default,
      ...(await import(`../../messages/${locale}.audit.json`)).default,
    },
  };
});
