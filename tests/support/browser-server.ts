import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { TestProject } from "vitest/node";
import { clockEnv, offsetToNow } from "./test-clock";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** A file that reads "ready" once the server answers, or "failed: …"; see browser-ready.ts. */
    browserServerStatus: string;
    /** Seconds from the real clock to the browser tests' clock (test-clock.ts). */
    clockOffsetSeconds: number;
  }
}

/**
 * Serves the production build on a free port with a fresh embedded database of demo data, on the
 * tests' clock (test-clock.ts: it starts at NOW, whatever the real date).
 *
 * The build and the server's start run in the background: the unit and integration files run
 * meanwhile (the browser files run after them, being sequential), and each browser file first
 * waits for the status file (browser-ready.ts).
 */
export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "../..");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-e2e-"));
  const dataDir = path.join(work, "data");
  const statusFile = path.join(work, "status");
  // Held until the server is about to start, so that no other socket takes the port meanwhile.
  const reserved = await reservePort();
  const port = (reserved.address() as net.AddressInfo).port;
  const baseURL = `http://127.0.0.1:${port}`;
  project.provide("baseURL", baseURL);
  project.provide("browserServerStatus", statusFile);
  const clockOffset = offsetToNow();
  project.provide("clockOffsetSeconds", clockOffset);

  const children: { build?: ChildProcess; server?: ChildProcess } = {};
  let stopping = false;
  // Vitest stopped without the teardown (Ctrl-C): end the build and the server; the browser files
  // waiting for them see the folder gone.
  const onExit = () => {
    if (children.build?.pid && children.build.exitCode === null) killGroup(children.build.pid, "SIGTERM");
    if (children.server?.exitCode === null) children.server.kill("SIGTERM");
    fs.rmSync(work, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  const started = (async () => {
    await build(root, (c) => (children.build = c));
    if (stopping) return;
    await new Promise((r) => reserved.close(r));
    await startServer(root, baseURL, port, dataDir, clockOffset, (c) => (children.server = c));
  })().then(
    () => {
      if (!stopping) writeStatus(statusFile, "ready");
    },
    (err: Error) => {
      reserved.close();
      if (stopping) return;
      console.error(`[browser tests] ${err.message}`);
      writeStatus(statusFile, `failed: ${err.message.split("\n")[0]!.replace(/:$/, "")}; its output is above`);
    },
  );

  return async () => {
    process.off("exit", onExit);
    stopping = true;
    if (children.build) await stop(children.build, true);
    await started;
    if (children.server) await stop(children.server);
    fs.rmSync(work, { recursive: true, force: true });
  };
}

/** Runs scripts/ensure-build.mjs in a child process (it blocks while next build runs). */
function build(root: string, onSpawn: (c: ChildProcess) => void): Promise<void> {
  const script = pathToFileURL(path.join(root, "scripts", "ensure-build.mjs")).href;
  const code = `import { ensureBuild } from ${JSON.stringify(script)}; ensureBuild(${JSON.stringify(root)});`;
  // A process group of its own, so that stopping it (a cancelled run) also ends next build.
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { cwd: root, env: process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  onSpawn(child);
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) {
        if (log.includes("building the app")) console.log(`[browser tests] next build took ${Math.round((Date.now() - t0) / 1000)} s`);
        resolve();
      } else reject(new Error(`next build failed (${signal ?? `exit code ${code}`}):\n${log}`));
    });
  });
}

async function startServer(root: string, baseURL: string, port: number, dataDir: string, clockOffset: number, onSpawn: (c: ChildProcess) => void): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    SEED_DEMO: "1",
    NEXTAUTH_URL: baseURL,
    NEXTAUTH_SECRET: "browser-tests-secret-0123456789abcdef",
    ...clockEnv(clockOffset, { monotonic: false }),
  };
  delete env.DATABASE_URL;
  // The production server of `npm start` (scripts/server.mjs), which passes the socket's address on.
  const server: ChildProcess = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], { cwd: root, env: { ...env, PORT: String(port), HOSTNAME: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
  onSpawn(server);
  let log = "";
  server.stdout?.on("data", (d) => (log += d));
  server.stderr?.on("data", (d) => (log += d));
  const deadline = Date.now() + 180_000;
  // Polls: the server logs "database ready" once seeded, then /login must answer.
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited:\n${log}`);
    if (log.includes("database ready")) {
      try {
        const res = await fetch(`${baseURL}/login`);
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      await stop(server);
      throw new Error(`the server did not start in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function writeStatus(file: string, status: string): void {
  fs.writeFileSync(`${file}.tmp`, status);
  fs.renameSync(`${file}.tmp`, file);
}

/** Ends a child (or its process group); one that already exited (a crash) must not hang the run. */
async function stop(child: ChildProcess, group = false): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  const kill = (signal: NodeJS.Signals) => (group && child.pid ? killGroup(child.pid, signal) : child.kill(signal));
  kill("SIGTERM");
  const timer = setTimeout(() => kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function reservePort(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => resolve(srv));
    srv.on("error", reject);
  });
}
