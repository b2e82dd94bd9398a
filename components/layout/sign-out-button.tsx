"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * next-auth's own sign-out request (CSRF token, then POST /api/auth/signout), made with fetch:
 * the next-auth client library would add ~10 KB to the script of every signed-in page for it.
 */
async function signOut(): Promise<void> {
  const { csrfToken } = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken: string };
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/login?signedOut=1", json: "true" }),
  });
}

export function SignOutButton({ label }: { label: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  return (
    <Button disabled={pending || !hydrated} onClick={() => start(async () => { await signOut(); router.replace("/login?signedOut=1"); router.refresh(); })} className="whitespace-nowrap text-slate-600">
      {label}
    </Button>
  );
}
