import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";

let secret: string | undefined;

/**
 * NEXTAUTH_SECRET when set. In demo mode (embedded database or SEED_DEMO=1) a secret is made on
 * first start and kept in the data folder; otherwise a missing secret stops the server.
 */
export function getAuthSecret(): string {
  if (secret) return secret;
  const env = getEnv();
  if (env.authSecret) return (secret = env.authSecret);
  if (!env.seedDemo) {
    throw new Error(
      "NEXTAUTH_SECRET is not set. Set it to a long random string (for example the output of `openssl rand -base64 32`) before starting with DATABASE_URL.",
    );
  }
  const dir = path.resolve(env.dataDir === "memory://" ? "./data" : env.dataDir);
  const file = path.join(dir, "auth-secret");
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file)) {
    // Written whole under another name, then linked into place: several server processes starting
    // at once (WEB_CONCURRENCY) each try, one wins, and none reads a half-written file.
    const draft = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(draft, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  return (secret = fs.readFileSync(file, "utf8").trim());
}
