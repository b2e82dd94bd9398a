import { randomUUID } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";

/** The one file of an upload, spooled to a temporary file; `path` is gone once `spoolUpload`'s `handle` returns. */
export type SpooledFile = { path: string; fileName: string; sizeBytes: number };

/** Why a body was refused: over a size limit (413), or not one form with one file as the field (400). */
export type UploadRefusal = { refused: 400 | 413 };

type Limits = { field: string; maxFileBytes: number; maxRequestBytes: number };

// A one-file form needs few parts: one of 16 or more (busboy signals on reaching the count) is refused.
const MAX_PARTS = 16;

class TooLarge extends Error {}

/**
 * Reads a multipart/form-data body as it arrives and writes its one file part named `field` to a
 * temporary file, counting bytes on the way: memory stays the same whatever the file's size or the
 * number of uploads at once. `handle` gets the file; the temporary file is removed when `handle` returns
 * or throws, and when the body is refused or cut off. Refused: a body over `maxRequestBytes` or a
 * file over `maxFileBytes` (413, stopping the read there), a body that is not such a form — none or
 * several `field` parts, `field` not a file, too many parts, malformed or cut off (400).
 */
export async function spoolUpload<T>(request: Request, limits: Limits, handle: (file: SpooledFile) => Promise<T>): Promise<T | UploadRefusal> {
  if (!request.body) return { refused: 400 };
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      // File names as the browser sent them (UTF-8, any path): normalizeFileName decides what is kept.
      defParamCharset: "utf8",
      preservePath: true,
      // fileSize + 1: busboy says "limit" on reaching its limit, and a file of exactly maxFileBytes is allowed.
      limits: { fileSize: limits.maxFileBytes + 1, files: MAX_PARTS, fields: MAX_PARTS, parts: MAX_PARTS, fieldSize: 64 * 1024, headerPairs: 16 },
    });
  } catch {
    return { refused: 400 }; // not multipart, or no boundary
  }

  const tmp = path.join(os.tmpdir(), `upload-${randomUUID()}.part`);
  const source = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  let seen = 0;
  // Counted as it arrives: a chunked body announces no length, yet stops here at the limit too.
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limits.maxRequestBytes ? new TooLarge("request body too large") : null, chunk);
    },
  });
  let fieldParts = 0;
  let tooManyParts = false;
  let file = null as Spooling | null;
  let bodyFailed = false;
  let spoolFault = null as Error | null;
  source.once("error", () => (bodyFailed = true));
  // The first failure anywhere stops the whole read: the request stream is cancelled, nothing more is pulled.
  const stop = (err: Error) => source.destroy(err);

  parser.on("file", (name, stream, info) => {
    if (name === limits.field) fieldParts++;
    if (name !== limits.field || file || info.filename === undefined) {
      stream.resume();
      return;
    }
    stream.on("limit", () => stop(new TooLarge("file too large")));
    const out = createWriteStream(tmp, { flags: "wx", mode: 0o600 });
    // An error of the file system itself (it has a syscall), not one passed on from a failed body.
    out.once("error", (err: NodeJS.ErrnoException) => {
      if (err.syscall && !bodyFailed) spoolFault = err;
    });
    const written = pipeline(stream, out);
    written.catch((err: Error) => stop(err));
    file = { fileName: info.filename, stream, out, written };
  });
  parser.on("field", (name) => {
    if (name === limits.field) fieldParts++;
  });
  for (const event of ["partsLimit", "filesLimit", "fieldsLimit"] as const) parser.on(event, () => (tooManyParts = true));

  let failure: unknown = null;
  try {
    await pipeline(source, counted, parser);
    await file?.written;
  } catch (err) {
    failure = err;
  }
  try {
    if (failure) {
      file?.stream.destroy();
      file?.out.destroy();
      await file?.written.catch(() => undefined);
      if (spoolFault) throw spoolFault; // the server's own disk, not the client's body: a real fault
      return { refused: failure instanceof TooLarge ? 413 : 400 };
    }
    if (!file || fieldParts !== 1 || tooManyParts) return { refused: 400 };
    return await handle({ path: tmp, fileName: file.fileName, sizeBytes: file.out.bytesWritten });
  } finally {
    // A write stream destroyed while it was still opening creates the file afterwards: wait for its
    // close (which follows the open) before removing, or the removal may come first and leave it.
    if (file) await closed(file.out);
    await fs.rm(tmp, { force: true });
  }
}

function closed(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => (stream.closed ? resolve() : stream.once("close", () => resolve())));
}

type Spooling = { fileName: string; stream: Readable; out: WriteStream; written: Promise<void> };
