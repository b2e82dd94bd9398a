"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ZodType } from "zod";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ActionResult } from "@/lib/actions/result";

export const inputClass = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:border-red-500";
export const buttonClass = "rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50";
export const primaryClass = "rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50";

/**
 * Runs a plan editor action: checks the input with the same zod schema the server uses, shows
 * errors next to their fields in the user's language, and refreshes the page when it worked.
 */
export function usePlanAction() {
  const t = useTranslations("planEdit");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  const errorText = (code: string) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : t("errors.invalid"));

  function run<T extends object>(opts: { input: unknown; schema?: ZodType; action: (input: unknown) => Promise<ActionResult<T>>; ok?: string; onOk?: (res: T) => void }) {
    if (opts.schema) {
      const parsed = opts.schema.safeParse(opts.input);
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= /^[a-zA-Z]+$/.test(issue.message) ? issue.message : "invalid";
        setErrors(fieldErrors);
        setMessage({ tone: "error", text: errorText("invalid") });
        return;
      }
    }
    start(async () => {
      const res = await opts.action(opts.input);
      if (res.ok) {
        setErrors({});
        setMessage(opts.ok ? { tone: "ok", text: opts.ok } : null);
        opts.onOk?.(res as unknown as T);
        router.refresh();
      } else {
        setErrors(res.errors ?? {});
        setMessage({ tone: "error", text: errorText(res.message) });
      }
    });
  }

  return { pending, busy: pending || !hydrated, errors, message, run, errorText, setMessage };
}

export function FieldError({ id, code, text }: { id: string; code: string | undefined; text: (code: string) => string }) {
  if (!code) return null;
  return <p className="mt-1 text-xs text-red-600" id={id}>{text(code)}</p>;
}

export function StatusMessage({ message }: { message: { tone: "ok" | "error"; text: string } | null }) {
  if (!message) return null;
  return <span role="status" className={`text-sm ${message.tone === "ok" ? "text-emerald-700" : "text-red-600"}`}>{message.text}</span>;
}
