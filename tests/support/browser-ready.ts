import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";

// Each browser file waits here until browser-server.ts has built the app and its server answers
// (they run in the background while the other projects' files run).
const statusFile = inject("browserServerStatus");
const deadline = Date.now() + 15 * 60_000;
for (;;) {
  if (!fs.existsSync(path.dirname(statusFile))) throw new Error("the app server was stopped (the test run is ending)");
  const status = fs.existsSync(statusFile) ? fs.readFileSync(statusFile, "utf8") : "";
  if (status === "ready") break;
  if (status.startsWith("failed")) throw new Error(`the app server is not there: ${status}`);
  if (Date.now() > deadline) throw new Error("the app server was not ready after 15 minutes");
  await new Promise((r) => setTimeout(r, 200));
}
