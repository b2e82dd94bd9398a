import "server-only";
import { parseConferenceReport, MAX_REPORT_CHARS, type ParsedReport } from "@/lib/domain/conference-report";
import { reportFileText } from "@/lib/imports/report-file";
import { reportParseSchema } from "@/lib/validation/conference-report";
import { InvalidInputError } from "./errors";
import { requireViewer } from "./guard";

/**
 * A conference report read into a draft tree, for the department (who may write plans): nothing
 * is written here. The draft plan is created afterwards, once the officer confirms, through the
 * same path as any plan sent with its tree (createPlanWithTree).
 */

/** May the viewer start a plan from a report? (The page's check; every parse checks again.) */
export async function requireReportImport(): Promise<void> {
  await requireViewer("plan.write");
}

export async function parseReportText(input: unknown): Promise<ParsedReport> {
  await requireViewer("plan.write");
  const { text } = reportParseSchema.parse(input);
  return parseConferenceReport(text);
}

/** An uploaded .txt or .docx: its text (empty when it is too long to keep) and the tree read from it. */
export async function parseReportFile(bytes: Uint8Array, fileName: string): Promise<{ text: string; report: ParsedReport }> {
  await requireViewer("plan.write");
  const read = reportFileText(bytes, fileName);
  if (!read.ok) throw new InvalidInputError({ file: read.code });
  const report = parseConferenceReport(read.text);
  return { text: read.text.length > MAX_REPORT_CHARS ? "" : read.text, report };
}
