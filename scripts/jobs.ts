/**
 * npm run jobs -- run <job-name> [--now ISO-date] — runs one scheduled job once (a run of its own,
 * beside the schedule's), then queues and sends what it made through every channel.
 * npm run jobs -- deliver [--now ISO-date] — only queues and sends what is due.
 * npm run jobs -- list — the jobs, their schedule and next run.
 *
 * Job names: due-soon, overdue, escalation, period-close, digest. The clock is --now when given
 * (an operator re-running a day, or a test), else the real time.
 * The database: DATABASE_URL, else the embedded one in DATA_DIR (./data), which must not be open
 * in a running server at the same time. SMTP_URL, MAIL_FROM, SMS_GATEWAY_URL as for the server.
 */
import { openDatabase, type DbHandle } from "@/db/client";
import { closeMailTransports } from "@/lib/channels/email";
import { cronOf, isJobName, JOB_NAMES, JOB_SCHEDULES, nextRun } from "@/lib/domain/reminders";
import { getEnv } from "@/lib/env";
import { deliverAll } from "@/lib/data/outbox";
import { runJob } from "@/lib/data/reminder-jobs";

function usage(): never {
  console.error(`usage: npm run jobs -- run <${JOB_NAMES.join("|")}> [--now ISO-date]\n       npm run jobs -- deliver [--now ISO-date]\n       npm run jobs -- list`);
  process.exit(2);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const [command, name] = args;
  const nowArg = args.find((a, i) => args[i - 1] === "--now") ?? args.find((a) => a.startsWith("--now="))?.slice(6);
  const now = nowArg ? new Date(nowArg) : new Date();
  if (Number.isNaN(now.getTime())) usage();
  if (command === "list") {
    for (const job of JOB_NAMES) console.log(`${job.padEnd(14)} ${cronOf(JOB_SCHEDULES[job]).padEnd(12)} Asia/Shanghai  next ${nextRun(job, now).toISOString()}`);
    return 0;
  }
  if (command !== "run" && command !== "deliver") usage();
  if (command === "run" && (!name || !isJobName(name))) usage();
  const env = getEnv();
  let handle: DbHandle | undefined;
  try {
    handle = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
    if (command === "run") {
      const result = await runJob(handle.db, name as (typeof JOB_NAMES)[number], { now, manual: true });
      console.log(JSON.stringify(result));
      if (result.outcome === "failed") return 1;
    }
    const delivered = await deliverAll(handle.db, now);
    console.log(JSON.stringify({ delivered }));
    return 0;
  } finally {
    closeMailTransports();
    await handle?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
