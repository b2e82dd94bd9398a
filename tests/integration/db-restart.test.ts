import { createHash } from "node:crypto";
import net from "node:net";
import { inArray, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import type { DbHandle } from "@/db/client";
import { reportVersions } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { createApiToken } from "@/lib/data/api-tokens";
import { shanghaiDate } from "@/lib/domain/dates";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import * as draftRoute from "@/app/api/v1/assignments/[id]/reports/[period]/route";
import * as assignmentsRoute from "@/app/api/v1/assignments/route";
import * as healthRoute from "@/app/api/health/route";
import * as reportRoute from "@/app/api/v1/reports/[id]/route";
import { verifyKeptState } from "../support/verify-derived";
import { startPrivateCluster, type PrivateCluster } from "../support/private-postgres";

// PostgreSQL restarted while the app serves concurrent report saves and reads, and the app process
// never restarted: every connection cut (idle ones found dead only when next used), the server
// stopped and started, then restarted (pg_ctl -m fast). Meanwhile every answer is a success or a
// 503 problem with Retry-After, never a 500, and none hangs; afterwards the same process reads and
// writes again with no connection left checked out, and every save it acknowledged is in the
// database. The suite's server is shared by every file, so this file starts a PostgreSQL cluster
// of its own (tests/support/private-postgres.ts). The requests go through the route handlers with
// a real API token, as scripts/server.mjs would pass them (an HTTP server would need a production
// build, which the browser tests own).

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
// The real bearer-token path (tests/support/session-mock.ts replaces it for the other files).
vi.mock("@/lib/auth/session", async (importOriginal) => await importOriginal());

const onServer = Boolean(process.env.DATABASE_URL);
const holder = globalThis as unknown as { __trackerDb?: Promise<DbHandle> };
const REGION = "150400";
const PASSWORD = "demo2025";
/** Far above what an answer takes when the database refuses at once; far below the 40 s hangs of before. */
const ANSWER_WITHIN_MS = 10_000;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** What the answers here carry: a report (id, version) or a page of assignments. */
type Body = { id: number; version: number; items: { id: number; completed: boolean }[] };
type Answer = { status: number; ms: number; type: string | null; retryAfter: string | null; body: Body | string | null };
const bodyOf = (a: Answer) => a.body as Body;

async function call(handler: Handler, opts: { method?: string; params?: Record<string, string | number>; query?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const url = new URL("http://localhost/api/v1/x");
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const init: RequestInit = { method: opts.method ?? "GET", headers: { "content-type": "application/json" } };
  if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
  const params = Object.fromEntries(Object.entries(opts.params ?? {}).map(([k, v]) => [k, String(v)]));
  const started = performance.now();
  const res = await handler(new Request(url, init), { params: Promise.resolve(params) });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: Body | string | null = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // kept as text: a bare error page is what the assertions below must show
  }
  return { status: res.status, ms, type: res.headers.get("content-type"), retryAfter: res.headers.get("retry-after"), body };
}

/** The reporting periods a monthly or quarterly assignment may be open for today, newest first. */
function candidatePeriods(now: Date): string[] {
  const [y, m] = shanghaiDate(now).split("-").map(Number) as [number, number];
  const prevM = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  const q = Math.ceil(m / 3);
  const prevQ = q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  return [`${y}-${String(m).padStart(2, "0")}`, `${y}-Q${q}`, prevM, prevQ];
}

/** A client's pause before it tries again after a 503 (it would honour Retry-After; the test wants many tries). */
const backOff = () => new Promise((r) => setTimeout(r, 50));

async function until(what: string, condition: () => boolean, failed: () => string | null): Promise<void> {
  for (;;) {
    const why = failed();
    if (why) throw new Error(`while waiting for ${what}: ${why}`);
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A TCP relay in front of the cluster that can cut every connection. One waiting for an answer is
 * closed at once, as a server's restart closes it; an idle one stays open on the app's side until
 * the app next sends on it. That widens to the whole test the moment a restart leaves open: the
 * pool hands out an idle connection whose end it has not read yet, and a request's first
 * statement (a transaction's BEGIN) meets a closed connection.
 */
async function startRelay(targetPort: number): Promise<{ port: number; cut(): number; close(): Promise<void> }> {
  const pairs = new Set<{ down: net.Socket; up: net.Socket; idle: boolean; tail: Buffer }>();
  const accepted = new Set<net.Socket>();
  const server = net.createServer((down) => {
    accepted.add(down);
    down.once("close", () => accepted.delete(down));
    const up = net.connect(targetPort, "127.0.0.1");
    const pair = { down, up, idle: false, tail: Buffer.alloc(0) };
    pairs.add(pair);
    // Idle: the server's last bytes are a ReadyForQuery ('Z', length 5, status) and the app has not sent since.
    down.on("data", () => (pair.idle = false));
    up.on("data", (chunk: Buffer) => {
      pair.tail = Buffer.concat([pair.tail, chunk]).subarray(-6);
      pair.idle = pair.tail.length === 6 && pair.tail[0] === 0x5a && pair.tail.readUInt32BE(1) === 5;
    });
    const close = () => {
      pairs.delete(pair);
      down.destroy();
      up.destroy();
    };
    for (const s of [down, up]) {
      s.on("error", close);
      s.on("close", close);
    }
    down.pipe(up);
    up.pipe(down);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      const n = pairs.size;
      for (const pair of pairs) {
        pairs.delete(pair);
        for (const s of [pair.down, pair.up]) s.removeAllListeners("close").removeAllListeners("error").on("error", () => undefined);
        pair.down.once("close", () => accepted.delete(pair.down));
        pair.down.unpipe(pair.up);
        pair.up.unpipe(pair.down);
        pair.up.destroy();
        if (pair.idle) pair.down.once("data", () => pair.down.destroy()).resume();
        else pair.down.destroy();
      }
      return n;
    },
    close: async () => {
      for (const { up } of pairs) up.destroy();
      for (const down of accepted) down.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe.runIf(onServer)("PostgreSQL restarted under load", { timeout: 60_000 }, () => {
  let cluster: PrivateCluster | undefined;
  let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
  const fileDatabaseUrl = process.env.DATABASE_URL;
  let token = "";

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query("create database tracker");
    await admin.end();
    // The app's one database (db/index.ts) is the private cluster, through the relay: lib/env.ts
    // reads it once, at first use.
    relay = await startRelay(Number(new URL(cluster.url()).port));
    const appUrl = `postgres://postgres@127.0.0.1:${relay.port}/tracker`;
    process.env.DATABASE_URL = appUrl;
    expect(getEnv().databaseUrl, "the environment was read before this file could point it at its own cluster").toBe(appUrl);
    await seedDemo(await getDb(), { password: PASSWORD });
    ({ token } = await createApiToken({ username: `bureau-${REGION}`, password: PASSWORD }, "10.0.0.1"));
    request.headers = new Headers({ authorization: `Bearer ${token}` });
  }, 120_000);

  afterAll(async () => {
    // This file checks the kept state itself (below); the setup file's check must not reach the
    // private cluster once it is gone.
    const handle = await holder.__trackerDb?.catch(() => undefined);
    holder.__trackerDb = undefined;
    // A connection leaked by a failed run would hold the pool's end open for good.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([handle?.close().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    process.env.DATABASE_URL = fileDatabaseUrl;
    await relay?.close();
    await cluster?.destroy();
  });

  it("answers 503 with Retry-After while it is down, then serves and writes again in the same process, losing no acknowledged save", async () => {
    // Writers: report drafts of the bureau's open assignments, one (assignment, period) each.
    const list = await call(assignmentsRoute.GET as Handler, { query: { limit: "100" } });
    expect(list.status).toBe(200);
    const writers: { assignmentId: number; period: string; reportId: number; version: number }[] = [];
    for (const a of bodyOf(list).items) {
      if (writers.length >= 6) break;
      if (a.completed) continue;
      for (const period of candidatePeriods(new Date())) {
        const res = await call(draftRoute.PUT as Handler, { method: "PUT", params: { id: a.id, period }, body: draft("setup") });
        if (res.status !== 200 && res.status !== 201) continue;
        writers.push({ assignmentId: a.id, period, reportId: bodyOf(res).id, version: bodyOf(res).version });
        break;
      }
    }
    expect(writers.length, "open assignments to report on").toBeGreaterThanOrEqual(4);

    // Everything the app logs meanwhile: it must never carry the token, its hash or a query's bound values.
    const logged: string[] = [];
    const keep = (...args: unknown[]) => logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})))).join(" "));
    const spies = [
      vi.spyOn(log, "error").mockImplementation(keep as never),
      vi.spyOn(log, "warn").mockImplementation(keep as never),
      vi.spyOn(console, "error").mockImplementation(keep),
      vi.spyOn(console, "warn").mockImplementation(keep),
    ];

    type Outcome = { phase: string; kind: string; status: number; ms: number; problem: boolean; retryAfter: string | null; detail: string };
    const outcomes: Outcome[] = [];
    const acked: { reportId: number; version: number; marker: string }[] = [];
    let phase = "before";
    let running = true;
    const record = (kind: string, a: Answer) => {
      outcomes.push({
        phase,
        kind,
        status: a.status,
        ms: a.ms,
        problem: a.type === "application/problem+json",
        retryAfter: a.retryAfter,
        detail: typeof a.body === "string" ? a.body.slice(0, 200) : JSON.stringify(a.body).slice(0, 200),
      });
    };
    const unexpected = () => {
      const bad = outcomes.find((o) => ![200, 201, 409, 503].includes(o.status));
      return bad ? `a ${bad.kind} answered ${bad.status} (${bad.phase}): ${bad.detail}` : null;
    };

    const write = async (w: number) => {
      const me = writers[w]!;
      let stale = false;
      for (let seq = 0; running; seq++) {
        if (stale) {
          // A 409: a save whose answer was lost (a 503) had committed after all; learn the current version.
          const cur = await call(reportRoute.GET as Handler, { params: { id: me.reportId } });
          record("read", cur);
          if (cur.status !== 200) {
            await backOff();
            continue;
          }
          me.version = bodyOf(cur).version;
          stale = false;
        }
        const marker = `w${w}-s${seq}`;
        const res = await call(draftRoute.PUT as Handler, { method: "PUT", params: { id: me.assignmentId, period: me.period }, body: { ...draft(marker), version: me.version } });
        record("save", res);
        if (res.status === 200 || res.status === 201) {
          acked.push({ reportId: me.reportId, version: bodyOf(res).version, marker });
          me.version = bodyOf(res).version;
        } else if (res.status === 503) {
          // Tried again as it is; had the lost attempt committed after all, the retry meets a 409.
          await backOff();
        } else stale = true;
      }
    };
    const read = async () => {
      while (running) {
        const listed = await call(assignmentsRoute.GET as Handler, { query: { limit: "20" } });
        record("list", listed);
        const started = performance.now();
        const health = await healthRoute.GET();
        const body = await health.text();
        outcomes.push({ phase, kind: "health", status: health.status, ms: performance.now() - started, problem: true, retryAfter: health.headers.get("retry-after"), detail: body.slice(0, 200) });
        if (listed.status === 503 || health.status === 503) await backOff();
      }
    };
    const load = Promise.all([...writers.map((_, w) => write(w)), read(), read()]);
    const count = (p: string, pred: (o: Outcome) => boolean) => outcomes.filter((o) => o.phase === p && pred(o)).length;
    const ok = (o: Outcome) => o.status === 200 || o.status === 201;

    try {
      await until("saves before the outage", () => count("before", (o) => o.kind === "save" && ok(o)) >= 20, unexpected);

      // 1. Every connection cut while the server stays up; the idle ones look alive to the pool
      //    until used: a request that takes one fails (503), and the pool replaces it.
      phase = "cut";
      expect(relay!.cut()).toBeGreaterThan(0);
      await until("saves after the cut", () => count("cut", (o) => o.kind === "save" && ok(o)) >= 20, unexpected);

      // 2. Stopped (fast: every session is ended mid-transaction), then requests while it is down, then started.
      phase = "stopping";
      await cluster!.stop();
      phase = "down";
      await until("requests answered while the database is down", () => count("down", (o) => o.kind === "save" && o.status === 503) >= 10 && count("down", (o) => o.kind === "list" && o.status === 503) >= 3, unexpected);
      phase = "starting";
      await cluster!.start();
      phase = "after stop";
      await until("saves after the start", () => count("after stop", (o) => o.kind === "save" && ok(o)) >= 20, unexpected);

      // 3. pg_ctl restart -m fast: a short outage in the middle of the load.
      phase = "restarting";
      await cluster!.restart();
      phase = "after restart";
      await until("saves after the restart", () => count("after restart", (o) => o.kind === "save" && ok(o)) >= 20 && count("after restart", (o) => o.kind === "list" && ok(o)) >= 3, unexpected);
    } finally {
      running = false;
      await load;
      for (const s of spies) s.mockRestore();
    }

    expect(unexpected()).toBeNull();
    // No connection is left checked out now that every request has answered (a leak would
    // shrink the pool for good, and its end would wait forever).
    const pool = ((await getDb()) as unknown as { $client: pg.Pool }).$client;
    expect({ checkedOut: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }).toEqual({ checkedOut: 0, waiting: 0 });
    // Every refusal is a problem with a Retry-After, and none of them hung.
    const refused = outcomes.filter((o) => o.status === 503);
    expect(refused.filter((o) => o.kind !== "health" && !(o.problem && Number(o.retryAfter) > 0))).toEqual([]);
    expect(refused.filter((o) => o.kind === "health" && !(Number(o.retryAfter) > 0))).toEqual([]);
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    expect(outcomes.filter((o) => o.ms > ANSWER_WITHIN_MS)).toEqual([]);

    // Every acknowledged save is in the database, as the version it was acknowledged as.
    const db = await getDb();
    const stored = await db
      .select({ reportId: reportVersions.reportId, version: reportVersions.version, workDone: reportVersions.workDone })
      .from(reportVersions)
      .where(inArray(reportVersions.reportId, writers.map((w) => w.reportId)));
    const present = new Set(stored.map((r) => `${r.reportId}/${r.version}/${r.workDone}`));
    const lost = acked.filter((a) => !present.has(`${a.reportId}/${a.version}/${a.marker}`));
    expect(lost).toEqual([]);

    // No log line carries the token, its hash or a failed query's parameters.
    const hash = createHash("sha256").update(token, "utf8").digest("hex");
    const leaks = logged.filter((l) => l.includes(token) || l.includes(hash) || /params:/.test(l) || l.includes(PASSWORD));
    expect(leaks).toEqual([]);

    // The derived state kept with each report is still consistent after the interrupted transactions.
    await verifyKeptState();
    await db.execute(sql`select 1`);

    const phases = [...new Set(outcomes.map((o) => o.phase))];
    const summary = phases.map((p) => `${p}: ${count(p, ok)} ok, ${count(p, (o) => o.status === 503)}×503, ${count(p, (o) => o.status === 409)}×409`).join("; ");
    console.log(`[db-restart] ${acked.length} acknowledged saves, none lost; ${summary}; slowest answer ${Math.round(slowest)} ms; ${logged.length} log lines`);
  });
});

function draft(marker: string) {
  return { progress: 50, status: "on_track", workDone: marker, problems: "", nextSteps: "", dropReason: "重新核算" };
}
