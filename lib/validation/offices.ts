import { z } from "zod";

export { officeChoices, officesFromText } from "./office-list";

/** The settings key of the department's offices (处室), the list 牵头处室 is picked from (table settings). */
export const OFFICES_SETTINGS_KEY = "offices";

/** A department's offices until the system administrator sets its own: those of the demo plans, in the usual order. */
export const DEFAULT_OFFICES: readonly string[] = [
  "综合处",
  "法规与标准处",
  "科技与财务处",
  "自然生态保护处",
  "水生态环境处",
  "大气环境处",
  "应对气候变化处",
  "土壤生态环境处",
  "固体废物与化学品处",
  "核与辐射安全监管处",
  "环境影响评价与排放管理处",
  "生态环境监测处",
  "生态环境执法处",
  "督察办",
  "机关党委",
];

const office = z
  .string()
  .trim()
  .min(1, "required")
  .max(50, "tooLong")
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "badCharacters");

/** The list as the administrator saves it: 1–100 names, each once, in the order given. */
export const officesSchema = z.object({
  offices: z
    .array(office)
    .min(1, "required")
    .max(100, "tooMany")
    .refine((list) => new Set(list).size === list.length, "duplicate"),
});
export type OfficesInput = z.input<typeof officesSchema>;


/** A stored value as the list: what does not parse (never set, or damaged) is the default list. */
export function readOfficesValue(value: unknown): string[] {
  const parsed = officesSchema.safeParse({ offices: (value as { offices?: unknown } | null)?.offices });
  return parsed.success ? parsed.data.offices : [...DEFAULT_OFFICES];
}
