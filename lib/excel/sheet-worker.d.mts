export type SheetCell = string | number | boolean | Date | null;
export type SheetRows = { name: string | null; rows: { row: number; values: SheetCell[] }[] };
export type ZipEntry = { name: string; method: number; compressedSize: number; size: number; offset: number };
export type SheetLimits = { maxEntries: number; maxUnzippedBytes: number; maxCells: number; maxColumns: number };
export const LIMITS: SheetLimits;
export class SheetRefusal extends Error {
  code: string;
  constructor(code: string);
}
export function inspectZip(bytes: Uint8Array, limits?: SheetLimits): ZipEntry[];
export function verifyInflatedSizes(bytes: Uint8Array, entries: ZipEntry[], limits?: SheetLimits): void;
export function readRows(bytes: Uint8Array, opts: { sheetName: string; maxRows: number }, limits?: SheetLimits): Promise<SheetRows>;
