/**
 * What an uploaded file really is, read from its bytes (magic numbers), never from its name.
 *
 * Hand-written rather than the `file-type` package: that package is ESM-only with stream
 * tokenizers, recognises some hundred formats we would still have to narrow to an allow-list,
 * and tells Word from Excel only by a best-effort walk of zip entries. Our nine formats fit in
 * this file, and the upload path keeps no dependency we cannot read.
 */

export type SniffedType =
  | { mime: "application/pdf"; ext: "pdf" }
  | { mime: "image/png"; ext: "png" }
  | { mime: "image/jpeg"; ext: "jpg" }
  | { mime: "image/gif"; ext: "gif" }
  | { mime: "image/webp"; ext: "webp" }
  | { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"; ext: "docx" }
  | { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"; ext: "xlsx" }
  | { mime: "application/msword"; ext: "doc" }
  | { mime: "application/vnd.ms-excel"; ext: "xls" };

const TYPES = {
  pdf: { mime: "application/pdf", ext: "pdf" },
  png: { mime: "image/png", ext: "png" },
  jpg: { mime: "image/jpeg", ext: "jpg" },
  gif: { mime: "image/gif", ext: "gif" },
  webp: { mime: "image/webp", ext: "webp" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: "docx" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" },
  doc: { mime: "application/msword", ext: "doc" },
  xls: { mime: "application/vnd.ms-excel", ext: "xls" },
} as const satisfies Record<string, SniffedType>;

/** The file extension that goes with a type this module returns, or null for any other type. */
export function extensionOfMime(mime: string): SniffedType["ext"] | null {
  return Object.values(TYPES).find((t) => t.mime === mime)?.ext ?? null;
}

/** The type of an allowed evidence file, or null for anything else (executables, plain zips, text…). */
export function sniffFileType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return TYPES.pdf; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return TYPES.jpg;
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return TYPES.gif;
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes.subarray(8), ascii("WEBP"))) return TYPES.webp;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return sniffOoxml(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffOle2(bytes);
  return null;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

/**
 * A zip is a Word or Excel document when its central directory holds `[Content_Types].xml` and
 * parts under `word/` or `xl/` (not both). Macro-bearing documents (vbaProject.bin) are refused:
 * evidence needs no code. ZIP64 is refused too; a 20 MB document never needs it.
 */
function sniffOoxml(bytes: Uint8Array): SniffedType | null {
  const names = zipEntryNames(bytes);
  if (!names || !names.includes("[Content_Types].xml")) return null;
  if (names.some((n) => n.toLowerCase().endsWith("vbaproject.bin"))) return null;
  const word = names.some((n) => n.startsWith("word/"));
  const excel = names.some((n) => n.startsWith("xl/"));
  if (word === excel) return null;
  return word ? TYPES.docx : TYPES.xlsx;
}

const EOCD_SIZE = 22;

function zipEntryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits at the end, after a comment of at most 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - EOCD_SIZE; i >= Math.max(0, bytes.length - EOCD_SIZE - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || offset === 0xffffffff) return null;
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const names: string[] = [];
  let p = offset;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > eocd) return null;
    names.push(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const CFB_END = 0xfffffffa; // sector numbers from here up are markers (end of chain, free, FAT, DIFAT)
const NO_STREAM = 0xffffffff;

/**
 * An OLE2 compound file is a .doc when its root storage holds a `WordDocument` stream and an .xls
 * when it holds `Workbook` (or `Book`, BIFF5). Other compound files (PowerPoint, Outlook, MSI
 * installers) and documents carrying macros (`Macros`, `_VBA_PROJECT_CUR`) are refused. Only the
 * root's own children count: a Word document may embed a workbook deeper down.
 */
function sniffOle2(bytes: Uint8Array): SniffedType | null {
  try {
    const names = cfbRootNames(bytes);
    if (!names) return null;
    if (names.has("macros") || names.has("_vba_project_cur")) return null;
    const word = names.has("worddocument");
    const excel = names.has("workbook") || names.has("book");
    if (word === excel) return null;
    return word ? TYPES.doc : TYPES.xls;
  } catch {
    return null; // a read past the end: not a well-formed compound file
  }
}

/** Lower-cased names of the root storage's children, following the FAT as [MS-CFB] describes. */
function cfbRootNames(bytes: Uint8Array): Set<string> | null {
  if (bytes.length < 512) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = view.getUint16(30, true);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize) + 1;
  const sectorAt = (n: number) => (n + 1) * sectorSize;
  const perSector = sectorSize / 4;

  // FAT sector numbers: 109 in the header, more in the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(view.getUint32(76 + i * 4, true));
  let difat = view.getUint32(68, true);
  for (let hops = 0; difat < CFB_END; hops++) {
    if (hops > sectorCount || sectorAt(difat) + sectorSize > bytes.length) return null;
    for (let i = 0; i < perSector - 1; i++) fatSectors.push(view.getUint32(sectorAt(difat) + i * 4, true));
    difat = view.getUint32(sectorAt(difat) + (perSector - 1) * 4, true);
  }
  const fat = fatSectors.filter((s) => s < CFB_END);
  const next = (sector: number): number => {
    const fatSector = fat[Math.floor(sector / perSector)];
    if (fatSector === undefined) return NO_STREAM;
    return view.getUint32(sectorAt(fatSector) + (sector % perSector) * 4, true);
  };

  // The directory: a chain of sectors of 128-byte entries.
  const directory: number[] = [];
  for (let s = view.getUint32(48, true), hops = 0; s < CFB_END; s = next(s), hops++) {
    if (hops > sectorCount || sectorAt(s) + sectorSize > bytes.length) return null;
    for (let off = 0; off < sectorSize; off += 128) directory.push(sectorAt(s) + off);
  }
  const root = directory[0];
  if (root === undefined || view.getUint8(root + 66) !== 5) return null;

  // The root's children form a tree through the left/right sibling links.
  const names = new Set<string>();
  const seen = new Set<number>();
  const stack = [view.getUint32(root + 76, true)];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === NO_STREAM || seen.has(id)) continue;
    const entry = directory[id];
    if (entry === undefined) return null;
    seen.add(id);
    const nameLength = Math.min(view.getUint16(entry + 64, true), 64);
    let name = "";
    for (let i = 0; i < nameLength - 2; i += 2) name += String.fromCharCode(view.getUint16(entry + i, true));
    names.add(name.toLowerCase());
    stack.push(view.getUint32(entry + 68, true), view.getUint32(entry + 72, true));
  }
  return names;
}
