import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/**
 * One process owns an embedded data folder: an exclusive flock(2) on DATA_DIR/lock, held through an
 * open descriptor. The kernel drops it when the process ends, however it ends (kill -9, a crash),
 * so a stale lock cannot refuse a restart; and it belongs to the open file, not to a pid, so two
 * containers on one volume (separate pid namespaces, maybe equal pids) exclude each other too.
 * The file's text (pid, host, time) only tells a refused process who holds it.
 */
type FsExt = { flockSync(fd: number, flags: "exnb" | "un"): void };

// A native addon: loaded by Node at run time, never bundled by the app's build.
const loadFsExt = (): FsExt => createRequire(path.join(process.cwd(), "package.json"))(["fs", "ext"].join("-")) as FsExt;

export class DataDirLockedError extends Error {}

export function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, "lock");
  const fd = fs.openSync(lockFile, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o640);
  try {
    loadFsExt().flockSync(fd, "exnb");
  } catch (err) {
    const holder = safeRead(lockFile);
    fs.closeSync(fd);
    if ((err as NodeJS.ErrnoException).code === "EAGAIN" || (err as NodeJS.ErrnoException).code === "EWOULDBLOCK") {
      throw new DataDirLockedError(
        `The embedded database in ${dataDir} is in use by another process${holder ? ` (${holder})` : ""}. ` +
          `Stop that server first (or point DATA_DIR at another folder); for several servers at once, use PostgreSQL (DATABASE_URL).`,
      );
    }
    throw err;
  }
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, `pid ${process.pid} on ${os.hostname()} since ${new Date().toISOString()}\n`, 0);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    fs.closeSync(fd); // closing the descriptor drops the lock
  };
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}
