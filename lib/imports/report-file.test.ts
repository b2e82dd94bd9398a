import fs from "node:fs";
import path from "node:path";
import { Document, Packer, Paragraph, TextRun } from "docx";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { parseConferenceReport } from "@/lib/domain/conference-report";
import { documentXmlText, MAX_REPORT_FILE_BYTES, reportFileText } from "./report-file";

const report2025 = fs.readFileSync(path.join(import.meta.dirname, "../domain/fixtures/conference-report-2025.txt"), "utf8");

async function docxOf(paragraphs: string[]): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe("reading an uploaded report", () => {
  it("reads a .docx written by Word's format, paragraph by paragraph, and it parses like the pasted text", async () => {
    const paragraphs = report2025.split("\n").filter((l) => l.trim() !== "");
    const read = reportFileText(await docxOf(paragraphs), "会议报道.docx");
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.text.split("\n").map((l) => l.trim()).filter(Boolean)).toEqual(paragraphs.map((p) => p.trim()).filter(Boolean));
    const parsed = parseConferenceReport(read.text);
    expect(parsed.tasks).toHaveLength(7);
    expect(parsed.tasks[1]!.measures.map((m) => m.title)).toContain("深入打好蓝天、碧水、净土保卫战");
  });

  it("reads UTF-8 (with a byte order mark and CRLF) and GB18030 text files", () => {
    const utf8 = reportFileText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("一是治气。\r\n二是治水。")]), "a.txt");
    expect(utf8).toEqual({ ok: true, text: "一是治气。\n二是治水。" });
    // "一是" in GB18030.
    expect(reportFileText(new Uint8Array([0xd2, 0xbb, 0xca, 0xc7]), "gbk.txt")).toEqual({ ok: true, text: "一是" });
  });

  it.each([
    ["an empty file", new Uint8Array(), "a.txt", "emptyFile"],
    ["a file over 20 MB", new Uint8Array(MAX_REPORT_FILE_BYTES + 1), "big.txt", "fileTooLarge"],
    ["a .docx that is not one", new TextEncoder().encode("just text"), "fake.docx", "notADocx"],
    ["a zip without a document", zipSync({ "a.txt": strToU8("x") }), "other.docx", "notADocx"],
    ["a broken zip", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "broken.docx", "notADocx"],
    ["a Word 97 file", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "old.doc", "oldWordFormat"],
    ["a binary file named .txt", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), "image.txt", "notText"],
    ["a PDF", new TextEncoder().encode("%PDF-1.7"), "report.pdf", "unsupportedType"],
  ])("refuses %s with a code", (_name, bytes, name, code) => {
    expect(reportFileText(bytes, name)).toEqual({ ok: false, code });
  });

  it("reads tabs, breaks and entities of document.xml and leaves deleted revisions out", () => {
    const xml = `<w:document><w:body><w:p><w:r><w:t xml:space="preserve">A &amp; B&#x4E00;</w:t><w:tab/><w:t>C</w:t></w:r></w:p><w:p/><w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>D</w:t><w:br/><w:t>E</w:t></w:r></w:p></w:body></w:document>`;
    expect(documentXmlText(xml)).toBe("A & B一\tC\n\nD\nE");
  });
});
