import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as download } from "@/app/api/attachments/[id]/route";
import { POST } from "@/app/api/reports/[id]/attachments/route";
import { saveReportDraft } from "@/lib/data/reports";
import { LocalFileStore, type FileStore } from "@/lib/storage/file-store";
import { NOW, actAs, clockFromNow, openUnreportedAssignments, query, seed } from "../support/fixtures";

// Issue 15, item 6: an upload streams from the request to the file store. The route handler is
// called in-process, as Next.js calls it, with bodies made as they are read (never whole in
// memory), against a file store on disk (the memory store would hold every upload itself).

const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-upload-"));
const spool = path.join(work, "tmp");
fs.mkdirSync(spool);
// Where the route spools an upload (os.tmpdir() reads TMPDIR): a folder of this file's own, to see that nothing is left in it.
process.env.TMPDIR = spool;
const storeHolder = globalThis as unknown as { __trackerFileStore?: FileStore };

const MiB = 1024 * 1024;
const OWN = "150200";
const BUREAU = `bureau-${OWN}`;
const BOUNDARY = "----tracker-test-boundary-7MA4YWxkTrZu0gW";
const PDF_HEAD = Buffer.from("%PDF-1.4\n% streamed evidence\n");
// One buffer of zeros that every body's file bytes are cut from: a body costs no memory of its own.
const ZEROS = Buffer.alloc(256 * 1024);

type BodyOptions = { fileName?: string; field?: string; cut?: "close" | "error"; trailer?: number };

/**
 * A multipart body with one file of `size` bytes (a PDF header, then zeros), made chunk by chunk
 * as it is read. `cut` ends it half-way through the file: the connection closes, or fails;
 * `trailer` adds a text field of that many bytes after the file. `sent()` tells how many bytes
 * were read from it.
 */
function streamedUpload(size: number, opts: BodyOptions = {}) {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${opts.field ?? "file"}"; filename="${opts.fileName ?? "evidence.pdf"}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const trailerHead = Buffer.from(`\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"`);
  let trailerSent = 0;
  let fileSent = 0;
  let sent = 0;
  let ended = false;
  const stop = opts.cut ? Math.floor(size / 2) : size;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk: Uint8Array;
      if (fileSent === 0 && sent === 0) {
        chunk = Buffer.concat([head, PDF_HEAD]);
        fileSent = PDF_HEAD.length;
      } else if (fileSent < stop) {
        chunk = ZEROS.subarray(0, Math.min(ZEROS.length, stop - fileSent));
        fileSent += chunk.byteLength;
      } else if (opts.cut === "close") {
        ended = true;
        return controller.close();
      } else if (opts.cut === "error") {
        ended = true;
        return controller.error(new Error("connection reset by test"));
      } else if (opts.trailer && trailerSent === 0) {
        chunk = Buffer.concat([trailerHead, Buffer.from("\r\n\r\n")]);
        trailerSent = 1;
      } else if (opts.trailer && trailerSent <= opts.trailer) {
        chunk = ZEROS.subarray(0, Math.min(ZEROS.length, opts.trailer - trailerSent + 1)).fill(0);
        trailerSent += chunk.byteLength;
      } else if (!ended) {
        ended = true;
        chunk = tail;
      } else {
        return controller.close();
      }
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, sent: () => sent };
}

async function post(reportId: number, body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost:3000/api/reports/${reportId}/attachments`, {
    method: "POST",
    body,
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
    duplex: "half",
  } as RequestInit);
  const res = await POST(request, { params: Promise.resolve({ id: String(reportId) }) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as { error?: string; id?: number; sizeBytes?: number; fileName?: string } | null };
}

const rowsOf = async (reportId: number) =>
  (await query<{ n: number }>(sql`select count(*)::int as n from attachments where report_id = ${reportId}`))[0]!.n;
const leftInSpool = () => fs.readdirSync(spool);

// Full collections on demand, so that what is measured is memory still in use, not garbage not yet
// collected; array buffers freed within the collection, not later by a background sweeper.
v8.setFlagsFromString("--expose-gc");
v8.setFlagsFromString("--no-concurrent-array-buffer-sweeping");
const gc = vm.runInNewContext("gc") as () => void;

/** Memory in use, after full collections until it holds still (what the test file did before may still be being let go of). */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  let last = process.memoryUsage();
  for (let i = 0; i < 50; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const now = process.memoryUsage();
    if (Math.abs(now.arrayBuffers - last.arrayBuffers) < 256 * 1024) return now;
    last = now;
  }
  return last;
}

/** Runs `work`, sampling the process's memory after a full collection every 100 ms: how far it rose above where it was. */
async function peakGrowth(work: () => Promise<unknown>): Promise<{ arrayBuffers: number; rss: number }> {
  const start = await settledMemory();
  const peak = { arrayBuffers: 0, rss: 0 };
  const timer = setInterval(() => {
    gc();
    const now = process.memoryUsage();
    peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers - start.arrayBuffers);
    peak.rss = Math.max(peak.rss, now.rss - start.rss);
  }, 100);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return peak;
}

const drafts: number[] = [];

// Its steps go through routes and actions that read the clock, on the demo data as of NOW.
let realClock: () => void = () => undefined;
beforeAll(() => {
  realClock = clockFromNow();
});
afterAll(() => realClock());

beforeAll(async () => {
  await seed();
  storeHolder.__trackerFileStore = new LocalFileStore(path.join(work, "files"));
  const open = (await openUnreportedAssignments(OWN, 5)).map((id) => ({ id }));
  await actAs(BUREAU);
  for (const { id } of open) {
    drafts.push((await saveReportDraft({ assignmentId: id, period: "2026-11", progress: 60, status: "on_track", workDone: "召开推进会", dropReason: "按新口径重新核算" }, NOW)).id);
  }
  expect(drafts.length).toBeGreaterThanOrEqual(4);
});

afterAll(() => {
  storeHolder.__trackerFileStore = undefined;
  fs.rmSync(work, { recursive: true, force: true });
});

describe("parallel uploads", () => {
  it("8 uploads of 8 MiB at once: the memory in use grows by far less than the 64 MiB uploaded", async () => {
    await actAs(BUREAU);
    const reportId = drafts[0]!;
    const COUNT = 8;
    const SIZE = 8 * MiB;
    let results: Awaited<ReturnType<typeof post>>[] = [];
    const growth = await peakGrowth(async () => {
      results = await Promise.all(Array.from({ length: COUNT }, (_, i) => post(reportId, streamedUpload(SIZE, { fileName: `第${i + 1}份.pdf` }).body)));
    });
    console.log(`peak growth in use: arrayBuffers ${(growth.arrayBuffers / MiB).toFixed(1)} MiB, rss ${(growth.rss / MiB).toFixed(1)} MiB (${(COUNT * SIZE) / MiB} MiB uploaded)`);
    expect(results.map((r) => r.status)).toEqual(Array(COUNT).fill(201));
    expect(results.map((r) => r.body?.sizeBytes)).toEqual(Array(COUNT).fill(SIZE));
    expect(await rowsOf(reportId)).toBe(COUNT);
    // Buffering each upload whole held them all at once (the bytes, then a copy); streaming holds a few chunks each.
    expect(growth.arrayBuffers).toBeLessThan((COUNT * SIZE) / 4);
    expect(leftInSpool()).toEqual([]);
  });
});

/** A small multipart body from its parts, each `[name, value]` or `[name, value, fileName]`. */
function form(parts: ([string, string | Uint8Array] | [string, string | Uint8Array, string])[]): Uint8Array<ArrayBuffer> {
  const chunks: Buffer[] = [];
  for (const [name, value, fileName] of parts) {
    const disposition = `form-data; name="${name}"${fileName === undefined ? "" : `; filename="${fileName}"`}`;
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n`), Buffer.from(value), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

const pdf = (note = "evidence") => new Uint8Array(Buffer.from(`%PDF-1.4\n% ${note}\n%%EOF\n`));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("one upload through the route", () => {
  it("stores the bytes under the name sent, with the hash of what arrived, and downloads them back", async () => {
    await actAs(BUREAU);
    const reportId = drafts[1]!;
    const bytes = pdf("会议纪要");
    const res = await post(reportId, form([["note", "说明"], ["file", bytes, "会议纪要 2026.pdf"]]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileName: "会议纪要 2026.pdf", contentType: "application/pdf", sizeBytes: bytes.length });
    const [row] = await query<{ sha256: string }>(sql`select sha256 from attachments where id = ${res.body!.id!}`);
    expect(row!.sha256).toBe(sha256(bytes));
    const got = await download(new Request(`http://localhost:3000/api/attachments/${res.body!.id}`), { params: Promise.resolve({ id: String(res.body!.id) }) });
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    expect(leftInSpool()).toEqual([]);
  });

  it("takes a file of exactly 20 MB sent without a length, and refuses one byte more with 413 without reading on", async () => {
    await actAs(BUREAU);
    const reportId = drafts[1]!;
    const exact = await post(reportId, streamedUpload(20 * MiB).body);
    expect(exact).toMatchObject({ status: 201, body: { sizeBytes: 20 * MiB } });
    const before = await rowsOf(reportId);
    const over = streamedUpload(20 * MiB + 1);
    expect(await post(reportId, over.body)).toEqual({ status: 413, body: { error: "tooLarge" } });
    const huge = streamedUpload(200 * MiB);
    expect(await post(reportId, huge.body)).toEqual({ status: 413, body: { error: "tooLarge" } });
    expect(huge.sent()).toBeLessThan(21 * MiB + 4 * ZEROS.length);
    expect(await rowsOf(reportId)).toBe(before);
    expect(leftInSpool()).toEqual([]);
  });

  it("counts the whole body as it arrives: a small file followed by 30 MB of form field is 413", async () => {
    await actAs(BUREAU);
    const reportId = drafts[2]!;
    const body = streamedUpload(1024, { trailer: 30 * MiB });
    expect(await post(reportId, body.body)).toEqual({ status: 413, body: { error: "tooLarge" } });
    expect(body.sent()).toBeLessThan(21 * MiB + 4 * ZEROS.length);
    expect(await rowsOf(reportId)).toBe(0);
    expect(leftInSpool()).toEqual([]);
  });

  it.each(["close", "error"] as const)("a body cut off half-way through the file (the connection %ss) is 400, with no row and no temporary file", async (cut) => {
    await actAs(BUREAU);
    const reportId = drafts[2]!;
    expect(await post(reportId, streamedUpload(4 * MiB, { cut }).body)).toEqual({ status: 400, body: { error: "badRequest" } });
    expect(await rowsOf(reportId)).toBe(0);
    expect(leftInSpool()).toEqual([]);
  });

  it.each<{ case: string; body: () => BodyInit; headers?: Record<string, string>; id?: string; status: number; error: string }>([
    { case: "no file", body: () => form([["note", "x"]]), status: 400, error: "badRequest" },
    { case: "two files", body: () => form([["file", pdf("a"), "a.pdf"], ["file", pdf("b"), "b.pdf"]]), status: 400, error: "badRequest" },
    { case: "a file and a text field both named file", body: () => form([["file", pdf(), "a.pdf"], ["file", "text"]]), status: 400, error: "badRequest" },
    { case: "file as a text field", body: () => form([["file", pdf()]]), status: 400, error: "badRequest" },
    { case: "the file under another name", body: () => form([["upload", pdf(), "a.pdf"]]), status: 400, error: "badRequest" },
    { case: "more parts than a one-file form has", body: () => form([...Array.from({ length: 20 }, (_, i) => [`f${i}`, "x"] as [string, string]), ["file", pdf(), "a.pdf"]]), status: 400, error: "badRequest" },
    { case: "a part header over 16 KiB", body: () => new Uint8Array(Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nX-Pad: ${"a".repeat(20_000)}\r\n`), form([["file", pdf(), "a.pdf"]])])), status: 400, error: "badRequest" },
    { case: "no closing boundary", body: () => form([["file", pdf(), "a.pdf"]]).subarray(0, -8), status: 400, error: "badRequest" },
    { case: "not multipart", body: () => pdf(), headers: { "content-type": "application/pdf" }, status: 400, error: "badRequest" },
    { case: "multipart without a boundary", body: () => form([["file", pdf(), "a.pdf"]]), headers: { "content-type": "multipart/form-data; charset=utf-8" }, status: 400, error: "badRequest" },
    { case: "an announced length over the limit", body: () => form([["file", pdf(), "a.pdf"]]), headers: { "content-length": String(22 * MiB) }, status: 413, error: "tooLarge" },
    { case: "an id that is no record's", body: () => form([["file", pdf(), "a.pdf"]]), id: "2147483648", status: 404, error: "notFound" },
    { case: "a type the bytes do not allow", body: () => form([["file", "MZ\u0090\u0000 This program cannot be run in DOS mode", "report.pdf"]]), status: 422, error: "badType" },
    { case: "an empty file", body: () => form([["file", "", "empty.pdf"]]), status: 422, error: "empty" },
  ])("$case → $status $error, nothing stored", async ({ body, headers, id, status, error }) => {
    await actAs(BUREAU);
    const reportId = drafts[2]!;
    const request = new Request(`http://localhost:3000/api/reports/${id ?? reportId}/attachments`, {
      method: "POST",
      body: body(),
      headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
    });
    const res = await POST(request, { params: Promise.resolve({ id: id ?? String(reportId) }) });
    expect({ status: res.status, body: await res.json() }).toEqual({ status, body: { error } });
    expect(await rowsOf(reportId)).toBe(0);
    expect(leftInSpool()).toEqual([]);
  });

  it("another region's bureau gets 404 and a signed-out caller 401, nothing stored", async () => {
    const reportId = drafts[2]!;
    await actAs("bureau-150100");
    expect(await post(reportId, form([["file", pdf(), "a.pdf"]]))).toEqual({ status: 404, body: { error: "notFound" } });
    await actAs(null);
    expect(await post(reportId, form([["file", pdf(), "a.pdf"]]))).toEqual({ status: 401, body: { error: "unauthenticated" } });
    expect(await rowsOf(reportId)).toBe(0);
    expect(leftInSpool()).toEqual([]);
  });

  it("a file store that cannot take the write leaves no row, no stored file and no temporary file", async () => {
    await actAs(BUREAU);
    const reportId = drafts[3]!;
    // The store's folder is a plain file: every write fails (ENOTDIR), after the report was locked and counted.
    const blocked = path.join(work, "blocked");
    fs.writeFileSync(blocked, "");
    storeHolder.__trackerFileStore = new LocalFileStore(blocked);
    try {
      await expect(post(reportId, streamedUpload(2 * MiB).body)).rejects.toThrow(/ENOTDIR/);
    } finally {
      storeHolder.__trackerFileStore = new LocalFileStore(path.join(work, "files"));
    }
    expect(await rowsOf(reportId)).toBe(0);
    expect(leftInSpool()).toEqual([]);
    const audits = await query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'attachment.add' and after->>'reportId' = ${String(reportId)}`);
    expect(audits[0]!.n).toBe(0);
  });
});
