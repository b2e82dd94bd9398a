import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "@/db/data-dir-lock";
import { openDatabase } from "@/db/client";

// The embedded database's promises: the WAL of every acknowledged write is on disk when the write
// returns; one process owns a data folder, by a lock the kernel drops when it dies, whatever its
// pid namespace; a failed first start leaves nothing behind and says why.

const onServer = Boolean(process.env.DATABASE_URL);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-durable-"));
const root = path.resolve(import.meta.dirname, "../..");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const fdPath = (fd: number) => {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return "";
  }
};

/**
 * Watches the process's real writes and syncs (node:fs, which PGlite's file system calls): which
 * WAL files were written and not yet fdatasync'd/fsync'd, and how many syncs of WAL files ran.
 */
function watchWal(dataDir: string) {
  const walDir = path.join(fs.realpathSync(dataDir), "pgdata", "pg_wal") + path.sep;
  const unsynced = new Set<string>();
  let walSyncs = 0;
  const originals = { writeSync: fs.writeSync, fdatasyncSync: fs.fdatasyncSync, fsyncSync: fs.fsyncSync };
  const wrap = <F extends (fd: number, ...rest: never[]) => unknown>(original: F, after: (fd: number) => void) =>
    ((fd: number, ...rest: never[]) => {
      const result = original(fd, ...rest);
      after(fd);
      return result;
    }) as unknown as F;
  const onSync = (fd: number) => {
    const p = fdPath(fd);
    if (p.startsWith(walDir)) {
      walSyncs++;
      unsynced.delete(p);
    }
  };
  fs.writeSync = wrap(originals.writeSync, (fd) => {
    const p = fdPath(fd);
    if (p.startsWith(walDir)) unsynced.add(p);
  });
  fs.fdatasyncSync = wrap(originals.fdatasyncSync, onSync);
  fs.fsyncSync = wrap(originals.fsyncSync, onSync);
  syncBuiltinESMExports();
  return {
    unsynced: () => [...unsynced],
    walSyncs: () => walSyncs,
    stop() {
      Object.assign(fs, originals);
      syncBuiltinESMExports();
    },
  };
}

describe.runIf(!onServer)("the embedded database on disk", { timeout: 240_000 }, () => {
  it("every acknowledged write, in a transaction or alone, has its WAL synced to disk before it returns", async () => {
    const dataDir = path.join(work, "wal");
    const handle = await openDatabase({ dataDir });
    await handle.db.execute(sql`create table durable_probe (id serial primary key, note text not null)`);
    const watch = watchWal(dataDir);
    try {
      const before = watch.walSyncs();
      const commits = 20;
      for (let i = 0; i < commits; i++) {
        if (i % 2 === 0) {
          await handle.db.transaction(async (tx) => {
            await tx.execute(sql`insert into durable_probe (note) values (${`tx ${i}`})`);
            await tx.execute(sql`insert into durable_probe (note) values (${`tx ${i} bis`})`);
          });
        } else {
          await handle.db.execute(sql`insert into durable_probe (note) values (${`alone ${i}`})`);
        }
        // Acknowledged: nothing of the WAL written for it is still only in the page cache.
        expect(watch.unsynced(), `after write ${i}`).toEqual([]);
      }
      const syncs = watch.walSyncs() - before;
      expect(syncs).toBeGreaterThanOrEqual(commits);
      console.log(`[durability] ${commits} acknowledged writes, ${syncs} syncs of WAL files`);
      // Reads write no WAL and cost no sync.
      const idle = watch.walSyncs();
      await handle.db.execute(sql`select count(*) from durable_probe`);
      expect(watch.walSyncs()).toBe(idle);
    } finally {
      watch.stop();
      await handle.close();
    }
  });

  it("a second opener of the folder is refused with a clear message; closing frees it", async () => {
    const dataDir = path.join(work, "lock");
    const first = await openDatabase({ dataDir });
    try {
      await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by another process \(pid \d+ on .+\)\. Stop that server first/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it("the lock holds against a process in another pid namespace, and its death (kill -9) frees it", async () => {
    const dataDir = path.join(work, "ns");
    fs.mkdirSync(dataDir);
    const code = `import { lockDataDir } from ${JSON.stringify(path.join(root, "db/data-dir-lock.ts"))}; lockDataDir(${JSON.stringify(dataDir)}); console.log("held"); setInterval(() => {}, 60_000);`;
    const tsx = path.join(root, "node_modules", ".bin", "tsx");
    // unshare: a pid namespace of its own, where the holder may well have the same pid as someone here.
    const canUnshare = spawnSync("unshare", ["--pid", "--fork", "--mount-proc", "true"]).status === 0;
    const holder: ChildProcess = canUnshare
      ? spawn("unshare", ["--pid", "--fork", "--mount-proc", tsx, "-e", code], { cwd: root, stdio: ["ignore", "pipe", "inherit"], detached: true })
      : spawn(tsx, ["-e", code], { cwd: root, stdio: ["ignore", "pipe", "inherit"], detached: true });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = "";
        holder.stdout!.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("held")) resolve();
        });
        holder.once("exit", (c) => reject(new Error(`the holder exited (${c}) before taking the lock`)));
      });
      // Inside its namespace the holder has a small pid of its own (no pid of ours says anything about it).
      if (canUnshare) expect(Number(/^pid (\d+) /.exec(fs.readFileSync(path.join(dataDir, "lock"), "utf8"))?.[1])).toBeLessThan(holder.pid!);
      expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);
      await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by another process/);
    } finally {
      const exited = new Promise((r) => holder.once("exit", r));
      process.kill(-holder.pid!, "SIGKILL");
      await exited;
    }
    // Killed without a chance to clean up: the kernel drops the lock as the process goes (the
    // namespace's last process may end a moment after the one we waited for).
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        lockDataDir(dataDir)();
        break;
      } catch (err) {
        if (!(err instanceof DataDirLockedError) || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  it("a first start that fails leaves no half-made database, says why, and the next start begins again", async () => {
    const dataDir = path.join(work, "first");
    await expect(
      openDatabase({
        dataDir,
        onFirstStart: async () => {
          throw new Error("the seed broke");
        },
      }),
    ).rejects.toThrow(/the first start failed while loading the first data: the seed broke\. Nothing was kept in .+; the next start begins again\./);
    expect(fs.readdirSync(dataDir).filter((n) => n.startsWith("pgdata"))).toEqual([]);
    const handle = await openDatabase({ dataDir });
    expect(handle.created).toBe(true);
    await handle.close();
  });
});
