import { getLocale, getTranslations } from "next-intl/server";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
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
      <summary className={buttonClass("secondary", "md", "cursor-pointer list-none")} data-testid="bulletin-link">
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
        <Field label={t("bulletinPeriod")}>
          {(control) => (
            <Select name="period" defaultValue={choices.defaultPeriod} data-testid="bulletin-period" {...control}>
              {[...choices.periods].reverse().map((p) => (
                <option key={p} value={p}>
                  {periodName(p, locale)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("bulletinDocNumber")}>
          {(control) => (
            <Input name="docNumber" maxLength={40} defaultValue={choices.docNumbers[choices.defaultPeriod] ?? ""} placeholder={t("bulletinDocNumberHint")} data-testid="bulletin-doc-number" {...control} />
          )}
        </Field>
        <p className="text-xs text-slate-500">{t("bulletinHeaderNote", { agency: choices.agencyMark })}</p>
        <Button type="submit" variant="primary" className="w-full" data-testid="bulletin-generate">
          {t("bulletinGenerate")}
        </Button>
      </form>
    </details>
  );
}
