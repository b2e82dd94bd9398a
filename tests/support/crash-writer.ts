// Run by tests/integration/crash-writes.test.ts in a child process: the app's database code with
// 8 concurrent writers, printing "ack <writer> <seq>" once each commit has returned. It is killed
// with SIGKILL; it never ends by itself.
import { sql } from "drizzle-orm";
import { openDatabase } from "../../db/client";

const cycle = Number(process.env.CRASH_CYCLE);
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.CRASH_DATA_DIR! });
await handle.db.execute(sql`create table if not exists crash_probe (writer int not null, seq int not null, cycle int not null, primary key (cycle, writer, seq))`);
console.log("ready");
await Promise.all(
  Array.from({ length: 8 }, async (_, w) => {
    for (let seq = 0; ; seq++) {
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into crash_probe (writer, seq, cycle) values (${w}, ${seq}, ${cycle})`);
      });
      // A pipe's write is synchronous on Linux: the line is out before the next commit starts.
      process.stdout.write(`ack ${w} ${seq}\n`);
    }
  }),
);
