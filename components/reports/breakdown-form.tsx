"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { Light } from "@/lib/domain/progress";
import { breakDownAction } from "@/lib/actions/breakdown";

export type BreakdownCounty = { code: string; name: string; given: { progress: number | null; light: Light } | null };

const lightDot: Record<Light, string> = { green: "bg-emerald-500", yellow: "bg-amber-400", red: "bg-red-500" };

/** 分解到旗县: gives one of the league-city's assignments to the banner-counties ticked; those that have it already are shown with their progress. */
export function BreakdownForm({ assignmentId, counties, closed }: { assignmentId: number; counties: BreakdownCounty[]; closed: boolean }) {
  const t = useTranslations("breakdown");
  const tc = useTranslations("common");
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, start] = useTransition();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const given = counties.filter((c) => c.given).length;
  const open = counties.filter((c) => !c.given);
  const toggle = (code: string) => setPicked((s) => { const n = new Set(s); if (n.has(code)) n.delete(code); else n.add(code); return n; });

  function submit() {
    const regionCodes = open.filter((c) => picked.has(c.code)).map((c) => c.code);
    if (regionCodes.length === 0) {
      setMessage({ tone: "error", text: t("errors.noneChosen") });
      return;
    }
    start(async () => {
      const res = await breakDownAction({ assignmentId, regionCodes });
      if (res.ok) {
        setPicked(new Set());
        setMessage({ tone: "ok", text: res.existing > 0 ? `${t("done", { count: res.created })} ${t("existing", { count: res.existing })}` : t("done", { count: res.created }) });
        router.refresh();
      } else {
        const key = res.errors?.regionCodes ?? res.message;
        setMessage({ tone: "error", text: t.has(`errors.${key}`) ? t(`errors.${key}`) : t("errors.unexpected") });
      }
    });
  }

  return (
    <details className="group mt-3 rounded-md bg-slate-50 text-sm ring-1 ring-slate-200" data-testid="breakdown">
      <summary className="cursor-pointer list-none px-3 py-2 font-medium text-brand-800 select-none">
        <span aria-hidden="true" className="mr-1 inline-block transition-transform group-open:rotate-90">›</span>
        {t("summary", { given, total: counties.length })}
      </summary>
      <form
        className="space-y-2 border-t border-slate-200 px-3 py-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <fieldset disabled={!hydrated || pending || closed}>
          <legend className="mb-1 text-xs text-slate-500">{closed ? t("closed") : t("legend")}</legend>
          <ul className="grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
            {counties.map((c) => (
              <li key={c.code}>
                <label className="flex min-w-0 items-center gap-2 py-0.5">
                  <input type="checkbox" name="regionCodes" value={c.code} checked={c.given !== null || picked.has(c.code)} disabled={c.given !== null} onChange={() => toggle(c.code)} className="size-4 shrink-0" />
                  <span className="min-w-0 truncate">{c.name}</span>
                  {c.given && (
                    <span className="ml-auto inline-flex shrink-0 items-center gap-1 text-xs text-slate-500 tabular-nums" data-testid="breakdown-given">
                      {t("given")} · {c.given.progress === null ? "—" : `${c.given.progress}%`}
                      <span className={`inline-block size-2.5 rounded-full ${lightDot[c.given.light]}`} aria-hidden="true" />
                      <span className="sr-only">{tc(`lights.${c.given.light}`)}</span>
                    </span>
                  )}
                </label>
              </li>
            ))}
          </ul>
          {open.length > 0 && (
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">{t("submit")}</button>
              {message && <span role="status" className={`text-sm ${message.tone === "ok" ? "text-emerald-700" : "text-red-600"}`}>{message.text}</span>}
            </div>
          )}
        </fieldset>
        {open.length === 0 && message && <p role="status" className={`text-sm ${message.tone === "ok" ? "text-emerald-700" : "text-red-600"}`}>{message.text}</p>}
      </form>
    </details>
  );
}
