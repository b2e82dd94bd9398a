import { z } from "zod";

/** One line of a document's header: printable text without control characters. */
const headerLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "tooLong")
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "badCharacters");

/** The bulletin's input, from the URL or a caller: the year, optionally a plan, a period and the 文号 to print. */
export const bulletinParamsSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  planId: z.coerce.number().int().positive().max(2147483647).optional(),
  period: z.string().regex(/^\d{4}-(\d{2}|Q[1-4])$/).optional(),
  /** The document number (文号) as it is to be printed, e.g. 内环督〔2026〕10号; empty prints none. */
  docNumber: headerLine(40).optional(),
});

/** The settings key of the bulletin's header (table settings). */
export const BULLETIN_SETTINGS_KEY = "bulletin.header";

/**
 * The bulletin's header, set by the system administrator: the issuing body's mark printed in red
 * at the top (发文机关标志) and the prefix of its document number (文号), e.g. 内环督 gives
 * 内环督〔2026〕10号 for the October bulletin.
 */
export const bulletinSettingsSchema = z.object({
  agencyMark: headerLine(40).default("内蒙古自治区生态环境厅"),
  docNumberPrefix: headerLine(20).default(""),
});
export type BulletinSettings = z.output<typeof bulletinSettingsSchema>;
export type BulletinSettingsInput = z.input<typeof bulletinSettingsSchema>;

export const DEFAULT_BULLETIN_SETTINGS: BulletinSettings = bulletinSettingsSchema.parse({});

/** A stored value as settings: what does not parse falls back to the defaults, field by field. */
export function readBulletinSettingsValue(value: unknown): BulletinSettings {
  const obj = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const field = <K extends keyof BulletinSettings>(k: K): BulletinSettings[K] => {
    const parsed = bulletinSettingsSchema.shape[k].safeParse(obj[k]);
    return (parsed.success ? parsed.data : DEFAULT_BULLETIN_SETTINGS[k]) as BulletinSettings[K];
  };
  return { agencyMark: field("agencyMark"), docNumberPrefix: field("docNumberPrefix") };
}

/** The document number a bulletin of a period gets by default: prefix〔year〕n号, n the period's number in its year. */
export function defaultDocNumber(prefix: string, year: number, periodNumber: number): string {
  return prefix ? `${prefix}〔${year}〕${periodNumber}号` : "";
}
