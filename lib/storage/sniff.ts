/**
 * What an uploaded file really is, read from its bytes (magic numbers), never from its name.
 *
 * Hand-written rather than the `file-type` package: that package is ESM-only with stream
 * tokenizers, recognises some hundred formats we would still have to narrow to an allow-list,
 * and tells Word from Excel only by a best-effort walk of zip entries. Our nine formats fit in
 * this file, and the upload path keeps no dependency we cannot read.
 */

import type { FileHandle } from "node:fs/promises";

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
  const reader = sniff(bytes.length);
  let step = reader.next();
  while (!step.done) step = reader.next(bytes.subarray(step.value.offset, step.value.offset + step.value.length));
  return step.value;
}

const BLOCK_BYTES = 64 * 1024;
const KEPT_BLOCKS = 8;

/**
 * The same for a file on disk (an upload spooled to a temporary file): only the ranges the formats
 * need are read — the first bytes, a zip's tail and central directory, a compound file's header,
 * FAT and directory sectors — through a few 64 KiB blocks, so a 20 MB file is never whole in memory.
 */
export async function sniffFileTypeOfFile(file: FileHandle): Promise<SniffedType | null> {
  const { size } = await file.stat();
  const blocks: { start: number; bytes: Uint8Array }[] = []; // the most recently read first
  const readAt = async (offset: number, length: number): Promise<Uint8Array> => {
    // A range past the end reads short, as a subarray would: the parsers treat that as malformed.
    const wanted = Math.max(0, Math.min(length, size - offset));
    if (wanted === 0) return new Uint8Array(0);
    const hit = blocks.find((b) => b.start <= offset && offset + wanted <= b.start + b.bytes.length);
    if (hit) return hit.bytes.subarray(offset - hit.start, offset - hit.start + wanted);
    const bytes = new Uint8Array(Math.min(Math.max(wanted, BLOCK_BYTES), size - offset));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await file.read(bytes, filled, bytes.length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    blocks.unshift({ start: offset, bytes: bytes.subarray(0, filled) });
    blocks.length = Math.min(blocks.length, KEPT_BLOCKS);
    return bytes.subarray(0, Math.min(filled, wanted));
  };
  const reader = sniff(size);
  let step = reader.next();
  while (!step.done) step = reader.next(await readAt(step.value.offset, step.value.length));
  return step.value;
}

/**
 * The parsers below ask for the byte ranges they need (`yield* read(offset, length)`) instead of
 * indexing one array: the same code then reads an array in memory (sniffFileType) or a file on disk
 * (sniffFileTypeOfFile). A range past the end comes back short, and a DataView over it throws.
 */
type Range = { offset: number; length: number };
type Reads<T> = Generator<Range, T, Uint8Array>;

function* read(offset: number, length: number): Reads<Uint8Array> {
  return yield { offset, length };
}

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function* sniff(size: number): Reads<SniffedType | null> {
  const head = yield* read(0, Math.min(size, 16));
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return TYPES.pdf; // %PDF-
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return TYPES.jpg;
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return TYPES.gif;
  if (startsWith(head, ascii("RIFF")) && startsWith(head.subarray(8), ascii("WEBP"))) return TYPES.webp;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return yield* sniffOoxml(size);
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return yield* sniffOle2(size);
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
function* sniffOoxml(size: number): Reads<SniffedType | null> {
  const names = yield* zipEntryNames(size);
  if (!names || !names.includes("[Content_Types].xml")) return null;
  if (names.some((n) => n.toLowerCase().endsWith("vbaproject.bin"))) return null;
  const word = names.some((n) => n.startsWith("word/"));
  const excel = names.some((n) => n.startsWith("xl/"));
  if (word === excel) return null;
  return word ? TYPES.docx : TYPES.xlsx;
}

const EOCD_SIZE = 22;

function* zipEntryNames(size: number): Reads<string[] | null> {
  // The end-of-central-directory record sits at the end, after a comment of at most 65535 bytes.
  if (size < EOCD_SIZE) return null;
  const tailStart = Math.max(0, size - EOCD_SIZE - 0xffff);
  const tail = viewOf(yield* read(tailStart, size - tailStart));
  let at = -1;
  for (let i = size - EOCD_SIZE - tailStart; i >= 0; i--) {
    if (tail.getUint32(i, true) === 0x06054b50) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  const eocd = tailStart + at;
  const entries = tail.getUint16(at + 10, true);
  const offset = tail.getUint32(at + 16, true);
  if (entries === 0xffff || offset === 0xffffffff) return null;
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const names: string[] = [];
  let p = offset;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > eocd) return null;
    const header = viewOf(yield* read(p, 46));
    if (header.getUint32(0, true) !== 0x02014b50) return null;
    const nameLength = header.getUint16(28, true);
    const extraLength = header.getUint16(30, true);
    const commentLength = header.getUint16(32, true);
    if (p + 46 + nameLength > eocd) return null;
    names.push(decoder.decode(yield* read(p + 46, nameLength)));
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
function* sniffOle2(size: number): Reads<SniffedType | null> {
  try {
    const names = yield* cfbRootNames(size);
    if (!names) return null;
    if (names.has("macros") || names.has("_vba_project_cur")) return null;
    const word = names.has("worddocument");
    const excel = names.has("workbook") || names.has("book");
    if (word === excel) return null;
    return word ? TYPES.doc : TYPES.xls;
  } catch (err) {
    if (err instanceof RangeError) return null; // a read past the end: not a well-formed compound file
    throw err;
  }
}

/** Lower-cased names of the root storage's children, following the FAT as [MS-CFB] describes. */
function* cfbRootNames(size: number): Reads<Set<string> | null> {
  if (size < 512) return null;
  const header = viewOf(yield* read(0, 512));
  const shift = header.getUint16(30, true);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor((size - sectorSize) / sectorSize) + 1;
  const sectorAt = (n: number) => (n + 1) * sectorSize;
  const perSector = sectorSize / 4;

  // FAT sector numbers: 109 in the header, more in the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(header.getUint32(76 + i * 4, true));
  let difat = header.getUint32(68, true);
  for (let hops = 0; difat < CFB_END; hops++) {
    if (hops > sectorCount || sectorAt(difat) + sectorSize > size) return null;
    const sector = viewOf(yield* read(sectorAt(difat), sectorSize));
    for (let i = 0; i < perSector - 1; i++) fatSectors.push(sector.getUint32(i * 4, true));
    difat = sector.getUint32((perSector - 1) * 4, true);
  }
  const fat = fatSectors.filter((s) => s < CFB_END);
  function* next(sector: number): Reads<number> {
    const fatSector = fat[Math.floor(sector / perSector)];
    if (fatSector === undefined) return NO_STREAM;
    return viewOf(yield* read(sectorAt(fatSector) + (sector % perSector) * 4, 4)).getUint32(0, true);
  }

  // The directory: a chain of sectors of 128-byte entries.
  const directory: number[] = [];
  for (let s = header.getUint32(48, true), hops = 0; s < CFB_END; s = yield* next(s), hops++) {
    if (hops > sectorCount || sectorAt(s) + sectorSize > size) return null;
    for (let off = 0; off < sectorSize; off += 128) directory.push(sectorAt(s) + off);
  }
  const rootAt = directory[0];
  if (rootAt === undefined) return null;
  const root = viewOf(yield* read(rootAt, 128));
  if (root.getUint8(66) !== 5) return null;

  // The root's children form a tree through the left/right sibling links.
  const names = new Set<string>();
  const seen = new Set<number>();
  const stack = [root.getUint32(76, true)];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === NO_STREAM || seen.has(id)) continue;
    const entryAt = directory[id];
    if (entryAt === undefined) return null;
    seen.add(id);
    const entry = viewOf(yield* read(entryAt, 128));
    const nameLength = Math.min(entry.getUint16(64, true), 64);
    let name = "";
    for (let i = 0; i < nameLength - 2; i += 2) name += String.fromCharCode(entry.getUint16(i, true));
    names.add(name.toLowerCase());
    stack.push(entry.getUint32(68, true), entry.getUint32(72, true));
  }
  return names;
}
