import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { extensionOfMime, sniffFileType, sniffFileTypeOfFile } from "./sniff";

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? Array.from(Buffer.from(p, "latin1")) : p)));

/** A zip of the named entries (deflated, as Office writes them), with its central directory. */
function zip(names: string[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const nameBytes = Buffer.from(name, "utf8");
    const data = deflateRawSync(Buffer.from(`<xml>${name}</xml>`));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(data.length, 18);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(names.length, 8);
  eocd.writeUInt16LE(names.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]));
}

type DirEntry = { name: string; type: 1 | 2; child?: number };

/**
 * A compound file of 512-byte sectors: sector 0 the FAT, sector 1 the directory. The root's
 * children are entries 1..n chained through their right-sibling links; `child` nests a storage.
 */
function cfb(entries: DirEntry[], rootChildren = entries.length): Uint8Array {
  const buf = Buffer.alloc(512 * 3, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x3e, 24);
  buf.writeUInt16LE(3, 26);
  buf.writeUInt16LE(0xfffe, 28);
  buf.writeUInt16LE(9, 30);
  buf.writeUInt16LE(6, 32);
  buf.writeUInt32LE(1, 44); // one FAT sector
  buf.writeUInt32LE(1, 48); // the directory starts at sector 1
  buf.writeUInt32LE(4096, 56);
  buf.writeUInt32LE(0xfffffffe, 60);
  buf.writeUInt32LE(0xfffffffe, 68); // no DIFAT sectors
  for (let i = 0; i < 109; i++) buf.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 76 + i * 4);
  const fat = 512;
  for (let i = 0; i < 128; i++) buf.writeUInt32LE(i === 0 ? 0xfffffffd : i === 1 ? 0xfffffffe : 0xffffffff, fat + i * 4);
  const dir = 1024;
  const write = (index: number, name: string, type: number, left: number, right: number, child: number) => {
    const at = dir + index * 128;
    buf.write(name, at, "utf16le");
    buf.writeUInt16LE((name.length + 1) * 2, at + 64);
    buf.writeUInt8(type, at + 66);
    buf.writeUInt32LE(left, at + 68);
    buf.writeUInt32LE(right, at + 72);
    buf.writeUInt32LE(child, at + 76);
  };
  const none = 0xffffffff;
  write(0, "Root Entry", 5, none, none, entries.length ? 1 : none);
  entries.forEach((e, i) => {
    const index = i + 1;
    const right = index < rootChildren ? index + 1 : none;
    write(index, e.name, e.type, none, right, e.child ?? none);
  });
  return new Uint8Array(buf);
}

const recognised: [string, Uint8Array, string, string][] = [
  ["PDF", bytes("%PDF-1.4\n%%EOF"), "application/pdf", "pdf"],
  ["PNG", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "image/png", "png"],
  ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]), "image/jpeg", "jpg"],
  ["GIF87a", bytes("GIF87a", [1, 0, 1, 0]), "image/gif", "gif"],
  ["GIF89a", bytes("GIF89a", [1, 0, 1, 0]), "image/gif", "gif"],
  ["WebP", bytes("RIFF", [36, 0, 0, 0], "WEBPVP8 "), "image/webp", "webp"],
  ["docx", zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
  ["docx embedding a workbook", zip(["[Content_Types].xml", "word/document.xml", "word/embeddings/Book1.xlsx"]), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
  ["xlsx", zip(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"],
  ["doc", cfb([{ name: "WordDocument", type: 2 }, { name: "1Table", type: 2 }]), "application/msword", "doc"],
  ["xls", cfb([{ name: "Workbook", type: 2 }]), "application/vnd.ms-excel", "xls"],
  ["xls (BIFF5)", cfb([{ name: "Book", type: 2 }]), "application/vnd.ms-excel", "xls"],
  // The workbook sits inside ObjectPool, not at the root: still a Word document.
  ["doc embedding a workbook", cfb([{ name: "WordDocument", type: 2 }, { name: "ObjectPool", type: 1, child: 3 }, { name: "Workbook", type: 2 }], 2), "application/msword", "doc"],
];

const refused: [string, Uint8Array][] = [
  ["an empty file", new Uint8Array(0)],
  ["a Windows executable", bytes("MZ", [0x90, 0, 3, 0], "This program cannot be run in DOS mode")],
  ["an ELF binary", bytes([0x7f], "ELF", [2, 1, 1])],
  ["plain text", bytes("hello, world")],
  ["HTML", bytes("<!doctype html><script>alert(1)</script>")],
  ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
  ["a PDF header not at the start", bytes(" %PDF-1.4")],
  ["a RIFF that is not WebP", bytes("RIFF", [36, 0, 0, 0], "WAVEfmt ")],
  ["a truncated PNG signature", bytes([0x89, 0x50, 0x4e, 0x47])],
  ["a plain zip", zip(["notes.txt", "photo.jpg"])],
  ["a zip with word/ but no content types", zip(["word/document.xml"])],
  ["a zip with both word/ and xl/", zip(["[Content_Types].xml", "word/document.xml", "xl/workbook.xml"])],
  ["a macro-enabled Word document", zip(["[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"])],
  ["a macro-enabled workbook", zip(["[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin"])],
  ["a zip signature without a central directory", bytes([0x50, 0x4b, 0x03, 0x04], "word/document.xml")],
  ["an OLE2 header alone", bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
  ["an installer (OLE2 without a document stream)", cfb([{ name: "\u4840\u3b3f\u4577", type: 2 }])],
  ["a PowerPoint file", cfb([{ name: "PowerPoint Document", type: 2 }])],
  ["a Word document with macros", cfb([{ name: "WordDocument", type: 2 }, { name: "Macros", type: 1 }])],
  ["a workbook with macros", cfb([{ name: "Workbook", type: 2 }, { name: "_VBA_PROJECT_CUR", type: 1 }])],
  ["a compound file cut short", cfb([{ name: "WordDocument", type: 2 }]).subarray(0, 700)],
];

describe("sniffFileType", () => {
  it.each(recognised)("recognises %s", (_name, input, mime, ext) => {
    expect(sniffFileType(input)).toEqual({ mime, ext });
  });

  it.each(refused)("refuses %s", (_name, input) => {
    expect(sniffFileType(input)).toBeNull();
  });

  it("reads the bytes, not a view's neighbours", () => {
    const padded = new Uint8Array(16);
    padded.set(bytes("%PDF-1.7"), 8);
    expect(sniffFileType(padded.subarray(8))).toEqual({ mime: "application/pdf", ext: "pdf" });
    expect(sniffFileType(padded.subarray(0, 8))).toBeNull();
  });

  it("maps a sniffed type back to its extension", () => {
    expect(extensionOfMime("image/jpeg")).toBe("jpg");
    expect(extensionOfMime("application/x-msdownload")).toBeNull();
  });
});

describe("sniffFileTypeOfFile (an upload spooled to disk)", () => {
  const dir = fs.mkdtemp(path.join(os.tmpdir(), "sniff-"));
  afterAll(async () => fs.rm(await dir, { recursive: true, force: true }));
  let n = 0;
  async function ofFile(bytes: Uint8Array) {
    const file = path.join(await dir, `f${n++}`);
    await fs.writeFile(file, bytes);
    const handle = await fs.open(file, "r");
    try {
      return await sniffFileTypeOfFile(handle);
    } finally {
      await handle.close();
    }
  }

  it.each([...recognised.map(([name, input]) => [name, input] as const), ...refused])("tells %s as the bytes in memory do", async (_name, input) => {
    expect(await ofFile(input)).toEqual(sniffFileType(input));
  });

  // Past the first block read: a zip's central directory 3 MB in, a compound file's directory 1 MB in.
  it("reads a zip's tail and a compound file's far sectors by range", async () => {
    const docx = zip(["[Content_Types].xml", "word/document.xml"]);
    const padded = new Uint8Array(3 * 1024 * 1024 + docx.length);
    padded.set(docx.subarray(0, 4)); // the signature at the start, the archive (offsets shifted) at the end
    const shifted = Buffer.from(docx);
    const cdOffset = shifted.readUInt32LE(shifted.length - 6);
    shifted.writeUInt32LE(cdOffset + 3 * 1024 * 1024, shifted.length - 6);
    padded.set(shifted, 3 * 1024 * 1024);
    expect(sniffFileType(padded)).toEqual({ mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: "docx" });
    expect(await ofFile(padded)).toEqual(sniffFileType(padded));

    // The directory moved to sector 2048 (1 MiB in), seventeen FAT sectors (0–16) to map it.
    const doc = Buffer.alloc(512 * 2050);
    Buffer.from(cfb([{ name: "WordDocument", type: 2 }])).copy(doc);
    doc.copy(doc, 512 * 2049, 1024, 1536);
    const fatSectors = 17;
    doc.writeUInt32LE(fatSectors, 44);
    doc.writeUInt32LE(2048, 48);
    for (let i = 0; i < 109; i++) doc.writeUInt32LE(i < fatSectors ? i : 0xffffffff, 76 + i * 4);
    for (let s = 0; s < fatSectors * 128; s++) doc.writeUInt32LE(s < fatSectors ? 0xfffffffd : s === 2048 ? 0xfffffffe : 0xffffffff, 512 + s * 4);
    expect(sniffFileType(new Uint8Array(doc))).toEqual({ mime: "application/msword", ext: "doc" });
    expect(await ofFile(new Uint8Array(doc))).toEqual({ mime: "application/msword", ext: "doc" });
  });
});
