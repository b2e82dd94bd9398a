import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as downloadRoute } from "@/app/api/attachments/[id]/route";
import { getDb } from "@/db";
import { assignments, plans, tasks } from "@/db/schema";
import { addReportAttachment, getAttachmentForDownload } from "@/lib/data/attachments";
import { saveReportDraft } from "@/lib/data/reports";
import { newStorageKey, type FileStore } from "@/lib/storage/file-store";
import { S3FileStore } from "@/lib/storage/s3-file-store";
import { NOW, actAs, query, seed } from "../support/fixtures";

// The S3-compatible file store against a real S3-protocol server (s3rver) on a local port:
// objects stream in and out, the app's attachments go through it, and a write the store refuses
// leaves no attachment row behind.

const storeHolder = globalThis as unknown as { __trackerFileStore?: FileStore };
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-s3-"));
let server: S3rver;
let endpoint = "";
const config = (bucket: string, prefix = "tracker/evidence") => ({
  kind: "s3" as const,
  bucket,
  prefix,
  endpoint,
  region: "us-east-1",
  accessKeyId: "S3RVER",
  secretAccessKey: "S3RVER",
  forcePathStyle: true,
});

/** A stream of `size` pseudo-random bytes made chunk by chunk, and the sha256 it will have. */
function generated(size: number): { stream: Readable; sha256: Promise<string> } {
  const hash = createHash("sha256");
  let left = size;
  let done: (h: string) => void;
  const sha256 = new Promise<string>((r) => (done = r));
  const stream = new Readable({
    read() {
      if (left === 0) {
        done(hash.digest("hex"));
        this.push(null);
        return;
      }
      const chunk = randomBytes(Math.min(left, 256 * 1024));
      left -= chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256 };
}

async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

let reportId = 0;

beforeAll(async () => {
  server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: work, configureBuckets: [{ name: "tracker-files" }, { name: "other-files" }] });
  const address = (await server.run()) as { address: string; port: number };
  endpoint = `http://127.0.0.1:${address.port}`;
  await seed();
  const db = await getDb();
  const [open] = await db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(plans.year, 2026), eq(assignments.regionCode, "150200"), sql`${assignments.closedAt} is null`, sql`${assignments.dueDate} >= '2026-11-30'`))
    .orderBy(assignments.id)
    .limit(1);
  await actAs("bureau-150200");
  reportId = (await saveReportDraft({ assignmentId: open!.id, period: "2026-11", progress: 50, status: "on_track", workDone: "存证" }, NOW)).id;
}, 240_000);

afterAll(async () => {
  storeHolder.__trackerFileStore = undefined;
  await server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("S3FileStore against an S3-protocol server", { timeout: 120_000 }, () => {
  it("streams a 12 MiB object in and out, byte for byte; missing keys are null; delete removes", async () => {
    const store = new S3FileStore(config("tracker-files"));
    expect(await store.isEmpty()).toBe(true);
    await store.probe();
    expect(await store.isEmpty()).toBe(true);
    const key = newStorageKey(NOW);
    const size = 12 * 1024 * 1024;
    const { stream, sha256 } = generated(size);
    await store.putStream(key, stream, size);
    expect(await store.isEmpty()).toBe(false);
    const back = await store.getStream(key);
    expect(back).not.toBeNull();
    expect(await sha256Of(back!)).toEqual({ sha256: await sha256, bytes: size });
    // Under its prefix in the bucket, as configured.
    expect(fs.readdirSync(path.join(work, "tracker-files"), { recursive: true }).some((p) => String(p).startsWith(`tracker${path.sep}evidence${path.sep}`))).toBe(true);
    expect(await store.getStream(newStorageKey(NOW))).toBeNull();
    expect(await store.get(newStorageKey(NOW))).toBeNull();
    await store.delete(key);
    expect(await store.getStream(key)).toBeNull();
    expect(await store.isEmpty()).toBe(true);
  });

  it("an evidence file uploaded through the app is stored in the bucket and comes back the same", async () => {
    storeHolder.__trackerFileStore = new S3FileStore(config("tracker-files", "app"));
    const bytes = Uint8Array.from([...new TextEncoder().encode("%PDF-1.4\n"), ...randomBytes(200_000)]);
    const added = await addReportAttachment({ reportId, fileName: "台账.pdf", bytes }, NOW);
    const [row] = await query<{ key: string }>(sql`select storage_key as key from attachments where id = ${added.id}`);
    const object = await new S3FileStore(config("tracker-files", "app")).get(row!.key);
    expect(Buffer.from(object!)).toEqual(Buffer.from(bytes));
    const download = await getAttachmentForDownload(added.id);
    expect(Buffer.from(download.bytes)).toEqual(Buffer.from(bytes));
    // The download route streams it from the bucket.
    const res = await downloadRoute(new Request(`http://localhost/api/attachments/${added.id}`), { params: Promise.resolve({ id: String(added.id) }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(bytes));
  });

  it("a write the store refuses (no such bucket) leaves no attachment row", async () => {
    storeHolder.__trackerFileStore = new S3FileStore(config("no-such-bucket"));
    const count = async () => (await query<{ n: number }>(sql`select count(*)::int as n from attachments where report_id = ${reportId}`))[0]!.n;
    const before = await count();
    const bytes = Uint8Array.from([...new TextEncoder().encode("%PDF-1.4\n"), ...randomBytes(1000)]);
    await expect(addReportAttachment({ reportId, fileName: "失败.pdf", bytes }, NOW)).rejects.toThrow();
    expect(await count()).toBe(before);
    // And health names the files part.
    await expect(new S3FileStore(config("no-such-bucket")).probe()).rejects.toThrow();
  });
});
