import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuild } from "../../scripts/ensure-build.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** Serves the production build on a free port with a fresh embedded database of demo data. */
export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "../..");
  ensureBuild(root);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-e2e-"));
  const baseURL = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    SEED_DEMO: "1",
    NEXTAUTH_URL: baseURL,
    NEXTAUTH_SECRET: "browser-tests-secret-0123456789abcdef",
  };
  delete env.DATABASE_URL;
  const server: ChildProcess = spawn(path.join(root, "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
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
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) throw new Error(`the server did not start in time:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  project.provide("baseURL", baseURL);
  return async () => {
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

/** Ends the server; one that already exited (a crash during the tests) must not hang the run. */
async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
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
