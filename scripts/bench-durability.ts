import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";
import { openDatabase } from "@/db/client";

/**
 * What the embedded database's durability costs: `runs` one-row transactions on a fresh folder,
 * with PGlite's own Node file system (never syncs) and with db/durable-fs.ts (what the app runs:
 * the WAL and every written file fdatasync'd after each commit). Milliseconds per commit.
 */
export async function measureDurability(runs: number): Promise<{ plain: number[]; durable: number[]; syncsPerCommit: number }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-bench-durable-"));
  try {
    const plainClient = new PGlite({ fs: new NodeFS(path.join(work, "plain")) });
    await plainClient.exec("create table probe (id serial primary key, note text not null)");
    const plain = await timeCommits(runs, (i) => plainClient.transaction(async (tx) => void (await tx.query("insert into probe (note) values ($1)", [`row ${i}`]))));
    await plainClient.close();

    const handle = await openDatabase({ dataDir: path.join(work, "durable") });
    await handle.db.execute("create table probe (id serial primary key, note text not null)");
    const before = handle.syncStats!().fileSyncs;
    const durable = await timeCommits(runs, (i) => handle.db.transaction(async (tx) => void (await tx.execute(`insert into probe (note) values ('row ${i}')`))));
    const syncsPerCommit = (handle.syncStats!().fileSyncs - before) / runs;
    await handle.close();
    return { plain, durable, syncsPerCommit };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function timeCommits(runs: number, commit: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await commit(-i - 1); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await commit(i);
    ms.push(performance.now() - t);
  }
  return ms;
}
