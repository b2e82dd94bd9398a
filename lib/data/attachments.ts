import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, asc, count, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { getDb } from "@/db";
import { attachments, reports } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { getFileStore, newStorageKey, type FileStore } from "@/lib/storage/file-store";
import { extensionOfMime, sniffFileType, sniffFileTypeOfFile, type SniffedType } from "@/lib/storage/sniff";
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_REPORT,
  attachmentUploadSchema,
  fileNameWithExtension,
  recordIdSchema,
} from "@/lib/validation/attachment";
import { recordAudit, recordEvent } from "./audit";
import { InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { filterVisibleReports, getReport, lockReportForWrite } from "./reports";

/** What a page or the API shows of an evidence file; never its storage key or hash. */
export type AttachmentSummary = {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
};

const summaryColumns = {
  id: attachments.id,
  fileName: attachments.fileName,
  contentType: attachments.contentType,
  sizeBytes: attachments.sizeBytes,
  createdAt: attachments.createdAt,
};

function parseId(id: unknown, what: string): number {
  const parsed = recordIdSchema.safeParse(id);
  if (!parsed.success) throw new NotFoundError(`${what} ${String(id)}`);
  return parsed.data;
}

/** The live evidence files of a report, oldest first; whoever may see the report may see them. */
export async function listReportAttachments(reportId: number): Promise<AttachmentSummary[]> {
  await requireViewer("report.read");
  const id = parseId(reportId, "report");
  await getReport(id); // the report's own visibility rule: 404 for those who may not see it
  const db = await getDb();
  return db
    .select(summaryColumns)
    .from(attachments)
    .where(and(eq(attachments.reportId, id), isNull(attachments.removedAt)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}

/**
 * The live evidence files of several reports at once (a page listing reports), by report id.
 * Each report goes through the report's own visibility rule; those the viewer may not see are left out.
 */
export async function listAttachmentsForReports(reportIds: number[]): Promise<Map<number, AttachmentSummary[]>> {
  await requireViewer("report.read");
  const candidates = [...new Set(reportIds)].filter((id) => recordIdSchema.safeParse(id).success);
  const visible = await filterVisibleReports(candidates);
  const byReport = new Map<number, AttachmentSummary[]>(visible.map((id) => [id, []]));
  if (visible.length === 0) return byReport;
  const db = await getDb();
  const rows = await db
    .select({ reportId: attachments.reportId, ...summaryColumns })
    .from(attachments)
    .where(and(inArray(attachments.reportId, visible), isNull(attachments.removedAt)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
  for (const { reportId, ...summary } of rows) byReport.get(reportId)?.push(summary);
  return byReport;
}

/**
 * Adds an evidence file to a report its region's bureau may still edit. The type comes from the
 * bytes; the bytes are stored under a fresh key before the row commits, and removed again if the
 * transaction fails, so there is never a record without its file.
 */
export async function addReportAttachment(
  input: { reportId: number; fileName: string; bytes: Uint8Array },
  now: Date = new Date(),
): Promise<AttachmentSummary> {
  const bytes = input.bytes;
  return addAttachment(
    input,
    {
      sizeBytes: async () => (bytes instanceof Uint8Array ? bytes.byteLength : 0),
      sniff: async () => sniffFileType(bytes),
      store: async (store, key) => {
        await store.put(key, bytes);
        return createHash("sha256").update(bytes).digest("hex");
      },
    },
    now,
  );
}

/**
 * The same for an upload the route has spooled to a file (`path`, which the caller removes): the
 * bytes go from the file to the store as a stream, hashed on the way, never whole in memory.
 */
export async function addReportAttachmentFromFile(
  input: { reportId: number; fileName: string; path: string },
  now: Date = new Date(),
): Promise<AttachmentSummary> {
  return addAttachment(
    input,
    {
      sizeBytes: async () => (await fs.stat(input.path)).size,
      sniff: async () => {
        const file = await fs.open(input.path, "r");
        try {
          return await sniffFileTypeOfFile(file);
        } finally {
          await file.close();
        }
      },
      store: async (store, key, sizeBytes) => {
        const hash = createHash("sha256");
        const hashed = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            done(null, chunk);
          },
        });
        // A read error reaches the store through `hashed`, so a half-read file never stores as whole.
        const reading = pipeline(createReadStream(input.path), hashed);
        reading.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
        try {
          await store.putStream(key, hashed, sizeBytes);
          await reading;
        } catch (err) {
          hashed.destroy(); // a store that gave up without reading to the end: close the file too
          await reading.catch(() => undefined);
          throw err;
        }
        return hash.digest("hex");
      },
    },
    now,
  );
}

/** An upload's bytes, wherever they are (in memory, in a spooled file), as the one rule below reads them. */
type UploadBytes = {
  sizeBytes(): Promise<number>;
  sniff(): Promise<SniffedType | null>;
  /** Writes the bytes to the store under `key`; their SHA-256, in hex. */
  store(store: FileStore, key: string, sizeBytes: number): Promise<string>;
};

async function addAttachment(input: { reportId: number; fileName: string }, bytes: UploadBytes, now: Date): Promise<AttachmentSummary> {
  const viewer = await requireViewer("report.write");
  const meta = attachmentUploadSchema.safeParse({ reportId: input.reportId, fileName: input.fileName });
  if (!meta.success) {
    if (meta.error.issues.some((i) => i.path[0] === "reportId")) throw new NotFoundError(`report ${String(input.reportId)}`);
    throw new InvalidInputError({ fileName: "badName" });
  }
  const { reportId, fileName } = meta.data;
  const sizeBytes = await bytes.sizeBytes();
  if (sizeBytes === 0) throw new InvalidInputError({ file: "empty" });
  if (sizeBytes > MAX_ATTACHMENT_BYTES) throw new InvalidInputError({ file: "tooLarge" });
  const type = await bytes.sniff();
  if (!type) throw new InvalidInputError({ file: "badType" });

  const store = getFileStore();
  const storageKey = newStorageKey(now);
  let stored = false;
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      // The report's row lock also queues concurrent uploads, so the count below cannot race.
      const report = await lockReportForWrite(tx, viewer, reportId, now);
      const [live] = await tx
        .select({ n: count() })
        .from(attachments)
        .where(and(eq(attachments.reportId, report.id), isNull(attachments.removedAt)));
      if ((live?.n ?? 0) >= MAX_ATTACHMENTS_PER_REPORT) throw new InvalidInputError({ file: "tooMany" });
      stored = true; // before put: a put that fails half-way is cleaned up as well
      const sha256 = await bytes.store(store, storageKey, sizeBytes);
      const [row] = await tx
        .insert(attachments)
        .values({
          reportId: report.id,
          fileName,
          contentType: type.mime,
          sizeBytes,
          sha256,
          storageKey,
          uploadedBy: viewer.id,
          createdAt: now,
        })
        .returning(summaryColumns);
      if (!row) throw new Error("attachment insert returned no row");
      await recordAudit(tx, {
        actorId: viewer.id,
        action: "attachment.add",
        entityType: "attachment",
        entityId: row.id,
        regionCode: report.regionCode,
        after: { reportId: report.id, fileName, contentType: type.mime, sizeBytes, sha256 },
      });
      return row;
    });
  } catch (err) {
    // An orphaned file would be harmless (nothing points at it); the original error is what matters.
    if (stored) await store.delete(storageKey).catch(() => undefined);
    throw err;
  }
}

/**
 * Takes an evidence file off a report its bureau may still edit. The row stays, marked removed; the
 * bytes stay until the report is approved or the retention passes (purgeRemovedAttachments).
 */
export async function removeReportAttachment(attachmentId: number, now: Date = new Date()): Promise<void> {
  const viewer = await requireViewer("report.write");
  const id = parseId(attachmentId, "attachment");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [found] = await tx
      .select({ reportId: attachments.reportId, fileName: attachments.fileName })
      .from(attachments)
      .where(and(eq(attachments.id, id), isNull(attachments.removedAt)));
    if (!found) throw new NotFoundError(`attachment ${id}`);
    const report = await lockReportForWrite(tx, viewer, found.reportId, now);
    // Re-checked under the report's lock: a second, concurrent removal finds nothing left to remove.
    const [removed] = await tx
      .update(attachments)
      .set({ removedAt: now })
      .where(and(eq(attachments.id, id), isNull(attachments.removedAt)))
      .returning({ id: attachments.id });
    if (!removed) throw new NotFoundError(`attachment ${id}`);
    await recordAudit(tx, {
      actorId: viewer.id,
      action: "attachment.remove",
      entityType: "attachment",
      entityId: id,
      regionCode: report.regionCode,
      before: { reportId: report.id, fileName: found.fileName, removedAt: null },
      after: { removedAt: now.toISOString() },
    });
  });
}

/**
 * A live evidence file's bytes, for whoever may see its report. `fileName` is the name to save
 * under: the uploaded one, with the extension of its real type added when it lacks it.
 */
export async function getAttachmentForDownload(attachmentId: number): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  const file = await openAttachmentForDownload(attachmentId);
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return { fileName: file.fileName, contentType: file.contentType, bytes: new Uint8Array(Buffer.concat(chunks)) };
}

/** The same as a stream from the file store (the download route): the file is never whole in memory. */
export async function openAttachmentForDownload(attachmentId: number): Promise<{ fileName: string; contentType: string; sizeBytes: number; stream: Readable }> {
  const viewer = await requireViewer("report.read");
  const id = parseId(attachmentId, "attachment");
  const db = await getDb();
  const [found] = await db
    .select({ reportId: attachments.reportId, fileName: attachments.fileName, contentType: attachments.contentType, storageKey: attachments.storageKey, sizeBytes: attachments.sizeBytes })
    .from(attachments)
    .where(and(eq(attachments.id, id), isNull(attachments.removedAt)));
  if (!found) throw new NotFoundError(`attachment ${id}`);
  const report = await getReport(found.reportId);
  const stream = await getFileStore().getStream(found.storageKey);
  if (!stream) throw new NotFoundError(`attachment ${id} (bytes missing)`);
  await recordEvent({ actorId: viewer.id, action: "file.download", entityType: "attachment", entityId: id, regionCode: report.regionCode, after: { reportId: found.reportId, fileName: found.fileName } });
  const ext = extensionOfMime(found.contentType);
  return { fileName: ext ? fileNameWithExtension(found.fileName, ext) : found.fileName, contentType: found.contentType, sizeBytes: found.sizeBytes, stream };
}

/**
 * Deletes from the file store the bytes of removed evidence files no longer needed: their report
 * is approved, or they were removed longer ago than REMOVED_FILE_RETENTION_DAYS. The row stays
 * (the audit trail names the file), with purged_at set; each deletion is recorded. A maintenance
 * task acting for no viewer (after an approval, at start and hourly); returns how many went.
 */
export async function purgeRemovedAttachments(now: Date = new Date(), opts: { reportIds?: number[]; retentionMs?: number } = {}): Promise<number> {
  if (opts.reportIds && opts.reportIds.length === 0) return 0;
  const retentionMs = opts.retentionMs ?? getEnv().removedFileRetentionMs;
  const db = await getDb();
  const due = await db
    .select({ id: attachments.id, storageKey: attachments.storageKey, reportId: attachments.reportId, state: reports.state })
    .from(attachments)
    .innerJoin(reports, eq(reports.id, attachments.reportId))
    .where(
      and(
        isNotNull(attachments.removedAt),
        isNull(attachments.purgedAt),
        opts.reportIds ? inArray(attachments.reportId, opts.reportIds) : undefined,
        or(eq(reports.state, "approved"), lt(attachments.removedAt, new Date(now.getTime() - retentionMs))),
      ),
    )
    .orderBy(asc(attachments.id))
    .limit(1000);
  const store = getFileStore();
  for (const f of due) {
    // Bytes first: a file marked purged is gone for sure; one deleted but not marked is deleted again next time.
    await store.delete(f.storageKey);
    await db.transaction(async (tx) => {
      const [marked] = await tx
        .update(attachments)
        .set({ purgedAt: now })
        .where(and(eq(attachments.id, f.id), isNull(attachments.purgedAt)))
        .returning({ id: attachments.id });
      if (marked) {
        await recordAudit(tx, {
          actorId: null,
          action: "attachment.purge",
          entityType: "attachment",
          entityId: f.id,
          after: { reportId: f.reportId, reason: f.state === "approved" ? "reportApproved" : "retention" },
          ip: null,
        });
      }
    });
  }
  return due.length;
}
