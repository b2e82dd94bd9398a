import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { openDatabase } from "@/db/client";
import { runJob } from "@/lib/data/reminder-jobs";
import { runnerMode, startJobRunner, stopJobRunner } from "@/lib/data/job-runner";
import { NOW, query, seed } from "../support/fixtures";
import { startSmtpPeer } from "../support/peers";

/**
 * Several nodes on one PostgreSQL: two processes (the operators' CLI, each with its own pool) run
 * the due-soon job at the same moment and send what it made; every bureau account gets exactly
 * one mail. The embedded database belongs to one process, so this runs on PostgreSQL only.
 */
const onServer = Boolean(process.env.DATABASE_URL);
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const root = path.resolve(import.meta.dirname, "../..");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/bench-register.mjs", "scripts/jobs.ts", ...args], { cwd: root, env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? 1, out }));
  });
}

describe.skipIf(!onServer)("two nodes on one PostgreSQL", () => {
  beforeAll(async () => {
    await seed();
    smtp = await startSmtpPeer();
    const db = await getDb();
    await db.execute(sql`update users set email = username || '@example.test' where role = 'bureau'`);
  });

  afterAll(async () => {
    await smtp?.close();
  });

  it("two processes run due-soon at once: each bureau account gets exactly one mail", async () => {
    const env = { DATABASE_URL: process.env.DATABASE_URL!, SMTP_URL: smtp.url, MAIL_FROM: "noreply@tracker.test", APP_URL: "http://tracker.test" };
    const [a, b] = await Promise.all([runCli(["run", "due-soon", "--now", NOW.toISOString()], env), runCli(["run", "due-soon", "--now", NOW.toISOString()], env)]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const expected = await query<{ email: string }>(sql`
      select u.email from notifications n join users u on u.id = n.user_id where n.dedupe_key = 'due_soon:2026-11' order by u.email`);
    expect(expected.length).toBeGreaterThan(0);
    const received = smtp.mails.flatMap((m) => m.to).sort();
    expect(received).toEqual(expected.map((e) => e.email));
    const [{ n }] = (await query<{ n: number }>(sql`select count(*)::int as n from deliveries where channel = 'email' and state = 'sent'`)) as [{ n: number }];
    expect(n).toBe(expected.length);
  });

  it("two runners with separate pools claim one scheduled slot: one runs, the other skips", async () => {
    const url = process.env.DATABASE_URL!;
    const [h1, h2] = await Promise.all([openDatabase({ databaseUrl: url, dataDir: "memory://" }), openDatabase({ databaseUrl: url, dataDir: "memory://" })]);
    try {
      const now = new Date("2026-11-23T01:00:00Z");
      const results = await Promise.all([runJob(h1.db, "due-soon", { now }), runJob(h2.db, "due-soon", { now })]);
      expect(results.map((r) => r.outcome).sort()).toEqual(["ok", "skipped"]);
      expect(results.every((r) => r.slot === "2026-11-23")).toBe(true);
    } finally {
      await Promise.all([h1.close(), h2.close()]);
    }
  });

  it("the runner npm start starts keeps each job's schedule in the database (pg-boss, China time)", async () => {
    try {
      expect(await startJobRunner()).toBe("pg-boss");
      expect(runnerMode()).toBe("pg-boss");
      const schedules = await query<{ name: string; cron: string; timezone: string }>(sql`select name, cron, timezone from pgboss.schedule order by name`);
      expect(schedules).toEqual([
        { name: "digest", cron: "0 8 * * 1", timezone: "Asia/Shanghai" },
        { name: "due-soon", cron: "0 8 * * *", timezone: "Asia/Shanghai" },
        { name: "escalation", cron: "0 9 * * *", timezone: "Asia/Shanghai" },
        { name: "lights", cron: "5 0 * * *", timezone: "Asia/Shanghai" },
        { name: "overdue", cron: "30 8 * * *", timezone: "Asia/Shanghai" },
        { name: "period-close", cron: "0 1 * * *", timezone: "Asia/Shanghai" },
      ]);
    } finally {
      await stopJobRunner();
    }
    expect(runnerMode()).toBe("off");
  });
});
