"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";

export function SignOutButton({ label }: { label: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  return (
    <button type="button" disabled={pending || !hydrated}
      onClick={() => start(async () => { await signOut({ redirect: false }); router.replace("/login?signedOut=1"); router.refresh(); })}
      className="rounded-md px-3 py-1.5 text-sm whitespace-nowrap text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100">
      {label}
    </button>
  );
}
