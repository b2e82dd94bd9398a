import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * PGlite's Node file system with the one thing it lacks: durability. PostgreSQL inside PGlite
 * calls fsync/fdatasync as usual, but Emscripten's NODEFS answers them without touching the disk,
 * so an acknowledged commit could sit in the page cache when the power goes.
 *
 * This file system remembers every host file written and every folder whose entries changed
 * (created, renamed, removed) since the last flush, and `flush()` fdatasyncs those files, then
 * fsyncs those folders. The database calls it after each statement outside a transaction (PGlite's
 * syncToFs hook) and db/client.ts after each transaction's COMMIT, before the caller hears of it:
 * the WAL of every acknowledged write is on disk. The control file (global/pg_control) is handled as
 * PostgreSQL itself does at a checkpoint: everything written before it is flushed first, and it is
 * flushed right after, so a checkpoint never points past data that is not on disk.
 */
export class DurableNodeFS extends NodeFS {
  /** Host descriptors written since the last flush, with their paths. */
  private readonly openDirty = new Map<number, string>();
  /** Files written since the last flush whose descriptors have been closed since. */
  private readonly closedDirty = new Set<string>();
  /** Folders with created, renamed or removed entries since the last flush. */
  private readonly dirtyDirs = new Set<string>();
  /** Counts of what flushes did (the durability test and the bench read them). */
  readonly stats = { flushes: 0, fileSyncs: 0, dirSyncs: 0 };

  constructor(dataDir: string) {
    super(dataDir);
  }

  override async init(pg: PGlite, opts: Parameters<NodeFS["init"]>[1]) {
    const result = await super.init(pg, opts);
    const preRun = result.emscriptenOpts.preRun ?? [];
    result.emscriptenOpts = {
      ...result.emscriptenOpts,
      preRun: [...preRun, (mod: unknown) => this.instrument((mod as { NODEFS: EmscriptenNodeFs }).NODEFS)],
    };
    return result;
  }

  override async syncToFs(): Promise<void> {
    this.flush();
  }

  override async closeFs(): Promise<void> {
    await super.closeFs();
    this.flush();
  }

  /** Puts on disk everything written since the last flush; synchronous, so nothing interleaves with it. */
  flush(): void {
    if (this.openDirty.size === 0 && this.closedDirty.size === 0 && this.dirtyDirs.size === 0) return;
    this.stats.flushes++;
    for (const fd of [...this.openDirty.keys()]) {
      fs.fdatasyncSync(fd);
      this.stats.fileSyncs++;
      this.openDirty.delete(fd);
    }
    for (const file of [...this.closedDirty]) {
      this.syncPath(file, false);
      this.closedDirty.delete(file);
    }
    for (const dir of [...this.dirtyDirs]) {
      this.syncPath(dir, true);
      this.dirtyDirs.delete(dir);
    }
  }

  private syncPath(p: string, isDir: boolean): void {
    let fd: number;
    try {
      fd = fs.openSync(p, "r");
    } catch (err) {
      // Removed since it was written: its folder's entry is what counts, and that folder is synced.
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    try {
      if (isDir) fs.fsyncSync(fd);
      else fs.fdatasyncSync(fd);
      if (isDir) this.stats.dirSyncs++;
      else this.stats.fileSyncs++;
    } finally {
      fs.closeSync(fd);
    }
  }

  private instrument(nodefs: EmscriptenNodeFs): void {
    const streamOps = nodefs.stream_ops;
    const nodeOps = nodefs.node_ops;
    const write = streamOps.write;
    const close = streamOps.close;
    streamOps.write = (stream, ...rest) => {
      const file = this.openDirty.get(stream.nfd) ?? nodefs.realPath(stream.node);
      const control = file.endsWith(`${path.sep}global${path.sep}pg_control`);
      if (control) this.flush();
      const written = write(stream, ...rest);
      this.openDirty.set(stream.nfd, file);
      if (control) this.flush();
      return written;
    };
    streamOps.close = (stream) => {
      const file = this.openDirty.get(stream.nfd);
      if (file !== undefined) {
        this.openDirty.delete(stream.nfd);
        this.closedDirty.add(file);
      }
      return close(stream);
    };
    const dirOf = (parent: unknown) => nodefs.realPath(parent);
    const mknod = nodeOps.mknod;
    nodeOps.mknod = (parent, ...rest) => {
      this.dirtyDirs.add(dirOf(parent));
      return mknod(parent, ...rest);
    };
    const rename = nodeOps.rename;
    nodeOps.rename = (oldNode, newDir, ...rest) => {
      this.dirtyDirs.add(dirOf((oldNode as { parent: unknown }).parent));
      this.dirtyDirs.add(dirOf(newDir));
      return rename(oldNode, newDir, ...rest);
    };
    for (const op of ["unlink", "rmdir", "symlink"] as const) {
      const original = nodeOps[op];
      nodeOps[op] = (parent, ...rest) => {
        this.dirtyDirs.add(dirOf(parent));
        return original(parent, ...rest);
      };
    }
  }
}

type Stream = { nfd: number; node: unknown };
type EmscriptenNodeFs = {
  realPath(node: unknown): string;
  stream_ops: {
    write: (stream: Stream, ...rest: unknown[]) => number;
    close: (stream: Stream) => void;
  };
  node_ops: Record<"mknod" | "rename" | "unlink" | "rmdir" | "symlink", (parent: unknown, ...rest: unknown[]) => unknown>;
};
