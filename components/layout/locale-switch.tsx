"use client";

import { useLocale } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { setLocale } from "@/lib/actions/locale";

const labels = { "zh-CN": "中文", en: "English" } as const;

export function LocaleSwitch() {
  const current = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  return (
    <div className="flex gap-1 text-sm" aria-busy={pending}>
      {(Object.keys(labels) as (keyof typeof labels)[]).map((locale) => (
        <button key={locale} type="button" lang={locale} aria-pressed={current === locale} disabled={!hydrated || pending || current === locale}
          onClick={() => start(async () => { await setLocale(locale); router.refresh(); })}
          className="rounded px-2 py-1 whitespace-nowrap text-slate-600 hover:bg-slate-100 aria-pressed:bg-slate-200 aria-pressed:font-medium aria-pressed:text-slate-900">
          {labels[locale]}
        </button>
      ))}
    </div>
  );
}
