import { describe, expect, it } from "vitest";
import { bulletinLabelKeys } from "@/lib/exports/bulletin-docx";
import { workbookLabelKeys } from "@/lib/exports/dashboard-workbook";
import { outboundText } from "@/lib/data/outbox";
import { sourceMessages, sourceTexts } from "./source-messages";

describe("sourceMessages / sourceTexts", () => {
  it.each(["zh-CN", "en"])("gives every text the Word bulletin and the Excel workbook fill, as written (%s)", (locale) => {
    const messages = sourceMessages(locale);
    const bulletin = sourceTexts(messages, "exports", bulletinLabelKeys);
    const workbook = sourceTexts(messages, "exports", workbookLabelKeys);
    for (const text of [...Object.values(bulletin), ...Object.values(workbook)]) expect(typeof text).toBe("string");
    // The placeholders are kept for the exporters to fill (a compiled catalog would not have them).
    expect(bulletin["bulletin.title"]).toContain("{period}");
    expect(workbook["workbook.title"]).toContain("{year}");
  });

  it("reads the default language for an unknown or missing locale, and a feature's own file", () => {
    expect(sourceMessages("fr")).toBe(sourceMessages("zh-CN"));
    expect(sourceMessages(null)).toBe(sourceMessages("zh-CN"));
    expect(sourceMessages("en", "reminders")).toHaveProperty("outbound");
  });

  it("refuses a text that is not there, or a namespace rather than a text", () => {
    const messages = sourceMessages("zh-CN");
    expect(() => sourceTexts(messages, "exports", ["no.such.text"])).toThrow("No message exports.no.such.text");
    expect(() => sourceTexts(messages, "exports", ["workbook"])).toThrow("No message exports.workbook");
  });

  it("gives the outbound texts as written, in the recipient's language", () => {
    expect(outboundText("en").dueSoonTitle).toMatch(/\{period\}|\{due\}|\{count\}/);
    expect(outboundText("zh-CN").dueSoonTitle).not.toBe(outboundText("en").dueSoonTitle);
    expect(outboundText(undefined)).toBe(outboundText("zh-CN"));
  });
});
