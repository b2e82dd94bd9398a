import { z } from "zod";
import { MAX_REPORT_CHARS } from "@/lib/domain/conference-report";

/** Parsing a conference report (the page and POST /api/v1/plans/parse): the text only; nothing is written. */
export const reportParseSchema = z.object({
  text: z
    .string({ error: "required" })
    .max(MAX_REPORT_CHARS, "tooLong")
    .meta({ description: `The report's text, at most ${MAX_REPORT_CHARS.toLocaleString("en")} characters (an empty or unrelated text gives an empty tree and a message).` }),
});
export type ReportParseInput = z.input<typeof reportParseSchema>;

/** Largest JSON body of POST /api/v1/plans/parse (the longest text, escaped, fits). */
export const MAX_PARSE_BODY_BYTES = 1024 * 1024;
