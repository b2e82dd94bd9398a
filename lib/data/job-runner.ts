import "server-only";
import PgBoss from "pg-boss";
import { getDbHandle } from "@/db";
import { getEnv } from "@/lib/env";
import { cronOf, dueSlot, JOB_NAMES, JOB_SCHEDULES, slotOf, type JobName } from "@/lib/domain/reminders";
import { deliverAll } from "./outbox";
import { runJob } from "./reminder-jobs";

/**
 * The job runner, started by `npm start` (JOBS=1) in each web process, never by tests.
 * - On PostgreSQL, pg-boss keeps the schedule and the queue in the database (schema pgboss): its
 *   cron fires each job once for the cluster, and the (job, slot) row of job_runs makes a slot run
 *   once even if two nodes get it.
 * - On the embedded database (one process), an in-process timer runs the same job definitions at
 *   the same times, catching up today's slot at start.
 * - Every process sends what is due every few seconds: deliveries are claimed with SKIP LOCKED, so
 *   nodes share the work and none sends a message twice.
 */

export type RunnerMode = "pg-boss" | "in-process" | "off";

type RunnerState = { mode: RunnerMode; boss?: PgBoss; timers: NodeJS.Timeout[]; delivering: boolean };
const holder = globalThis as unknown as { __trackerRunner?: RunnerState };

const DELIVER_EVERY_MS = 5_000;
const TICK_MS = 60_000;

export function runnerMode(): RunnerMode {
  return holder.__trackerRunner?.mode ?? "off";
}

export async function startJobRunner(): Promise<RunnerMode> {
  if (holder.__trackerRunner) return holder.__trackerRunner.mode;
  const handle = await getDbHandle();
  const db = handle.db;
  const state: RunnerState = { mode: handle.kind === "postgres" ? "pg-boss" : "in-process", timers: [], delivering: false };
  holder.__trackerRunner = state;

  const deliver = async () => {
    if (state.delivering) return;
    state.delivering = true;
    try {
      await deliverAll(db, new Date());
    } catch (err) {
      console.error(`[tracker] deliveries: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      state.delivering = false;
    }
  };
  state.timers.push(setInterval(deliver, DELIVER_EVERY_MS));

  const run = async (job: JobName, slot: string) => {
    const result = await runJob(db, job, { now: new Date(), slot });
    if (result.outcome === "failed") console.error(`[tracker] job ${job} (${slot}) failed: ${result.error}`);
    if (result.ran) void deliver();
  };

  if (state.mode === "pg-boss") {
    const boss = new PgBoss({ connectionString: getEnv().databaseUrl!, schema: "pgboss", max: 3 });
    boss.on("error", (err) => console.error(`[tracker] job queue: ${err.message}`));
    await boss.start();
    for (const job of JOB_NAMES) {
      await boss.createQueue(job);
      await boss.schedule(job, cronOf(JOB_SCHEDULES[job]), {}, { tz: "Asia/Shanghai" });
      await boss.work(job, async () => {
        const now = new Date();
        await run(job, dueSlot(job, now) ?? slotOf(job, now));
      });
    }
    state.boss = boss;
  } else {
    const tick = async () => {
      const now = new Date();
      for (const job of JOB_NAMES) {
        const slot = dueSlot(job, now);
        if (slot) await run(job, slot).catch((err: unknown) => console.error(`[tracker] job ${job}: ${String(err)}`));
      }
    };
    state.timers.push(setInterval(() => void tick(), TICK_MS));
    void tick();
  }
  for (const t of state.timers) t.unref();
  console.log(`[tracker] job runner: ${state.mode === "pg-boss" ? "pg-boss on PostgreSQL" : "in-process scheduler on the embedded database"}; deliveries every ${DELIVER_EVERY_MS / 1000} s`);
  return state.mode;
}

export async function stopJobRunner(): Promise<void> {
  const state = holder.__trackerRunner;
  if (!state) return;
  for (const t of state.timers) clearInterval(t);
  await state.boss?.stop({ graceful: true, wait: true }).catch(() => undefined);
  holder.__trackerRunner = undefined;
}
