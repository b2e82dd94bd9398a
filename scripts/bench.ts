/**
 * npm run bench [-- --database-url URL] [--one-year-database-url URL] [--quick] [--year Y] [--runs N] [--workers N] [--only data,http,bureaus,pglite,js,parse,reminders,durability]
 *
 * Measures the app against a database filled by `npm run seed:scale` and prints ONE markdown table:
 *   1. the dashboard's data in process (getDashboard), without and with the year-figures cache;
 *      with --one-year-database-url, the same year's data also on a database that stores that
 *      year alone (seed:scale --years 1), timed in turns with the main one (row 1g); and the
 *      province view checked against an independent recount from the raw reports (row 1h);
 *   2. GET /api/v1/dashboard and the /dashboard page over HTTP at 10 connections, against /login
 *      (the reference: a page of the same server that needs no data), with the page's HTML bytes;
 *   3. 50 county bureaus at once, each saving a draft and submitting it through the API, against
 *      /login at the same 50 connections (the reference, as in part 2);
 *   4. the dashboard's data on an embedded database (PGlite) of about 100 k reports, seeded here;
 *   5. first-load JS (gzip) of every page route, from the build's manifests;
 *   6. the server's peak resident memory (VmHWM) over the run;
 *   7. the conference report parser on a 50,000-character report (no database, no server);
 *   8. reminders: the due-soon job for every county bureau, its mails delivered to a local SMTP
 *      server (both in a second process, bench-job-node.ts), and a web request's p95 before and
 *      while it runs (part 8 writes notices and deliveries of the current period, and gives bureau
 *      accounts an address under bench.test).
 *   9. the embedded database's durability: one-row commits without and with the flush to disk.
 * Every figure comes from this run, each with its budget and whether it is met. Part 3 writes:
 * 50 × K reports of the current period (draft + submit) go into the database.
 *
 * The server is the production build (built first when missing or older than the sources) started
 * as `npm start` serves it (scripts/server.mjs, WEB_CONCURRENCY = --workers, 1 by default) on a free
 * local port against DATABASE_URL; it is stopped at the end, also on
 * error or Ctrl-C. Progress goes to stderr; the table to stdout.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import vm from "node:vm";
import zlib from "node:zlib";
import { eq, sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { refreshAssignmentStates, refreshDayLights } from "@/db/derived-state";
import { users, yearSnapshots } from "@/db/schema";
import { parseConferenceReport } from "@/lib/domain/conference-report";
import { shanghaiDate } from "@/lib/domain/dates";
import { periodDueDate, periodOf, type Cadence } from "@/lib/domain/periods";
import { addDays } from "@/lib/domain/dates";
import { firesAt } from "@/lib/domain/reminders";
import { getDashboard } from "@/lib/data/dashboard";
import { setBenchClaims } from "./bench-session";
import { measureDurability } from "./bench-durability";
import { provinceDifferences, recountLeagueCities } from "./scale-recount";
import type { JobNodeResult } from "./bench-job-node";
import { seedScale } from "./seed-scale";

const root = path.resolve(import.meta.dirname, "..");
const KB = 1024;

type Part = "data" | "http" | "bureaus" | "pglite" | "js" | "parse" | "reminders" | "durability";
const ALL_PARTS: Part[] = ["data", "http", "bureaus", "pglite", "js", "parse", "reminders", "durability"];

type Args = { databaseUrl?: string; oneYearDatabaseUrl?: string; quick: boolean; year?: number; runs: number; parts: Set<Part>; password: string; workers: number };

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quick") {
      quick = true;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`Unexpected argument ${arg}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    values.set(m[1]!, value);
  }
  for (const k of values.keys()) if (!["database-url", "one-year-database-url", "year", "runs", "only", "password", "workers"].includes(k)) throw new Error(`Unknown option --${k}`);
  const parts = new Set<Part>((values.get("only")?.split(",").map((p) => p.trim()) ?? ALL_PARTS) as Part[]);
  for (const p of parts) if (!ALL_PARTS.includes(p)) throw new Error(`--only takes ${ALL_PARTS.join(", ")}`);
  const runs = Number(values.get("runs") ?? (quick ? 20 : 30));
  if (!Number.isInteger(runs) || runs < 20) throw new Error("--runs must be a whole number of at least 20");
  const workers = Number(values.get("workers") ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error("--workers takes a whole number from 1 to 64 (the server's WEB_CONCURRENCY)");
  return {
    databaseUrl: values.get("database-url") ?? (process.env.DATABASE_URL || undefined),
    oneYearDatabaseUrl: values.get("one-year-database-url"),
    quick,
    year: values.has("year") ? Number(values.get("year")) : undefined,
    runs,
    parts,
    workers,
    password: values.get("password") ?? process.env.DEMO_PASSWORD ?? "demo2025",
  };
}

const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Figures

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}
function stats(ms: number[]): { median: number; p95: number; n: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p95: quantile(s, 0.95), n: s.length };
}
const fmtMs = (n: number) => (n >= 100 ? `${Math.round(n)} ms` : `${n.toFixed(1)} ms`);
const fmtKB = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

type Row = { id: string; figure: string; value: string; budget: string; met: string };
const rows: Row[] = [];
const row = (id: string, figure: string, value: string, budget: string, met: boolean | null) => rows.push({ id, figure, value, budget, met: met === null ? "—" : met ? "yes" : "**no**" });

// ---------------------------------------------------------------------------------------------
// 1 and 4: the dashboard's data in this process

type DashboardTimes = { cold: number[]; coldAll: number[]; states: number[]; warm: number[]; afterWrite: number[]; lights: { ms: number; refreshed: number; rebuilt: number } };

async function timeDashboard(year: number, runs: number): Promise<DashboardTimes> {
  const now = new Date();
  const handleDb = (await (globalThis as unknown as { __trackerDb: Promise<DbHandle> }).__trackerDb).db;
  // The morning's job, as the server runs it at 00:05 China time: today's lights kept, stale cells summed.
  const lightsStarted = performance.now();
  const summary = await refreshDayLights(handleDb, now);
  const lights = { ms: performance.now() - lightsStarted, ...summary };
  await getDashboard({ year }, now, { useCache: false }); // warm-up: code paths, connections, plans
  // The same without the kept cells: one pass over the year's kept states (the reference the cells are tested against).
  const states: number[] = [];
  for (let i = 0; i < Math.min(runs, 20); i++) {
    const t = performance.now();
    await getDashboard({ year }, now, { useCache: false, useCells: false });
    states.push(performance.now() - t);
  }
  // Nothing remembered at all (a first view after the other years changed): every stored year is computed.
  const coldAll: number[] = [];
  for (let i = 0; i < Math.min(runs, 20); i++) {
    await handleDb.delete(yearSnapshots);
    const t = performance.now();
    await getDashboard({ year }, now, { useCache: false });
    coldAll.push(performance.now() - t);
  }
  const cold: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await getDashboard({ year }, now, { useCache: false });
    cold.push(performance.now() - t);
  }
  await getDashboard({ year }, now); // fills the cache
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await getDashboard({ year }, now);
    warm.push(performance.now() - t);
  }
  // After a write in one county (its kept state refreshed, as every report write does): only that
  // county's league-city partition is computed again.
  const db = (await (globalThis as unknown as { __trackerDb: Promise<DbHandle> }).__trackerDb).db;
  const picks = (
    (await db.execute(sql`
      select st.assignment_id as id from assignment_states st join plans p on p.id = st.plan_id and p.year = ${year}
      order by md5(st.assignment_id::text) limit ${runs}`)) as unknown as { rows: { id: number }[] }
  ).rows.map((r) => Number(r.id));
  const afterWrite: number[] = [];
  for (const id of picks) {
    await db.transaction((tx) => refreshAssignmentStates(tx, [id]));
    const t = performance.now();
    await getDashboard({ year }, now);
    afterWrite.push(performance.now() - t);
  }
  return { cold, coldAll, states, warm, afterWrite, lights };
}

/**
 * The viewed year's data (no in-process cache, as 1a) on two databases in turns — one with every
 * stored year, one with that year alone — so that the machine's drift falls on both alike.
 */
async function timeAgainstOneYear(year: number, runs: number, main: DbHandle, single: DbHandle): Promise<{ main: number[]; single: number[] }> {
  const now = new Date();
  const out = { main: [] as number[], single: [] as number[] };
  const once = async (handle: DbHandle, into: number[] | null) => {
    useDatabase(handle);
    await actAs(handle, "leader");
    const t = performance.now();
    await getDashboard({ year }, now, { useCache: false });
    into?.push(performance.now() - t);
  };
  // Warm-up: the other database's connections, prepared statements and snapshots, as 1a–1f left the main one's.
  for (let i = 0; i < 5; i++) await once(single, null);
  for (let i = 0; i < runs; i++) {
    const order: [DbHandle, number[]][] = i % 2 === 0 ? [[main, out.main], [single, out.single]] : [[single, out.single], [main, out.main]];
    for (const [h, into] of order) await once(h, into);
  }
  useDatabase(main);
  await actAs(main, "leader");
  return out;
}

/**
 * The province view (as 1a reads it) against recountLeagueCities, and every league-city's own view:
 * its counties, whose assignments and completed ones add up to its row of the province view.
 */
async function checkProvinceView(handle: DbHandle, year: number): Promise<{ leagueCities: number; assignments: number; differences: string[]; recountMs: number }> {
  const now = new Date();
  const view = await getDashboard({ year }, now, { useCache: false });
  const t = performance.now();
  const recount = await recountLeagueCities(handle.db, year);
  const recountMs = performance.now() - t;
  const differences = provinceDifferences(view.byRegion, recount);
  for (const city of view.byRegion) {
    const counties = (await getDashboard({ year, regionCode: city.regionCode }, now, { useCache: false })).byRegion;
    const sum = (f: "total" | "completed") => counties.reduce((n, r) => n + r[f], 0);
    if (counties.some((r) => r.level !== "banner_county")) differences.push(`${city.regionCode}: a row of its view is not a county`);
    if (sum("total") !== city.total || sum("completed") !== city.completed) {
      differences.push(`${city.regionCode}: its counties add up to ${sum("completed")} of ${sum("total")}, its row says ${city.completed} of ${city.total}`);
    }
  }
  return { leagueCities: view.byRegion.length, assignments: [...recount.values()].reduce((n, r) => n + r.total, 0), differences, recountMs };
}

function useDatabase(handle: DbHandle): void {
  // The data layer's getDb() answers with this database.
  (globalThis as unknown as { __trackerDb?: Promise<DbHandle> }).__trackerDb = Promise.resolve(handle);
}

async function actAs(handle: DbHandle, username: string): Promise<void> {
  const [u] = await handle.db.select({ id: users.id, sv: users.sessionVersion }).from(users).where(eq(users.username, username));
  if (!u) throw new Error(`No user ${username} in the database: seed it with npm run seed:scale first`);
  setBenchClaims({ userId: u.id, sessionVersion: u.sv });
}

// ---------------------------------------------------------------------------------------------
// HTTP: the server and a bounded load loop

type Reply = { status: number; body: Buffer; ms: number; headers: http.IncomingHttpHeaders };

function request(agent: http.Agent, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.request(url, { agent, method: init.method ?? "GET", headers: { ...(init.body !== undefined ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(init.body)) } : {}), ...init.headers }, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - t, headers: res.headers }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timed out after 30 s")));
    req.on("error", reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

type LoadResult = { requests: number; errors: number; seconds: number; rps: number; latency: { median: number; p95: number }; bytes: number; firstError?: string };

/** `concurrency` loops requesting `url` until `maxRequests` are made or `maxSeconds` have passed. */
async function load(url: string, headers: Record<string, string>, opts: { concurrency: number; maxRequests: number; maxSeconds: number; until?: () => boolean }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let bytes = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + opts.maxSeconds * 1000;
  const worker = async () => {
    while (issued < opts.maxRequests && performance.now() < deadline && !opts.until?.()) {
      issued++;
      try {
        const r = await request(agent, url, { headers });
        latencies.push(r.ms);
        bytes = r.body.length;
        if (r.status !== 200) {
          errors++;
          firstError ??= `HTTP ${r.status}: ${r.body.toString("utf8").slice(0, 200)}`;
        }
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const s = stats(latencies);
  return { requests: issued, errors, seconds, rps: issued / seconds, latency: { median: s.median, p95: s.p95 }, bytes, firstError };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

type Server = { baseURL: string; child: ChildProcess; log: () => string; stop: () => Promise<void> };

let running: Server | undefined;

/** Builds when needed (the build's own output goes to stderr), then serves it as `npm start` does on a free port. */
async function startServer(databaseUrl: string, workers: number): Promise<Server> {
  const build = spawnSync(process.execPath, ["--input-type=module", "-e", `import { ensureBuild } from ${JSON.stringify(path.join(root, "scripts", "ensure-build.mjs"))}; ensureBuild(${JSON.stringify(root)});`], {
    cwd: root,
    stdio: ["ignore", 2, 2],
  });
  if (build.status !== 0) throw new Error("The build failed (see above)");
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SEED_DEMO: "0",
    NEXTAUTH_URL: baseURL,
    NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
  };
  // BENCH_CPU_PROF=DIR: the server writes a CPU profile there when it stops (open it in a browser's devtools).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  // What `npm start` serves (scripts/server.mjs), with WEB_CONCURRENCY processes.
  const child = spawn(process.execPath, [...profile, path.join(root, "scripts", "server.mjs")], {
    cwd: root,
    env: { ...env, PORT: String(port), HOSTNAME: "127.0.0.1", WEB_CONCURRENCY: String(workers), JOBS: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const keep = (d: Buffer) => {
    log = (log + d.toString("utf8")).slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(killer);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const server: Server = { baseURL, child, log: () => log, stop };
  running = server;
  const agent = new http.Agent({ keepAlive: false });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited:\n${log}`);
    try {
      const r = await request(agent, `${baseURL}/login`);
      if (r.status === 200 && log.includes("database ready")) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The server did not start within 180 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return server;
}

/** CPU time (user + system, ms) used so far by the server's processes (its process group), PostgreSQL's processes, and this one, from /proc. */
function cpuTicks(pgid: number): { server: number; database: number; bench: number } {
  const msPerTick = 1000 / 100; // USER_HZ
  const out = { server: 0, database: 0, bench: 0 };
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = (Number(fields[11]) + Number(fields[12])) * msPerTick; // utime, stime
      if (Number(entry) === process.pid) out.bench += ms;
      else if (Number(fields[2]) === pgid) out.server += ms;
      else if (name === "postgres") out.database += ms;
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU ms per request between two readings (a PostgreSQL backend that ended meanwhile is not counted). */
function perRequest(before: ReturnType<typeof cpuTicks>, after: ReturnType<typeof cpuTicks>, requests: number) {
  const per = (k: keyof typeof before) => (requests > 0 ? Math.max(0, after[k] - before[k]) / requests : 0);
  return { server: per("server"), database: per("database"), bench: per("bench") };
}

/** The peak resident memory of the server's processes (its process group), from /proc. */
function peakRss(pgid: number): { kb: number; pid: number; name: string } | null {
  let best: { kb: number; pid: number; name: string } | null = null;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue; // pgrp
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      const name = (/Name:\s+(.*)/.exec(status)?.[1] ?? "?").replace(/ \(.*$/, "");
      if (!best || kb > best.kb) best = { kb, pid: Number(entry), name };
    } catch {
      // gone meanwhile
    }
  }
  return best;
}

async function apiToken(baseURL: string, username: string, password: string): Promise<string> {
  const agent = new http.Agent({ keepAlive: false });
  const r = await request(agent, `${baseURL}/api/v1/session`, { method: "POST", body: JSON.stringify({ username, password }) });
  if (r.status !== 201) throw new Error(`Sign-in of ${username} through the API failed: HTTP ${r.status} ${r.body.toString("utf8").slice(0, 200)}`);
  return (JSON.parse(r.body.toString("utf8")) as { token: string }).token;
}

/** Signs in through next-auth's credentials endpoint, as the login form does: the session cookie. */
async function browserCookie(baseURL: string, username: string, password: string): Promise<string> {
  const agent = new http.Agent({ keepAlive: false });
  const cookies = new Map<string, string>();
  const take = (h: http.IncomingHttpHeaders) => {
    for (const c of h["set-cookie"] ?? []) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const jar = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await request(agent, `${baseURL}/api/auth/csrf`);
  take(csrf.headers);
  const { csrfToken } = JSON.parse(csrf.body.toString("utf8")) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username, password, callbackUrl: `${baseURL}/dashboard`, json: "true" }).toString();
  const signIn = await request(agent, `${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(form)), cookie: jar() },
    body: form,
  });
  take(signIn.headers);
  const session = [...cookies.keys()].find((k) => k.endsWith("next-auth.session-token"));
  if (!session) throw new Error(`Sign-in of ${username} through the login endpoint failed: HTTP ${signIn.status} ${signIn.body.toString("utf8").slice(0, 200)}`);
  return `${session}=${cookies.get(session)}`;
}

// ---------------------------------------------------------------------------------------------
// 3: bureaus drafting and submitting at once

async function bureaus(
  handle: DbHandle,
  baseURL: string,
  password: string,
  opts: { bureaus: number; cycles: number; warmUp: number; maxSeconds: number; serverGroup: number },
): Promise<{ result: LoadResult; period: string; written: number; cpu: { server: number; database: number; bench: number } }> {
  const today = shanghaiDate(new Date());
  const year = Number(today.slice(0, 4));
  const period = periodOf(today, "monthly");
  // Counties with enough open assignments that have no report for the current period yet.
  const res = await handle.db.execute(sql`
    select a.region_code, (array_agg(a.id order by a.id))[1:${opts.cycles + opts.warmUp}] as ids
    from assignments a
    join tasks t on t.id = a.task_id
    join plans p on p.id = t.plan_id
    join regions rg on rg.code = a.region_code
    where p.year = ${year} and p.state = 'published' and p.cadence = 'monthly' and rg.level = 'banner_county'
      and a.closed_at is null and t.archived_at is null
      and a.start_date <= ${today}::date and a.due_date >= ${today}::date
      and not exists (select 1 from reports r where r.assignment_id = a.id and r.period = ${period})
    group by a.region_code
    having count(*) >= ${opts.cycles + opts.warmUp}
    order by a.region_code
    limit ${opts.bureaus}`);
  const picked = (res as unknown as { rows: { region_code: string; ids: unknown }[] }).rows.map((r) => ({
    code: r.region_code,
    ids: (Array.isArray(r.ids) ? r.ids : String(r.ids).replace(/[{}]/g, "").split(",")).map(Number),
  }));
  if (picked.length < opts.bureaus) throw new Error(`Only ${picked.length} counties have ${opts.cycles + opts.warmUp} assignments without a report for ${period}; seed a fresh database`);
  say(`signing in ${picked.length} county bureaus through the API`);
  const tokens: string[] = [];
  for (let i = 0; i < picked.length; i += 5) {
    tokens.push(...(await Promise.all(picked.slice(i, i + 5).map((b) => apiToken(baseURL, `bureau-${b.code}`, password)))));
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: picked.length });
  let latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let written = 0;
  let firstError: string | undefined;
  let deadline = Infinity;
  const call = async (url: string, init: { method: string; headers: Record<string, string>; body: string }, expect: number[]): Promise<Reply | null> => {
    requests++;
    try {
      const r = await request(agent, url, init);
      latencies.push(r.ms);
      if (!expect.includes(r.status)) {
        errors++;
        firstError ??= `${init.method} ${url.replace(baseURL, "")}: HTTP ${r.status} ${r.body.toString("utf8").slice(0, 200)}`;
        return null;
      }
      return r;
    } catch (err) {
      errors++;
      firstError ??= String(err);
      return null;
    }
  };
  const round = async (ids: (b: { code: string; ids: number[] }) => number[]): Promise<void> => {
    await Promise.all(
      picked.map(async (b, i): Promise<void> => {
        const headers = { authorization: `Bearer ${tokens[i]}` };
        for (const id of ids(b)) {
          if (performance.now() > deadline) return;
          const body = JSON.stringify({ progress: 80 + (id % 20), status: "on_track", workDone: "本期按计划推进，完成阶段任务。", problems: "", nextSteps: "继续推进。", dropReason: "按本期实际核定进度填报。" });
          const saved = await call(`${baseURL}/api/v1/assignments/${id}/reports/${period}`, { method: "PUT", headers, body }, [200, 201]);
          if (!saved) continue;
          const r = JSON.parse(saved.body.toString("utf8")) as { id: number; version: number };
          if (await call(`${baseURL}/api/v1/reports/${r.id}/submit`, { method: "POST", headers, body: JSON.stringify({ version: r.version }) }, [200])) written++;
        }
      }),
    );
  };
  // Warm-up rounds, as part 2 has: a server that has been up for a while has compiled its code and
  // prepared its statements on each connection. A freshly started one is still compiling through its
  // first few hundred writes: with one report per bureau before measuring, V8's optimizing compiler
  // took 17 % of the server's CPU during the measured writes (perf record over the window), and the
  // CPU per request was 20 % above that after five.
  say(`${picked.length} bureaus: ${opts.warmUp} warm-up reports each, then ${opts.cycles} reports of ${period} each: save a draft, then submit it`);
  await round((b) => b.ids.slice(0, opts.warmUp));
  if (errors > 0) throw new Error(`the warm-up round failed: ${firstError}`);
  latencies = [];
  requests = 0;
  const cpuBefore = cpuTicks(opts.serverGroup);
  const started = performance.now();
  deadline = started + opts.maxSeconds * 1000;
  await round((b) => b.ids.slice(opts.warmUp));
  const cpuAfter = cpuTicks(opts.serverGroup);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const s = stats(latencies);
  return { result: { requests, errors, seconds, rps: requests / seconds, latency: { median: s.median, p95: s.p95 }, bytes: 0, firstError }, period, written, cpu: perRequest(cpuBefore, cpuAfter, requests) };
}

// ---------------------------------------------------------------------------------------------
// 5: first-load JS per route, from the build's manifests

function firstLoadJs(): { route: string; bytes: number; files: number }[] {
  const dotNext = path.join(root, ".next");
  const manifest = JSON.parse(fs.readFileSync(path.join(dotNext, "build-manifest.json"), "utf8")) as { rootMainFiles: string[]; pagesChunkGroupBootstrapParams?: Record<string, unknown> };
  const gz = new Map<string, number>();
  const sizeOf = (file: string) => {
    let n = gz.get(file);
    if (n === undefined) {
      n = zlib.gzipSync(fs.readFileSync(path.join(dotNext, file)), { level: 9 }).length;
      gz.set(file, n);
    }
    return n;
  };
  const out: { route: string; bytes: number; files: number }[] = [];
  const appDir = path.join(dotNext, "server", "app");
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name === "page_client-reference-manifest.js" ? [path.join(dir, e.name)] : []));
  for (const file of walk(appDir)) {
    const key = "/" + path.relative(appDir, file).replace(/_client-reference-manifest\.js$/, "").split(path.sep).join("/");
    if (key.startsWith("/_")) continue; // not-found and global-error
    const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
    vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox);
    const m = sandbox.__RSC_MANIFEST?.[key];
    if (!m?.entryJSFiles) continue;
    // What the route's HTML loads: the framework's root files and the client entries of its layouts and
    // page (not those of the not-found, forbidden and error boundaries, which load when one is shown).
    const files = new Set<string>(manifest.rootMainFiles);
    for (const [entry, list] of Object.entries(m.entryJSFiles)) {
      if (!/\/(layout|page|template|loading)$/.test(entry)) continue;
      for (const f of list) files.add(f.replace(/^\/?_next\//, ""));
    }
    const js = [...files].filter((f) => f.endsWith(".js"));
    const route = key.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
    out.push({ route, bytes: js.reduce((n, f) => n + sizeOf(f), 0), files: js.length });
  }
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

// ---------------------------------------------------------------------------------------------

/**
 * Part 8: the due-soon job for every bureau of the current period, its mails delivered to a local
 * SMTP server, with the web p95 before and during. The job, its deliveries and the SMTP server run
 * in a second process (bench-job-node.ts: a second node on the same database), so that their work
 * does not hold up this process's load loop, which times the requests.
 */
async function remindersBench(handle: DbHandle, databaseUrl: string, baseURL: string, password: string, quick: boolean) {
  const db = handle.db;
  const [plan] = (
    (await db.execute(sql`select p.id, p.cadence, p.due_day, p.remind_days_before from plans p where p.state = 'published' order by p.year desc, (select count(*) from tasks t where t.plan_id = p.id) desc limit 1`)) as unknown as {
      rows: { id: number; cadence: Cadence; due_day: number; remind_days_before: number }[];
    }
  ).rows;
  if (!plan) throw new Error("no published plan for the reminders part");
  const period = periodOf(shanghaiDate(new Date()), plan.cadence);
  // The clock: 08:00 (China time) the day before the period's due day, inside the due-soon window.
  const now = firesAt({ hour: 8, minute: 0 }, addDays(periodDueDate(period, plan.due_day), -1));
  await db.execute(sql`delete from deliveries where cause = 'due_soon' and period = ${period}`);
  await db.execute(sql`delete from notifications where dedupe_key = ${`due_soon:${period}`}`);
  await db.execute(sql`update users set email = username || '@bench.test', channels = null where role = 'bureau'`);
  const token = await apiToken(baseURL, "leader", password);
  const url = `${baseURL}/api/v1/dashboard?year=${period.slice(0, 4)}`;
  const headers = { authorization: `Bearer ${token}` };
  await load(url, headers, { concurrency: 2, maxRequests: 10, maxSeconds: 30 });
  const before = await load(url, headers, { concurrency: 10, maxRequests: quick ? 300 : 1500, maxSeconds: quick ? 5 : 15 });
  let done = false;
  const work = runJobNode(databaseUrl, now, baseURL).finally(() => {
    done = true;
  });
  const during = await load(url, headers, { concurrency: 10, maxRequests: 1_000_000, maxSeconds: 300, until: () => done });
  const job = await work;
  const [counts] = (
    (await db.execute(sql`select count(*)::int as notices, count(distinct u.region_code)::int as regions from notifications n join users u on u.id = n.user_id where n.dedupe_key = ${`due_soon:${period}`}`)) as unknown as { rows: { notices: number; regions: number }[] }
  ).rows;
  return { period, now: now.toISOString(), accounts: counts!.notices, regions: counts!.regions, expected: counts!.notices, ...job, before, during };
}

/** Runs bench-job-node.ts and returns what it printed; its errors end the bench. */
function runJobNode(databaseUrl: string, now: Date, appUrl: string): Promise<JobNodeResult> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/bench-register.mjs", "scripts/bench-job-node.ts", "--database-url", databaseUrl, "--now", now.toISOString(), "--app-url", appUrl],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const line = out.trim().split("\n").at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as JobNodeResult);
      else reject(new Error(`the job node (scripts/bench-job-node.ts) ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const needsServer = args.parts.has("data") || args.parts.has("http") || args.parts.has("bureaus") || args.parts.has("reminders");
  if (needsServer && !args.databaseUrl) {
    throw new Error("bench needs the PostgreSQL database that seed:scale filled: pass --database-url postgres://… or set DATABASE_URL (or run only --only pglite,js).");
  }
  const started = performance.now();
  const year = args.year ?? Number(shanghaiDate(new Date()).slice(0, 4));
  const notes: string[] = [];
  let pageScripts: string[] | undefined;
  let handle: DbHandle | undefined;
  let size = "";
  try {
    if (args.databaseUrl && needsServer) {
      handle = await openDatabase({ databaseUrl: args.databaseUrl, dataDir: "" });
      const [c] = (
        (await handle.db.execute(sql`select (select count(*) from regions where level = 'banner_county')::int as counties,
          (select count(distinct p.year) from plans p where p.state in ('published', 'closed'))::int as years,
          (select count(*) from assignments)::int as assignments, (select count(*) from reports)::int as reports,
          (select count(*) from report_versions)::int as versions`)) as unknown as { rows: { counties: number; years: number; assignments: number; reports: number; versions: number }[] }
      ).rows;
      size = `PostgreSQL: ${c!.counties} counties, ${c!.years} years, ${c!.assignments} assignments, ${c!.reports} reports, ${c!.versions} versions`;
      say(size);
    }

    if (args.parts.has("data") && handle) {
      say(`1. dashboard data for ${year} in process, ${args.runs} runs without and with the cache`);
      useDatabase(handle);
      await actAs(handle, "leader");
      const d = await timeDashboard(year, args.runs);
      const cold = stats(d.cold);
      const warm = stats(d.warm);
      const all = stats(d.coldAll);
      row("1a", `dashboard data ${year}, PostgreSQL, no in-process cache (getDashboard, useCache false: the kept cells and lights; other years from their kept snapshots)`, `median ${fmtMs(cold.median)}, p95 ${fmtMs(cold.p95)} (n=${cold.n})`, "p95 ≤ 100 ms", cold.p95 <= 100);
      row("1b", `dashboard data ${year}, PostgreSQL, cache (getDashboard)`, `median ${fmtMs(warm.median)}, p95 ${fmtMs(warm.p95)} (n=${warm.n})`, "p95 ≤ 100 ms", warm.p95 <= 100);
      row("1d", `dashboard data ${year}, PostgreSQL, nothing remembered (no cache, every year's snapshot removed: each stored year computed)`, `median ${fmtMs(all.median)}, p95 ${fmtMs(all.p95)} (n=${all.n})`, "—", null);
      const pass = stats(d.states);
      row("1e", `dashboard data ${year}, PostgreSQL, no cache and no kept cells (useCells false: one pass over the year's kept states)`, `median ${fmtMs(pass.median)}, p95 ${fmtMs(pass.p95)} (n=${pass.n})`, "—", null);
      row("1f", `the morning's lights job (refreshDayLights: every kept light that does not hold today derived again; stale plans' cells summed)`, `${(d.lights.ms / 1000).toFixed(1)} s: ${d.lights.refreshed} assignments, ${d.lights.rebuilt} plans summed`, "—", null);
      const after = stats(d.afterWrite);
      row("1c", `dashboard data ${year}, PostgreSQL, after one county's state changed (its league-city recomputed)`, `median ${fmtMs(after.median)}, p95 ${fmtMs(after.p95)} (n=${after.n})`, "p95 ≤ 100 ms", after.p95 <= 100);
      say(`1h. the province view of ${year} against a recount from the raw reports`);
      const check = await checkProvinceView(handle, year);
      row(
        "1h",
        `province view ${year} against an independent recount from the raw reports (scripts/scale-recount.ts), and each league-city's counties against its row`,
        `${check.leagueCities} league-cities, ${check.assignments} county assignments: ${check.differences.length} differences${check.differences.length ? ` (${check.differences.slice(0, 3).join("; ")})` : ""}; recount ${(check.recountMs / 1000).toFixed(1)} s`,
        "12 league-cities, 0 differences",
        check.leagueCities === 12 && check.differences.length === 0,
      );
      if (args.oneYearDatabaseUrl) {
        const single = await openDatabase({ databaseUrl: args.oneYearDatabaseUrl, dataDir: "" });
        try {
          const yearsOf = async (h: DbHandle) => {
            const [r] = ((await h.db.execute(sql`select count(distinct p.year)::int as years, (select count(*) from assignment_states st join plans q on q.id = st.plan_id and q.year = ${year})::int as assignments from plans p where p.state in ('published', 'closed')`)) as unknown as { rows: { years: number; assignments: number }[] }).rows;
            return r!;
          };
          const [m, o] = [await yearsOf(handle), await yearsOf(single)];
          say(`1g. ${year} with ${m.years} years stored against ${o.years}, in turns, ${args.runs * 2} runs each`);
          const t = await timeAgainstOneYear(year, args.runs * 2, handle, single);
          const [a, b] = [stats(t.main), stats(t.single)];
          const pct = (x: number, y: number) => `${x >= y ? "+" : "−"}${Math.abs(Math.round((x / y - 1) * 100))} %`;
          row(
            "1g",
            `dashboard data ${year} as 1a with ${m.years} years stored (${m.assignments} assignments in ${year}) against ${o.years} (${o.assignments}), the two databases in turns`,
            `median ${fmtMs(a.median)} against ${fmtMs(b.median)} (${pct(a.median, b.median)}), p95 ${fmtMs(a.p95)} against ${fmtMs(b.p95)} (${pct(a.p95, b.p95)}) (n=${a.n} each)`,
            "within 20 %",
            a.median <= b.median * 1.2 && a.p95 <= b.p95 * 1.2,
          );
        } finally {
          await single.close();
        }
      }
    }

    if ((args.parts.has("http") || args.parts.has("bureaus") || args.parts.has("reminders")) && handle) {
      say("starting the production server");
      const server = await startServer(args.databaseUrl!, args.workers);
      try {
        const { baseURL } = server;
        if (args.parts.has("http")) {
          const budget = args.quick ? { concurrency: 10, maxRequests: 400, maxSeconds: 8 } : { concurrency: 10, maxRequests: 3000, maxSeconds: 20 };
          const token = await apiToken(baseURL, "leader", args.password);
          const cookie = await browserCookie(baseURL, "leader", args.password);
          const page = await request(new http.Agent(), `${baseURL}/dashboard?year=${year}`, { headers: { cookie } });
          if (page.status !== 200) throw new Error(`GET /dashboard?year=${year} answered ${page.status} (not signed in?)`);
          // Module scripts only: a browser that runs them skips the noModule polyfills.
          pageScripts = [...page.body.toString("utf8").matchAll(/<script[^>]*>/g)].filter((m) => !/nomodule/i.test(m[0])).flatMap((m) => /src="([^"]+\.js)"/.exec(m[0])?.[1] ?? []);
          const targets = [
            { name: "ref", url: `${baseURL}/login`, headers: {} as Record<string, string> },
            { name: "api", url: `${baseURL}/api/v1/dashboard?year=${year}`, headers: { authorization: `Bearer ${token}` } },
            { name: "page", url: `${baseURL}/dashboard?year=${year}`, headers: { cookie } },
          ];
          const results: Record<string, LoadResult> = {};
          for (const t of targets) {
            say(`2. ${t.url.replace(baseURL, "")}: warm-up, then 10 connections, at most ${budget.maxRequests} requests or ${budget.maxSeconds} s`);
            await load(t.url, t.headers, { concurrency: 2, maxRequests: 10, maxSeconds: 30 });
            results[t.name] = await load(t.url, t.headers, budget);
          }
          const ref = results.ref!;
          const api = results.api!;
          const pg = results.page!;
          const ratio = (r: LoadResult) => (ref.rps > 0 ? r.rps / ref.rps : 0);
          const describe = (r: LoadResult) => `${r.rps.toFixed(1)} req/s, p95 ${fmtMs(r.latency.p95)}, ${r.errors} errors of ${r.requests}`;
          row("2a", "GET /login (the reference: a page of the same server, no data), 10 connections", describe(ref), "—", ref.errors === 0 ? null : false);
          row("2b", `GET /api/v1/dashboard?year=${year} (leader token), 10 connections`, `${describe(api)}; ${(ratio(api) * 100).toFixed(0)} % of /login`, "≥ 30 % of /login, 0 errors", ratio(api) >= 0.3 && api.errors === 0);
          row("2c", `GET /dashboard?year=${year} page (leader cookie), 10 connections`, `${describe(pg)}; ${(ratio(pg) * 100).toFixed(0)} % of /login`, "—", pg.errors === 0 ? null : false);
          row("2d", "dashboard page HTML", fmtKB(page.body.length), "≤ 500 KB", page.body.length <= 500 * KB);
          if (process.env.BENCH_SAVE_HTML) fs.writeFileSync(process.env.BENCH_SAVE_HTML, page.body);
          for (const [name, r] of Object.entries(results)) if (r.firstError) notes.push(`${name}: first error: ${r.firstError}`);
        }
        if (args.parts.has("bureaus")) {
          const cycles = args.quick ? 2 : 8;
          const warmUp = args.quick ? 1 : 5;
          // The ceiling: the lightest request of the same server at the same 50 connections.
          say("3. /login at 50 connections (the reference), then 50 county bureaus saving and submitting at once");
          await load(`${baseURL}/login`, {}, { concurrency: 2, maxRequests: 10, maxSeconds: 30 });
          const ceiling = await load(`${baseURL}/login`, {}, { concurrency: 50, maxRequests: args.quick ? 500 : 2000, maxSeconds: 20 });
          row("3r", "GET /login (the reference, as in 2a), 50 connections", `${ceiling.rps.toFixed(1)} req/s, median ${fmtMs(ceiling.latency.median)}, p95 ${fmtMs(ceiling.latency.p95)}, ${ceiling.errors} errors of ${ceiling.requests}`, "—", ceiling.errors === 0 ? null : false);
          const b = await bureaus(handle, baseURL, args.password, { bureaus: 50, cycles, warmUp, maxSeconds: 120, serverGroup: server.child.pid! });
          const r = b.result;
          row(
            "3",
            `50 bureaus at once: PUT draft + POST submit of ${b.period} (${cycles} reports each, after ${warmUp} to warm up)`,
            `${r.rps.toFixed(1)} req/s (${ceiling.rps > 0 ? ((r.rps / ceiling.rps) * 100).toFixed(0) : "—"} % of /login at 50), median ${fmtMs(r.latency.median)}, p95 ${fmtMs(r.latency.p95)}, ${r.errors} errors of ${r.requests}; CPU per request: server ${b.cpu.server.toFixed(1)} ms, PostgreSQL ${b.cpu.database.toFixed(1)} ms, this bench ${b.cpu.bench.toFixed(1)} ms`,
            "≥ 150 req/s, p95 ≤ 300 ms, 0 errors",
            r.rps >= 150 && r.latency.p95 <= 300 && r.errors === 0,
          );
          notes.push(`Part 3 wrote ${b.written} submitted reports of ${b.period} into the database.`);
          if (r.firstError) notes.push(`bureaus: first error: ${r.firstError}`);
        }
        if (args.parts.has("reminders")) {
          say("8. reminders: due-soon for every county bureau to a local SMTP server, web p95 before and while it runs");
          const r = await remindersBench(handle, args.databaseUrl!, baseURL, args.password, args.quick);
          row("8a", `due-soon job for ${r.accounts} bureau accounts (${r.regions} regions, ${r.period}): job, then every mail to a local SMTP server`, `job ${fmtMs(r.jobMs)}, delivery ${fmtMs(r.deliverMs)}, total ${fmtMs(r.jobMs + r.deliverMs)} (the second process's CPU ${fmtMs(r.cpuMs)}); ${r.received} mails received for ${r.expected} notices, ${r.duplicates} twice, ${r.failed} failed`, "≤ 60 s, each delivered once", r.jobMs + r.deliverMs <= 60_000 && r.received === r.expected && r.duplicates === 0 && r.failed === 0);
          const moved = r.before.latency.p95 > 0 ? r.during.latency.p95 / r.before.latency.p95 - 1 : 0;
          row("8b", `GET /api/v1/dashboard?year=${year} p95 (10 connections) before and while the job runs`, `before ${fmtMs(r.before.latency.p95)} (${r.before.requests} requests), during ${fmtMs(r.during.latency.p95)} (${r.during.requests} requests, ${r.during.errors} errors): ${moved >= 0 ? "+" : ""}${(moved * 100).toFixed(0)} %`, "≤ +20 %", moved <= 0.2 && r.during.errors === 0);
          notes.push(`Part 8 ran the job, its deliveries and the SMTP server in a second process (scripts/bench-job-node.ts: a second node on the same database, apart from the load loop that times the requests) with the clock at ${r.now}; it gave ${r.accounts} bureau accounts an address under bench.test and wrote ${r.expected} notices and their deliveries (removed again at the next run).`);
        }
        const rss = peakRss(server.child.pid!);
        if (rss) row("6", `server peak RSS (VmHWM of ${rss.name}, pid ${rss.pid}${args.workers > 1 ? `, the largest of ${args.workers} server processes` : ""})`, `${(rss.kb / 1024).toFixed(0)} MB`, "—", null);
      } finally {
        say("stopping the server");
        await server.stop();
        running = undefined;
      }
    }

    if (args.parts.has("pglite")) {
      const counties = args.quick ? 120 : 250;
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-bench-pglite-"));
      let lite: DbHandle | undefined;
      try {
        say(`4. embedded database (PGlite): seed:scale with ${counties} counties × 40 measures × 1 year`);
        lite = await openDatabase({ dataDir });
        const counts = await seedScale(lite.db, { counties, measures: 40, years: 1, log: (l) => say(l) });
        useDatabase(lite);
        await actAs(lite, "leader");
        const liteYear = counts.plans.at(-1)!.year;
        const d = await timeDashboard(liteYear, args.runs);
        const cold = stats(d.cold);
        const warm = stats(d.warm);
        const what = `${counts.assignments} assignments, ${counts.reports} reports`;
        row("4a", `dashboard data ${liteYear}, PGlite (${what}), no cache`, `median ${fmtMs(cold.median)}, p95 ${fmtMs(cold.p95)} (n=${cold.n})`, "— (the 100 ms budget is PostgreSQL's)", null);
        row("4b", `dashboard data ${liteYear}, PGlite (${what}), cache`, `median ${fmtMs(warm.median)}, p95 ${fmtMs(warm.p95)} (n=${warm.n})`, "—", null);
        notes.push(`PGlite seeded in ${Math.round(counts.seconds)} s.`);
      } finally {
        await lite?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        if (handle) useDatabase(handle);
      }
    }

    if (args.parts.has("js")) {
      if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("No build in .next: run npm run build (or the http part, which builds)");
      for (const r of firstLoadJs()) {
        const budget = r.route === "/dashboard" ? 200 : 150;
        row("5", `first-load JS ${r.route} (${r.files} files, gzip)`, fmtKB(r.bytes), `≤ ${budget} KB`, r.bytes <= budget * KB);
        if (r.route === "/dashboard" && pageScripts) {
          // Cross-check: what the served page's HTML actually names.
          const served = pageScripts.map((src) => src.replace(/^.*?\/_next\//, "").split("?")[0]!).filter((f) => fs.existsSync(path.join(root, ".next", f)));
          const bytes = served.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(root, ".next", f)), { level: 9 }).length, 0);
          notes.push(`Cross-check: the served /dashboard HTML names ${served.length} module scripts, ${fmtKB(bytes)} gzip (the manifests say ${r.files} files, ${fmtKB(r.bytes)}).`);
        }
      }
    }
    if (args.parts.has("durability")) {
      const commits = Math.max(100, args.runs * 10);
      say(`9. embedded database: ${commits} one-row commits without and with the flush to disk`);
      const d = await measureDurability(commits);
      const plain = stats(d.plain);
      const durable = stats(d.durable);
      row("9a", "one-row commit, PGlite's own file system (no sync: a power cut may lose it)", `median ${fmtMs(plain.median)}, p95 ${fmtMs(plain.p95)} (n=${plain.n})`, "—", null);
      row("9b", `one-row commit, durable (WAL fdatasync'd before the answer; ${d.syncsPerCommit.toFixed(1)} syncs per commit)`, `median ${fmtMs(durable.median)}, p95 ${fmtMs(durable.p95)} (n=${durable.n}); +${fmtMs(durable.median - plain.median)} per commit`, "—", null);
    }
    if (args.parts.has("parse")) {
      say(`7. the conference report parser on 50,000 characters, ${args.runs} runs`);
      const report = fs.readFileSync(path.join(root, "lib/domain/fixtures/conference-report-2025.txt"), "utf8");
      // The 2025 report followed by further paragraphs of its own text, cut at 50,000 characters.
      const text = `${report}\n${report.repeat(Math.ceil(50_000 / report.length))}`.slice(0, 50_000);
      const tasks = parseConferenceReport(text).tasks.length; // warm-up
      const ms: number[] = [];
      for (let i = 0; i < args.runs; i++) {
        const t = performance.now();
        parseConferenceReport(text);
        ms.push(performance.now() - t);
      }
      const p = stats(ms);
      row("7", `parse a 50,000-character conference report (${tasks} key tasks found)`, `median ${fmtMs(p.median)}, p95 ${fmtMs(p.p95)} (n=${p.n})`, "p95 < 200 ms", p.p95 < 200);
    }
  } finally {
    await handle?.close();
  }

  const out: string[] = [];
  out.push(
    `bench ${new Date().toISOString()} — ${size || "no PostgreSQL part"}; ${os.cpus().length} cores, ${args.workers} server process${args.workers > 1 ? "es" : ""} (WEB_CONCURRENCY), load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} at the end; ${Math.round((performance.now() - started) / 1000)} s`,
  );
  out.push("");
  out.push("| # | figure | measured | budget | met |");
  out.push("| --- | --- | --- | --- | --- |");
  const order = (id: string) => id.replace(/\d+/, (d) => d.padStart(3, "0"));
  rows.sort((a, b) => (order(a.id) < order(b.id) ? -1 : order(a.id) > order(b.id) ? 1 : 0));
  for (const r of rows) out.push(`| ${r.id} | ${r.figure} | ${r.value} | ${r.budget} | ${r.met} |`);
  if (notes.length) {
    out.push("");
    for (const n of notes) out.push(`- ${n}`);
  }
  console.log(out.join("\n"));
}

const stopRunning = () => {
  if (running?.child.pid && running.child.exitCode === null) {
    try {
      process.kill(-running.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
};
process.on("exit", stopRunning);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    stopRunning();
    process.exit(130);
  });
}

main()
  .catch((err: unknown) => {
    const e = err as { message?: string; cause?: { message?: string } };
    console.error(`bench failed: ${String(e.message ?? err).slice(0, 2000)}${e.cause?.message ? `\n  cause: ${e.cause.message}` : ""}`);
    process.exitCode = 1;
  })
  .finally(() => {
    // Pools and agents may keep the loop alive: the bench ends here.
    setTimeout(() => process.exit(), 100).unref();
  });
