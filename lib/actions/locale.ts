"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { localeCookie, locales } from "@/lib/i18n/config";
import { runAction } from "./run";

const localeSchema = z.enum(locales);

/** Remembers the chosen interface language for a year; every page is drawn again in it. */
export async function setLocale(locale: string): Promise<{ ok: boolean }> {
  return runAction(
    localeSchema,
    locale,
    async (l) => {
      (await cookies()).set(localeCookie, l as string, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax", httpOnly: false });
      return {};
    },
    [["/", "layout"]],
  );
}
