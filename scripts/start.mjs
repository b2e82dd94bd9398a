#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then serves it.
// The server itself creates, migrates and (in demo mode) seeds the database on first start.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "./ensure-build.mjs";

const root = path.resolve(import.meta.dirname, "..");
try {
  ensureBuild(root);
} catch (err) {
  console.error(String(err));
  process.exit(1);
}

const port = process.env.PORT || "3000";
const env = { ...process.env, NODE_ENV: "production", PORT: port };
// next-auth needs to know its own address: trust the Host header unless NEXTAUTH_URL says otherwise.
if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST = "1";
// The scheduled reminders run in the served process (JOBS=0 turns them off on a node).
env.JOBS ??= "1";
console.log(`[tracker] serving at http://localhost:${port}`);
// scripts/server.mjs rather than `next start`: it alone knows each request's socket address.
const child = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], { cwd: root, stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
// A server killed by a signal (kill -9, the OOM killer) exits 128 + the signal's number, as a shell
// reports it, so that a supervisor sees a failure and restarts it; a stop it was asked for exits 0.
child.on("exit", (code, signal) => {
  if (signal) {
    console.error(`[tracker] the server was killed by ${signal}`);
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  }
  process.exit(code ?? 1);
});
