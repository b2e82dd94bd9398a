/**
 * Part 8 of `npm run bench` (scripts/bench.ts): the second node. Runs the due-soon job at the given
 * moment and delivers its mails to an SMTP server of its own on a free local port, then prints one
 * JSON line: how long each took, how many mails arrived, how many twice, how many failed.
 *
 * It runs in a process apart from the bench's, whose load loop times the web requests meanwhile: in
 * the bench's own process, the mails' work (nodemailer writing them, the SMTP server reading them,
 * ~10 ms of JavaScript each) held up the loop's event loop, and the requests' answers waited there
 * to be timed.
 *
 * node --import tsx --import ./scripts/bench-register.mjs scripts/bench-job-node.ts --database-url URL --now ISO --app-url URL
 */
import net from "node:net";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { SMTPServer } from "smtp-server";
import { openDatabase } from "@/db/client";
import { closeMailTransports } from "@/lib/channels/email";
import { deliverAll } from "@/lib/data/outbox";
import { runJob } from "@/lib/data/reminder-jobs";

/** `cpuMs`: this process's CPU time over the job and the deliveries (the SMTP server's reading of the mails included). */
export type JobNodeResult = { jobMs: number; deliverMs: number; cpuMs: number; received: number; duplicates: number; failed: number };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "database-url": { type: "string" }, now: { type: "string" }, "app-url": { type: "string" } } });
  const now = new Date(values.now ?? "");
  if (!values["database-url"] || !values["app-url"] || Number.isNaN(now.getTime())) throw new Error("needs --database-url URL --now ISO --app-url URL");
  const received = new Map<string, number>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        for (const r of session.envelope.rcptTo) received.set(r.address, (received.get(r.address) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as net.AddressInfo).port}`;
  const handle = await openDatabase({ databaseUrl: values["database-url"], dataDir: "" });
  try {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const run = await runJob(handle.db, "due-soon", { now, manual: true });
    if (run.outcome !== "ok") throw new Error(`due-soon failed: ${run.error}`);
    const jobMs = performance.now() - t0;
    const t1 = performance.now();
    const r = await deliverAll(handle.db, now, { smtpUrl, mailFrom: "bench <noreply@bench.test>", timeoutMs: 10_000, appUrl: values["app-url"] });
    const deliverMs = performance.now() - t1;
    const used = process.cpuUsage(cpu);
    const result: JobNodeResult = {
      jobMs,
      deliverMs,
      cpuMs: (used.user + used.system) / 1000,
      received: [...received.values()].reduce((a, b) => a + b, 0),
      duplicates: [...received.values()].filter((n) => n > 1).length,
      failed: r.failed + r.retrying,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    closeMailTransports();
    await handle.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench job node: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
