#!/usr/bin/env node
// The production HTTP server (what `npm start` runs): Next's request handler behind a plain
// node:http server, for one reason — Next does not tell route handlers the socket's address, and
// X-Forwarded-For is whatever the client wrote. Each request's socket address goes into
// x-tracker-peer-address, overwriting any value the client sent under that name;
// lib/http/request-address.ts believes that header only in this process (TRACKER_PEER_HEADER) and
// X-Forwarded-For only from TRUSTED_PROXIES.
//
// It also: listens at once and answers a "starting" page (503, Retry-After) while the app prepares
// (a first start creates and seeds the database); gives every request an id (X-Request-Id, kept
// from the proxy when well-formed) and logs one JSON line per request (pino); and on SIGTERM or
// SIGINT stops taking connections, lets the requests in flight finish, closes the database and exits 0.
//
// WEB_CONCURRENCY=N (PostgreSQL only) serves from N processes on the one port (node:cluster): Node
// runs each request's JavaScript on one core, so a machine with more cores answers more with more
// processes. Each keeps its own connection pool; the app keeps nothing per process that another
// would need (the dashboard's remembered figures check the database's counters, sign-in throttling
// lives in the database). The first process alone runs the scheduled jobs; the others set JOBS=0.
// A stop signal goes to every process; one that dies stops the others, and this one exits as it did.
import { AsyncLocalStorage } from "node:async_hooks";
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import http from "node:http";
import path from "node:path";
import next from "next";
import pino from "pino";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || undefined;
process.env.TRACKER_PEER_HEADER = "1";

const workers = webConcurrency();
if (cluster.isPrimary && workers > 1) supervise(workers);
else await serve();

/** WEB_CONCURRENCY: how many server processes (1 when unset); more than one needs DATABASE_URL. */
function webConcurrency() {
  const given = process.env.WEB_CONCURRENCY?.trim();
  if (!given) return 1;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(`[tracker] WEB_CONCURRENCY must be a whole number from 1 to 64, not "${given}"`);
    process.exit(1);
  }
  if (n > 1 && !process.env.DATABASE_URL) {
    console.error("[tracker] WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database belongs to one process");
    process.exit(1);
  }
  return n;
}

/** The first process: starts the others, passes stop signals on, and ends with them. */
function supervise(n) {
  const log = pino({ base: { service: "tracker", role: "supervisor" }, timestamp: pino.stdTimeFunctions.isoTime });
  let stopping = false;
  for (let i = 0; i < n; i++) {
    cluster.fork({ TRACKER_WORKER: String(i + 1), ...(i > 0 ? { JOBS: "0" } : {}) });
  }
  log.info({ workers: n }, "serving from several processes");
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stop(sig));
  let exitCode = 0;
  // Counted here: cluster.workers drops a worker only once both its exit and its disconnect came, in no set order.
  let alive = n;
  cluster.on("exit", (worker, code, signal) => {
    alive--;
    const failed = signal !== null || code !== 0;
    if (!stopping) {
      // One that ends unasked (crashed, killed, or stopped on its own): the others go too, and the exit says so.
      log.error({ pid: worker.process.pid, code, signal }, "a server process ended; stopping the others");
      exitCode = failed ? (signal ? 1 : code) : 1;
      stop("SIGTERM");
    } else if (failed) {
      exitCode ||= signal ? 1 : code;
    }
    if (alive === 0) process.exit(exitCode);
  });
}

async function serve() {
  const log = pino({ base: { service: "tracker", ...(process.env.TRACKER_WORKER ? { worker: Number(process.env.TRACKER_WORKER) } : {}) }, timestamp: pino.stdTimeFunctions.isoTime });
  // The request's id for log lines the app writes (lib/log.ts reads it from here).
  const requestContext = new AsyncLocalStorage();
  globalThis.__trackerRequestContext = requestContext;
  /** How long requests in flight may take to finish after a stop signal. */
  const DRAIN_MS = 25_000;

  let handle;
  let state = "starting";

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomUUID();
    req.headers["x-request-id"] = id;
    req.headers["x-tracker-peer-address"] = req.socket.remoteAddress ?? "";
    res.setHeader("X-Request-Id", id);
    res.once("finish", () => {
      // The path only: a query string may carry what does not belong in a log.
      const url = (req.url ?? "").split("?")[0];
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ reqId: id, method: req.method, url, status: res.statusCode, ms: Math.round(ms * 10) / 10, peer: req.socket.remoteAddress }, "request");
    });
    if (state !== "ready") return notReady(req, res);
    if (!pathDecodes(req.url)) return badPath(res);
    requestContext.run({ reqId: id }, () => {
      handle(req, res).catch((err) => {
        log.error({ reqId: id, err: { message: err?.message, stack: err?.stack } }, "request failed");
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
  });

  /** Whether every %-escape of the path decodes: Next's router answers a bare 500 for `/api/v1/reports/%ff`. */
  function pathDecodes(url) {
    try {
      decodeURIComponent((url ?? "").split("?")[0]);
      return true;
    } catch {
      return false;
    }
  }

  /** 400 problem+json with the headers every response carries (lib/http/security-headers.ts). */
  function badPath(res) {
    res.statusCode = 400;
    res.setHeader("Content-Type", "application/problem+json");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()");
    res.end(JSON.stringify({ type: "about:blank", title: "Bad Request", status: 400, code: "badPath", detail: "The path has a %-escape that is not UTF-8" }));
  }

  /** While the app prepares (or after a stop signal): 503 with Retry-After, a page for people, JSON for the health check. */
  function notReady(req, res) {
    const starting = state === "starting";
    res.statusCode = 503;
    res.setHeader("Retry-After", starting ? "5" : "30");
    res.setHeader("Cache-Control", "no-store");
    if ((req.url ?? "").startsWith("/api/")) {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ status: starting ? "starting" : "stopping" }));
      return;
    }
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    const zh = starting ? "系统正在启动，请稍候…" : "系统正在停止";
    const en = starting ? "The tracker is starting; this page reloads by itself." : "The tracker is stopping.";
    res.end(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${starting ? '<meta http-equiv="refresh" content="5">' : ""}` +
        `<title>${zh}</title></head><body style="font-family:sans-serif;margin:4rem auto;max-width:32rem;text-align:center">` +
        `<h1 style="font-size:1.4rem">${zh}</h1><p>${en}</p></body></html>`,
    );
  }

  server.listen(port, hostname, () => log.info({ port, hostname: hostname ?? "*" }, "listening; the app is starting"));

  async function stop(signal) {
    if (state === "stopping") return;
    state = "stopping";
    // GET /api/health answers 503 from now on (lib/data/health.ts), so a balancer sends nothing new.
    globalThis.__trackerShuttingDown = true;
    log.info({ signal }, "stopping: finishing the requests in flight");
    const force = setTimeout(() => {
      log.error(`requests still running ${DRAIN_MS / 1000} s after ${signal}; stopping anyway`);
      process.exit(1);
    }, DRAIN_MS);
    force.unref();
    const closed = new Promise((resolve) => server.close(resolve));
    // Connections kept alive by browsers would hold close() open; busy ones close after their answer.
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    await closed;
    clearInterval(idle);
    // The database the app opened (db/index.ts keeps it on globalThis): the pool, or the embedded folder and its lock.
    const db = await globalThis.__trackerDb?.catch(() => undefined);
    await db?.close().catch((err) => log.error({ err: { message: err?.message } }, "closing the database failed"));
    log.info("stopped");
    process.exit(0);
  }
  // on, not once: a signal to the whole process group reaches a worker twice (from the sender and
  // from the supervisor), and a second one with no listener would end it mid-drain. stop() runs once.
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => void stop(sig));

  const app = next({ dev: false, dir: root, port, hostname: hostname ?? "localhost" });
  handle = app.getRequestHandler();
  await app.prepare();
  if (state === "starting") {
    state = "ready";
    log.info("ready");
  }
}
