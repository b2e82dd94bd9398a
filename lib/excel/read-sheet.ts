import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { SheetRows } from "./sheet-worker.mjs";

export type { SheetCell, SheetRows } from "./sheet-worker.mjs";

/** The worker's heap: a sheet at the row limit needs a fraction of it; a bomb that got past the size checks dies at it. */
export const WORKER_HEAP_MB = 256;
/** A workbook still being read after this long is refused. */
export const WORKER_TIMEOUT_MS = 60_000;

/** A workbook the reader refuses; `code` is a plans.fileErrors message key. */
export class SheetReadError extends Error {
  constructor(readonly code: string) {
    super(`workbook refused: ${code}`);
  }
}

/**
 * Reads an uploaded workbook's rows in a worker thread with a memory limit and a time limit
 * (lib/excel/sheet-worker.mjs), so that the event loop stays free for other users and a
 * decompression bomb costs at most the worker's heap. Throws SheetReadError.
 */
export async function readSheetRows(bytes: Uint8Array, opts: { sheetName: string; maxRows: number; heapMb?: number }): Promise<SheetRows> {
  try {
    return await readOnce(bytes, opts);
  } catch (err) {
    if (!(err instanceof WorkerOutOfMemory || err instanceof ReaderRefusal)) throw err;
    // The archive passed the size and structure checks, so a worker that still ran out of memory,
    // or whose workbook reader failed, may have been starved or tripped by a busy machine rather
    // than by the file (seen once in a few thousand reads of a valid workbook under load): one
    // more try, then the file is refused.
    console.warn(`sheet worker: ${err instanceof WorkerOutOfMemory ? "out of memory" : "the reader failed"} (${bytes.byteLength} bytes); reading once more`);
    try {
      return await readOnce(bytes, opts);
    } catch (again) {
      throw again instanceof WorkerOutOfMemory ? new SheetReadError("archiveTooLarge") : again;
    }
  }
}

class WorkerOutOfMemory extends Error {}

/** The workbook reader's own refusal (past the archive checks): retried once. */
class ReaderRefusal extends SheetReadError {}

function readOnce(bytes: Uint8Array, opts: { sheetName: string; maxRows: number; heapMb?: number }): Promise<SheetRows> {
  // Loaded from the source tree as it is (not bundled): the server runs from the project's root.
  const file = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "excel", "sheet-worker.mjs");
  const copy = new Uint8Array(bytes);
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, {
      workerData: { kind: "read-sheet", bytes: copy, sheetName: opts.sheetName, maxRows: opts.maxRows },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: opts.heapMb ?? WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new SheetReadError("archiveTooLarge"))), WORKER_TIMEOUT_MS);
    worker.on("message", (m: { ok: true; sheet: SheetRows } | { ok: false; code: string; fault?: string; detail?: string; stage?: string }) =>
      finish(() => {
        if (m.ok) return resolve(m.sheet);
        // A fault of the server's own (a system call that failed) is an error, not the file's refusal.
        if (m.fault) return reject(new Error(`sheet worker failed: ${m.fault}`));
        if (m.stage === "reader") console.warn(`workbook refused by the reader (${bytes.byteLength} bytes): ${m.detail ?? "no detail"}`);
        reject(m.stage === "reader" ? new ReaderRefusal(m.code) : new SheetReadError(m.code));
      }),
    );
    // ERR_WORKER_OUT_OF_MEMORY: the workbook needed more than the heap allows.
    worker.on("error", (err: Error & { code?: string }) => finish(() => reject(err.code === "ERR_WORKER_OUT_OF_MEMORY" ? new WorkerOutOfMemory(err.message) : err)));
    worker.on("exit", (code) => finish(() => reject(new Error(`sheet worker exited with code ${code}`))));
  });
}
