import { unzipSync } from "fflate";

/**
 * The text of an uploaded conference report: a .txt file (UTF-8, or GB18030 as Chinese Windows
 * saves it) or a Word .docx (its word/document.xml, paragraphs as lines). Anything else, and files
 * over the limit, are refused with a code the page translates.
 */

export const MAX_REPORT_FILE_BYTES = 20 * 1024 * 1024;
/** The unpacked document.xml a .docx may hold (a small zip can unpack into gigabytes). */
const MAX_DOCUMENT_XML_BYTES = 64 * 1024 * 1024;

export type ReportFileProblem = "emptyFile" | "fileTooLarge" | "notADocx" | "oldWordFormat" | "notText" | "unsupportedType";
export type ReportFileText = { ok: true; text: string } | { ok: false; code: ReportFileProblem };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function reportFileText(bytes: Uint8Array, fileName: string): ReportFileText {
  if (bytes.byteLength === 0) return { ok: false, code: "emptyFile" };
  if (bytes.byteLength > MAX_REPORT_FILE_BYTES) return { ok: false, code: "fileTooLarge" };
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  if (ext === "docx") return docxText(bytes);
  if (ext === "doc") return { ok: false, code: startsWith(bytes, OLE_MAGIC) ? "oldWordFormat" : "notADocx" };
  if (ext === "txt" || ext === "text" || ext === "") return plainText(bytes);
  return { ok: false, code: "unsupportedType" };
}

function plainText(bytes: Uint8Array): ReportFileText {
  // A zip, a Word 97 file or anything with NUL bytes is no text file, whatever its name says.
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, OLE_MAGIC) || bytes.subarray(0, 64 * 1024).includes(0)) return { ok: false, code: "notText" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    try {
      text = new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, code: "notText" };
    }
  }
  return { ok: true, text: text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n") };
}

function docxText(bytes: Uint8Array): ReportFileText {
  if (!startsWith(bytes, ZIP_MAGIC)) return { ok: false, code: startsWith(bytes, OLE_MAGIC) ? "oldWordFormat" : "notADocx" };
  let xml: Uint8Array | undefined;
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name === "word/document.xml" && f.originalSize <= MAX_DOCUMENT_XML_BYTES });
    xml = files["word/document.xml"];
  } catch {
    return { ok: false, code: "notADocx" };
  }
  if (!xml) return { ok: false, code: "notADocx" };
  let source: string;
  try {
    source = new TextDecoder("utf-8", { fatal: true }).decode(xml);
  } catch {
    return { ok: false, code: "notADocx" };
  }
  return { ok: true, text: documentXmlText(source) };
}

/** The text of a WordprocessingML body: one line per paragraph, tabs and breaks kept, deleted revisions left out. */
export function documentXmlText(xml: string): string {
  const body = xml.replace(/<w:del\b[\s\S]*?<\/w:del>/g, "");
  const lines: string[] = [];
  let line = "";
  for (const m of body.matchAll(/<w:p[\s>/]|<\/w:p>|<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\s*\/>|<w:cr\/>/g)) {
    const tag = m[0];
    if (tag.startsWith("<w:t")) {
      if (m[1] !== undefined) line += decodeXml(m[1]);
      else line += "\t";
    } else if (tag.startsWith("<w:br") || tag === "<w:cr/>") line += "\n";
    else if (tag === "</w:p>" || tag === "<w:p/") {
      lines.push(line);
      line = "";
    }
  }
  if (line) lines.push(line);
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

function decodeXml(s: string): string {
  return s.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g, (all, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec || hex) {
      const code = dec ? Number(dec) : parseInt(hex!, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[name as "amp"];
  });
}
