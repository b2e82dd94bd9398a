import ExcelJS from "exceljs";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { inspectZip, readRows, SheetRefusal, verifyInflatedSizes } from "./sheet-worker.mjs";

const limits = { maxEntries: 50, maxUnzippedBytes: 1024 * 1024, maxCells: 10_000, maxColumns: 20 };

/** Sets every declared uncompressed size (local headers and central directory) to `size`. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const v = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = v.getUint32(i, true);
    if (sig === 0x04034b50) v.setUint32(i + 22, size, true);
    if (sig === 0x02014b50) v.setUint32(i + 24, size, true);
  }
  return out;
}

const refusal = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    return err instanceof SheetRefusal ? err.code : `not a refusal: ${String(err)}`;
  }
  return "accepted";
};

async function sheet(rows: (string | number)[][], name = "任务分解"): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("the workbook reader's defences", { timeout: 30_000 }, () => {
  it("refuses an archive that declares more than the budget, before inflating anything", async () => {
    const honestBomb = zipSync({ "xl/worksheets/sheet1.xml": new Uint8Array(2 * 1024 * 1024).fill(32) });
    expect(honestBomb.byteLength).toBeLessThan(10_000);
    expect(await refusal(() => inspectZip(honestBomb, limits))).toBe("archiveTooLarge");
  });

  it("refuses an entry that inflates to more than it declared (a bomb that lies), inflating no more than it said", async () => {
    const liar = lieAboutSizes(zipSync({ "xl/worksheets/sheet1.xml": new Uint8Array(8 * 1024 * 1024).fill(32) }), 100);
    const entries = inspectZip(liar, limits);
    expect(entries[0]!.size).toBe(100);
    expect(await refusal(() => verifyInflatedSizes(liar, entries, limits))).toBe("archiveTooLarge");
  });

  it("refuses too many entries, and what is not an archive", async () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}.xml`, new Uint8Array(1)])));
    expect(await refusal(() => inspectZip(many, limits))).toBe("archiveTooLarge");
    expect(await refusal(() => inspectZip(new TextEncoder().encode("PK\u0003\u0004 not really a zip at all"), limits))).toBe("notASpreadsheet");
  });

  it("stops at the row limit while streaming", async () => {
    const bytes = await sheet(Array.from({ length: 300 }, (_, i) => [i + 1, "x"]));
    expect(await refusal(readRows(bytes, { sheetName: "任务分解", maxRows: 100 }, limits))).toBe("tooManyRows");
    expect((await readRows(bytes, { sheetName: "任务分解", maxRows: 300 }, limits)).rows).toHaveLength(300);
  });

  it("stops at the cell and column limits", async () => {
    expect(await refusal(readRows(await sheet([Array.from({ length: 30 }, () => 1)]), { sheetName: "x", maxRows: 10 }, limits))).toBe("tooManyColumns");
    const wide = await sheet(Array.from({ length: 1000 }, () => Array.from({ length: 15 }, () => 1)));
    expect(await refusal(readRows(wide, { sheetName: "x", maxRows: 5000 }, limits))).toBe("tooManyRows");
  });

  it("reads the named sheet's values, first column first", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明").addRow(["help"]);
    const ws = wb.addWorksheet("任务分解");
    ws.addRow(["编号", "任务"]);
    ws.addRow(["1", "治理"]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = await readRows(bytes, { sheetName: "任务分解", maxRows: 10 }, limits);
    expect(read).toEqual({ name: "任务分解", rows: [{ row: 1, values: ["编号", "任务"] }, { row: 2, values: ["1", "治理"] }] });
  });
});
