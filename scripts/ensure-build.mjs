// Builds the app (next build) when the build is missing or older than any source file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const sources = ["app", "components", "lib", "db", "messages", "public", "package-lock.json", "next.config.js", "instrumentation.ts", "proxy.ts", "postcss.config.mjs"];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function ensureBuild(root) {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (built && !sources.some((s) => newestMtime(path.join(root, s)) > built)) return;
  console.log("[tracker] building the app (next build)…");
  const res = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (res.status !== 0) throw new Error(`next build failed with exit code ${res.status}`);
}
