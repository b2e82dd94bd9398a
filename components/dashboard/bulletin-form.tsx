import { getLocale, getTranslations } from "next-intl/server";
import type { BulletinChoices } from "@/lib/data/bulletin";
import { periodName } from "@/lib/exports/bulletin-docx";

/**
 * 生成通报: the period and the document number are chosen before the Word file is made. A plain
 * GET form (it works before any script loads); the 文号 field starts with the numbering the
 * administrator set, and the officer may type another.
 */
export async function BulletinForm({ year, choices }: { year: number; choices: BulletinChoices }) {
  const t = await getTranslations("dashboard");
  const locale = await getLocale();
  return (
    <details className="relative" data-testid="bulletin-menu">
      <summary className="cursor-pointer list-none rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50" data-testid="bulletin-link">
        {t("bulletin")}
      </summary>
      <form
        action="/api/dashboard/bulletin"
        method="get"
        className="absolute right-0 z-20 mt-2 w-72 max-w-[calc(100vw-2rem)] space-y-3 rounded-lg bg-white p-4 text-sm shadow-lg ring-1 ring-slate-200"
        data-testid="bulletin-form"
      >
        <input type="hidden" name="year" value={year} />
        <input type="hidden" name="planId" value={choices.planId} />
        <label className="block space-y-1">
          <span className="text-slate-600">{t("bulletinPeriod")}</span>
          <select name="period" defaultValue={choices.defaultPeriod} className="w-full rounded-md border border-slate-300 px-2 py-1.5" data-testid="bulletin-period">
            {[...choices.periods].reverse().map((p) => (
              <option key={p} value={p}>
                {periodName(p, locale)}
              </option>
            ))}
          </select>
        </label>
        <label className="block space-y-1">
          <span className="text-slate-600">{t("bulletinDocNumber")}</span>
          <input
            name="docNumber"
            maxLength={40}
            defaultValue={choices.docNumbers[choices.defaultPeriod] ?? ""}
            placeholder={t("bulletinDocNumberHint")}
            className="w-full rounded-md border border-slate-300 px-2 py-1.5"
            data-testid="bulletin-doc-number"
          />
        </label>
        <p className="text-xs text-slate-500">{t("bulletinHeaderNote", { agency: choices.agencyMark })}</p>
        <button type="submit" className="w-full rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700" data-testid="bulletin-generate">
          {t("bulletinGenerate")}
        </button>
      </form>
    </details>
  );
}
