#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then serves it.
// The server itself creates, migrates and (in demo mode) seeds the database on first start.
import { spawn } from "node:child_process";
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
// The scheduled reminders run in the served process (JOBS=0 turns them off on a node).
env.JOBS ??= "1";
console.log(`[tracker] serving at http://localhost:${port}`);
// scripts/server.mjs rather than `next start`: it alone knows each request's socket address.
const child = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], { cwd: root, stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
