import "server-only";
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getEnv } from "@/lib/env";
import { S3FileStore } from "./s3-file-store";

/** Where evidence bytes live, by a key the app made up; an S3-compatible store can implement the same three calls. */
export interface FileStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes the bytes under `key`; nothing to remove is not an error. */
  delete(key: string): Promise<void>;
  /** Writes and removes a small object of its own (GET /api/health): throws when the store cannot take a write. */
  probe(): Promise<void>;
  /** Stores what `source` yields under `key` without holding it all in memory; `sizeBytes` when known. */
  putStream(key: string, source: Readable, sizeBytes?: number): Promise<void>;
  /** The bytes under `key` as a stream, or null when there are none. */
  getStream(key: string): Promise<Readable | null>;
  /** True when the store holds no file at all (a restore goes only into an empty store). */
  isEmpty(): Promise<boolean>;
}

const KEY_PATTERN = /^\d{4}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh key, `yyyy/mm/<uuid>`: nothing of the user's (file name, report) goes into it. */
export function newStorageKey(now: Date = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

export function assertKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
}

/** Files under `<DATA_DIR>/files/yyyy/mm/<uuid>`. */
export class LocalFileStore implements FileStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertKey(key);
    const full = path.resolve(this.root, key);
    // Keys are ours and checked above; this is the second lock on the door.
    if (!full.startsWith(this.root + path.sep)) throw new Error(`storage key leaves the store: ${JSON.stringify(key)}`);
    return full;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Written to a temporary name, flushed, then renamed: the key never names half a file.
    const tmp = `${file}.${randomUUID()}.part`;
    const handle = await fs.open(tmp, "wx", 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await fs.rm(tmp, { force: true });
      throw err;
    }
    await handle.close();
    await fs.rename(tmp, file);
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.readFile(this.pathOf(key)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async putStream(key: string, source: Readable, _sizeBytes?: number): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.part`;
    try {
      await pipeline(source, createWriteStream(tmp, { flags: "wx", mode: 0o640 }));
      const handle = await fs.open(tmp, "r");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    await fs.rename(tmp, file);
  }

  async getStream(key: string): Promise<Readable | null> {
    const file = this.pathOf(key);
    try {
      // Opened here, so that a missing file is a null rather than an error on the stream later.
      const handle = await fs.open(file, "r");
      return handle.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  async isEmpty(): Promise<boolean> {
    try {
      const years = (await fs.readdir(this.root)).filter((n) => /^\d{4}$/.test(n));
      for (const year of years) {
        for (const month of await fs.readdir(path.join(this.root, year))) {
          if ((await fs.readdir(path.join(this.root, year, month))).length > 0) return false;
        }
      }
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return true;
      throw err;
    }
  }

  async probe(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    const file = path.join(this.root, `.probe-${randomUUID()}`);
    const handle = await fs.open(file, "wx", 0o640);
    try {
      await handle.writeFile("probe");
      await handle.sync();
    } finally {
      await handle.close();
      await fs.rm(file, { force: true });
    }
  }
}

/** Bytes in memory, for DATA_DIR=memory:// (tests): gone when the process ends. */
export class MemoryFileStore implements FileStore {
  private readonly files = new Map<string, Uint8Array>();

  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertKey(key);
    this.files.set(key, bytes.slice());
  }

  async get(key: string): Promise<Uint8Array | null> {
    assertKey(key);
    return this.files.get(key)?.slice() ?? null;
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    this.files.delete(key);
  }

  async probe(): Promise<void> {}

  async putStream(key: string, source: Readable): Promise<void> {
    assertKey(key);
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(Buffer.from(chunk as Uint8Array));
    this.files.set(key, new Uint8Array(Buffer.concat(chunks)));
  }

  async getStream(key: string): Promise<Readable | null> {
    const bytes = await this.get(key);
    return bytes ? Readable.from([Buffer.from(bytes)]) : null;
  }

  async isEmpty(): Promise<boolean> {
    return this.files.size === 0;
  }

  /** For tests only: the keys held now. */
  listKeysForTests(): string[] {
    return [...this.files.keys()];
  }
}

const holder = globalThis as unknown as { __trackerFileStore?: FileStore };

/** The process's one file store: an S3-compatible bucket with FILES_URL, else DATA_DIR/files (memory in tests). */
export function getFileStore(): FileStore {
  if (!holder.__trackerFileStore) {
    const { dataDir, files } = getEnv();
    if (files.kind === "s3") holder.__trackerFileStore = new S3FileStore(files);
    else holder.__trackerFileStore = dataDir === "memory://" ? new MemoryFileStore() : new LocalFileStore(path.join(dataDir, "files"));
  }
  return holder.__trackerFileStore;
}
