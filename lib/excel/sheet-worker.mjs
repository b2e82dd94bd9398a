// Reads an uploaded .xlsx in a worker thread (lib/excel/read-sheet.ts starts it with a memory
// limit), so that a hostile workbook can neither stall the server's event loop nor take its memory.
// Plain JavaScript, loaded by Node as it is (never bundled). Three defences, in order:
//   1. the archive's central directory: few entries, declared uncompressed sizes within a budget;
//   2. every entry inflated once with a cap on its output (a lying size stops at the cap);
//   3. the streaming workbook reader, stopped at the row and cell limits.
import { Readable } from "node:stream";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import zlib from "node:zlib";
import ExcelJS from "exceljs";

export const LIMITS = {
  /** Entries in the archive: a workbook has a dozen or so. */
  maxEntries: 500,
  /** All entries inflated together. A sheet at the row limit is some 30 MB of XML. */
  maxUnzippedBytes: 100 * 1024 * 1024,
  /** Cells read, all sheets together (filled or not): rows × columns of a sheet at the row limit, with room. */
  maxCells: 1_000_000,
  /** A row's last column. The sheet has 18; Excel itself stops at 16,384. */
  maxColumns: 200,
};

/** A refusal with a code the import shows (messages: plans fileErrors). */
export class SheetRefusal extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

/**
 * The archive's entries from its central directory, checked against LIMITS before anything is
 * inflated: { name, method, compressedSize, size, offset }[]. Throws SheetRefusal.
 */
export function inspectZip(bytes, limits = LIMITS) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: within the last 22 + 65,535 bytes.
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new SheetRefusal("notASpreadsheet");
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  // 0xffff / 0xffffffff mark ZIP64, which no workbook of ours needs.
  if (count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) throw new SheetRefusal("archiveTooLarge");
  if (count > limits.maxEntries) throw new SheetRefusal("archiveTooLarge");
  if (dirOffset + dirSize > eocd) throw new SheetRefusal("notASpreadsheet");
  const entries = [];
  let total = 0;
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== 0x02014b50) throw new SheetRefusal("notASpreadsheet");
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    if (compressedSize === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) throw new SheetRefusal("archiveTooLarge");
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    total += size;
    if (total > limits.maxUnzippedBytes) throw new SheetRefusal("archiveTooLarge");
    if (method !== 0 && method !== 8) throw new SheetRefusal("notASpreadsheet");
    entries.push({ name, method, compressedSize, size, offset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates every entry once, each capped at what it declared (and all at the budget): an entry
 * that inflates to more than it said is a bomb that lied. Nothing inflated is kept.
 */
export function verifyInflatedSizes(bytes, entries, limits = LIMITS) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const e of entries) {
    if (e.offset + 30 > bytes.byteLength || view.getUint32(e.offset, true) !== 0x04034b50) throw new SheetRefusal("notASpreadsheet");
    const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
    const data = bytes.subarray(start, start + e.compressedSize);
    if (data.byteLength !== e.compressedSize) throw new SheetRefusal("notASpreadsheet");
    let inflated = e.compressedSize;
    if (e.method === 8) {
      try {
        inflated = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, Math.min(e.size, limits.maxUnzippedBytes - total) + 1) }).byteLength;
      } catch (err) {
        throw new SheetRefusal(err instanceof RangeError || err?.code === "ERR_BUFFER_TOO_LARGE" ? "archiveTooLarge" : "notASpreadsheet");
      }
    }
    if (inflated > e.size) throw new SheetRefusal("archiveTooLarge");
    total += inflated;
    if (total > limits.maxUnzippedBytes) throw new SheetRefusal("archiveTooLarge");
  }
}

/** A cell's plain value: formulas give their result, rich text its text, hyperlinks their text. */
function cellValue(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v !== "object") return null;
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("formula" in v || "sharedFormula" in v) return cellValue(v.result ?? null);
  if ("text" in v) return String(v.text);
  return null;
}

/**
 * The rows of the sheet named `sheetName` (else of the first sheet) as { row, values } with
 * values[0] the first column; stops with SheetRefusal("tooManyRows") past `maxRows` rows or the
 * cell limits. Streams: only the chosen sheet's rows are kept.
 */
export async function readRows(bytes, { sheetName, maxRows }, limits = LIMITS) {
  verifyInflatedSizes(bytes, inspectZip(bytes, limits), limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  let chosen = null;
  let cells = 0;
  try {
    for await (const ws of reader) {
      const wanted = ws.name === sheetName;
      const keep = wanted || chosen === null;
      const rows = [];
      for await (const row of ws) {
        if (row.number > maxRows) throw new SheetRefusal("tooManyRows");
        const values = row.values;
        if (values.length > limits.maxColumns + 1) throw new SheetRefusal("tooManyColumns");
        cells += values.length;
        if (cells > limits.maxCells) throw new SheetRefusal("tooManyRows");
        if (keep && row.hasValues) rows.push({ row: row.number, values: values.slice(1).map(cellValue) });
      }
      if (keep) chosen = { name: ws.name, rows };
      if (wanted) break;
    }
  } catch (err) {
    if (err instanceof SheetRefusal) throw err;
    // A system error (a temporary file the reader keeps a sheet in, say) is the server's, not the file's.
    if (typeof err?.code === "string" && typeof err?.syscall === "string") throw err;
    const refusal = new SheetRefusal("notASpreadsheet");
    // What the reader said, for the server's log (never shown to the user).
    refusal.detail = String(err?.message ?? err).slice(0, 200);
    refusal.stage = "reader";
    throw refusal;
  }
  return chosen ?? { name: null, rows: [] };
}

if (!isMainThread && parentPort && workerData?.kind === "read-sheet") {
  const { bytes, sheetName, maxRows } = workerData;
  readRows(bytes, { sheetName, maxRows }).then(
    (sheet) => parentPort.postMessage({ ok: true, sheet }),
    (err) =>
      parentPort.postMessage(
        err instanceof SheetRefusal ? { ok: false, code: err.code, detail: err.detail, stage: err.stage } : { ok: false, code: "notASpreadsheet", fault: `${err?.name ?? "Error"} ${err?.code ?? ""} ${err?.syscall ?? ""}`.trim() },
      ),
  );
}
