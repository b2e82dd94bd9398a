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
  // The newest source the last build started from: a file changed while it ran is newer than this,
  // though older than BUILD_ID, and is built next time.
  const stampFile = path.join(root, ".next", "tracker-sources-mtime");
  const built = fs.existsSync(buildId) && fs.existsSync(stampFile) ? Number(fs.readFileSync(stampFile, "utf8")) : 0;
  const newest = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (built && newest <= built) return;
  console.log("[tracker] building the app (next build)…");
  const res = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (res.status !== 0) throw new Error(`next build failed with exit code ${res.status}`);
  fs.writeFileSync(stampFile, String(newest));
}
