import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";

// kill -9 of the app's process while it commits concurrently: after a restart every write it had
// acknowledged is there — on the embedded database (its own folder, WAL synced per commit) and on
// PostgreSQL. A child process (tests/support/crash-writer.ts) runs the app's database code with 8
// writers and prints each commit once it returned; it is killed without warning, three times over.

const root = path.resolve(import.meta.dirname, "../..");
const onServer = Boolean(process.env.DATABASE_URL);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-crash-"));
const dataDir = path.join(work, "data");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs the writers until `acks` commits were acknowledged, then kill -9; the acknowledged (writer, seq) pairs. */
async function writeAndKill(cycle: number, acks: number): Promise<Set<string>> {
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const child = spawn(tsx, [path.join(root, "tests/support/crash-writer.ts")], {
    cwd: root,
    env: { ...process.env, CRASH_CYCLE: String(cycle), CRASH_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const acknowledged = new Set<string>();
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise((r) => child.once("exit", r));
  await new Promise<void>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        const m = /^ack (\d+) (\d+)$/.exec(line);
        if (m) acknowledged.add(`${m[1]}/${m[2]}`);
      }
      if (acknowledged.size >= acks) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the writer exited (${code}) after ${acknowledged.size} commits:\n${err}`)));
  });
  process.kill(-child.pid!, "SIGKILL");
  await exited;
  // tsx runs the script in a child of its own: wait until the whole process group is gone.
  for (;;) {
    try {
      process.kill(-child.pid!, 0);
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return acknowledged;
}

describe("kill -9 during concurrent writes", { timeout: 600_000 }, () => {
  it(`every acknowledged commit is there after the restart (${onServer ? "PostgreSQL" : "embedded"})`, async () => {
    let total = 0;
    for (let cycle = 1; cycle <= 3; cycle++) {
      const acknowledged = await writeAndKill(cycle, 150);
      // The restart: the folder opens again (the dead process's lock is gone), and recovery replays the WAL.
      const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir });
      try {
        const res = (await handle.db.execute(sql`select writer, seq from crash_probe where cycle = ${cycle}`)) as unknown as { rows: { writer: number; seq: number }[] };
        const present = new Set(res.rows.map((r) => `${r.writer}/${r.seq}`));
        const lost = [...acknowledged].filter((k) => !present.has(k));
        expect(lost, `cycle ${cycle}: acknowledged but missing after kill -9`).toEqual([]);
        total += acknowledged.size;
      } finally {
        await handle.close();
      }
    }
    console.log(`[crash] ${total} acknowledged commits over 3 kill -9 cycles, none lost`);
  });
});
