import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { lockDataDir } from "@/db/data-dir-lock";

// `npm start` as an operator runs it, on a data folder of its own: the "starting" page while the
// first start seeds, what the console says, GET /api/health, request ids in JSON log lines, a
// SIGTERM that lets the request in flight finish and exits 0, and a server killed by a signal
// making `npm start` exit non-zero — after which the next start opens the folder again.

const root = path.resolve(import.meta.dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-ops-"));
const dataDir = path.join(work, "data");
const running: ChildProcess[] = [];

afterAll(() => {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, "SIGKILL");
  fs.rmSync(work, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

type App = { child: ChildProcess; base: string; output: () => string; exited: Promise<{ code: number | null; signal: string | null }> };

async function startApp(extra: Record<string, string> = {}): Promise<App> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "1", JOBS: "0", NEXTAUTH_URL: base, NEXTAUTH_SECRET: "operations-test-secret-0123456789" };
  delete env.DATABASE_URL;
  delete env.WEB_CONCURRENCY;
  Object.assign(env, extra);
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  running.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return { child, base, output: () => out, exited };
}

/** Polls until the server answers at all; every status seen on the way, with the first body. */
async function firstAnswers(app: App, until: (status: number) => boolean): Promise<{ status: number; body: string }[]> {
  const seen: { status: number; body: string }[] = [];
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (app.child.exitCode !== null) throw new Error(`npm start exited:\n${app.output()}`);
    try {
      const res = await fetch(`${app.base}/api/health`);
      const body = await res.text();
      seen.push({ status: res.status, body });
      if (until(res.status)) return seen;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no answer in time:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pid of `npm start`'s server process (its one child). */
function serverPid(app: App): number {
  const children = fs.readFileSync(`/proc/${app.child.pid}/task/${app.child.pid}/children`, "utf8").trim().split(/\s+/).map(Number);
  expect(children).toHaveLength(1);
  return children[0]!;
}

describe("npm start in operation", { timeout: 600_000 }, () => {
  it("first start: a starting answer while it seeds, the console says what it does, then health 200 with request ids logged", async () => {
    const app = await startApp();
    const answers = await firstAnswers(app, (s) => s === 200);
    // The server listened before the seed ended: the first answers were "starting", none hung.
    expect(answers[0]).toMatchObject({ status: 503 });
    expect(JSON.parse(answers[0]!.body)).toEqual({ status: "starting" });
    const page = await fetch(`${app.base}/`);
    expect(page.status).not.toBe(503);
    expect(app.output()).toContain("first start: creating the embedded database…");
    expect(app.output()).toContain("first start: loading the first data…");
    const health = JSON.parse(answers.at(-1)!.body) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(health.status).toBe("ok");

    const res = await fetch(`${app.base}/api/health`, { headers: { "X-Request-Id": "lb-probe-42" } });
    expect(res.headers.get("x-request-id")).toBe("lb-probe-42");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const own = await fetch(`${app.base}/login?next=%2Fsecret-token`);
    expect(own.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const lines = app.output().split("\n").filter((l) => l.startsWith("{"));
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({ msg: "request", reqId: "lb-probe-42", url: "/api/health", status: 200 }));
    // The query string stays out of the log.
    expect(app.output()).not.toContain("secret-token");

    // SIGTERM with a request in flight (its headers read, its body not yet sent): it still gets its answer.
    const inFlight = new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ username: "nobody-here", password: "wrong-password-1" });
      const req = http.request(`${app.base}/api/v1/session`, { method: "POST", headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Expect: "100-continue" } });
      req.on("continue", () => {
        // The server is handling the request now: stop it, then send the body.
        app.child.kill("SIGTERM");
        const waitForStop = () => (app.output().includes("stopping: finishing the requests in flight") ? req.end(body) : setTimeout(waitForStop, 20));
        waitForStop();
      });
      req.on("response", (r) => {
        r.resume();
        r.on("end", () => resolve(r.statusCode!));
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    const status = await inFlight;
    expect([401, 403, 422, 429]).toContain(status);
    const { code, signal } = await app.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(app.output()).toContain('"msg":"stopped"');
    // The database was closed and its lock dropped.
    lockDataDir(dataDir)();
  });

  it("a server killed by a signal makes npm start exit non-zero; the next start opens the folder again", async () => {
    const app = await startApp();
    await firstAnswers(app, (s) => s === 200);
    expect(app.output()).not.toContain("first start:");
    process.kill(serverPid(app), "SIGKILL");
    const { code } = await app.exited;
    expect(code).toBe(128 + os.constants.signals.SIGKILL);
    expect(app.output()).toContain("the server was killed by SIGKILL");

    const again = await startApp();
    await firstAnswers(again, (s) => s === 200);
    again.child.kill("SIGTERM");
    expect((await again.exited).code).toBe(0);
  });
});

/** The JSON log lines printed so far. */
const logLines = (app: App) =>
  app
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("WEB_CONCURRENCY: several server processes on one port", { timeout: 600_000 }, () => {
  it.each([
    ["two", "WEB_CONCURRENCY must be a whole number from 1 to 64"],
    ["0", "WEB_CONCURRENCY must be a whole number from 1 to 64"],
    ["2", "WEB_CONCURRENCY above 1 needs DATABASE_URL"],
  ])("WEB_CONCURRENCY=%s on the embedded database: npm start refuses it and says why", async (value, message) => {
    const app = await startApp({ WEB_CONCURRENCY: value });
    const { code } = await app.exited;
    expect(code).toBe(1);
    expect(app.output()).toContain(message);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("on PostgreSQL: both processes answer, a stop ends both with 0, a killed one ends npm start non-zero", async () => {
    const name = `tracker_ops_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      const app = await startApp({ WEB_CONCURRENCY: "2", DATABASE_URL: url.toString() });
      await firstAnswers(app, (s) => s === 200);
      // Requests on connections of their own reach both processes (the supervisor deals connections out in turn).
      const agent = new http.Agent({ keepAlive: false });
      for (let i = 0; i < 8; i++) {
        await new Promise<void>((resolve, reject) => http.get(`${app.base}/api/health`, { agent }, (r) => (r.resume(), r.on("end", resolve))).on("error", reject));
      }
      const served = new Set(logLines(app).filter((l) => l.msg === "request" && l.url === "/api/health").map((l) => l.worker));
      expect([...served].sort()).toEqual([1, 2]);
      expect(logLines(app).filter((l) => l.msg === "ready").map((l) => l.worker).sort()).toEqual([1, 2]);
      // A stop signal to the whole process group (Ctrl-C, a service manager): each server process
      // gets it from the sender and again from the supervisor, and still drains and stops with 0.
      process.kill(-app.child.pid!, "SIGTERM");
      expect(await app.exited).toEqual({ code: 0, signal: null });
      expect(logLines(app).filter((l) => l.msg === "stopped").map((l) => l.worker).sort()).toEqual([1, 2]);

      const again = await startApp({ WEB_CONCURRENCY: "2", DATABASE_URL: url.toString() });
      await firstAnswers(again, (s) => s === 200);
      const supervisor = serverPid(again);
      const workers = fs.readFileSync(`/proc/${supervisor}/task/${supervisor}/children`, "utf8").trim().split(/\s+/).map(Number);
      expect(workers).toHaveLength(2);
      process.kill(workers[0]!, "SIGKILL");
      const { code } = await again.exited;
      expect(code).not.toBe(0);
      expect(again.output()).toContain("a server process ended; stopping the others");
    } finally {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
