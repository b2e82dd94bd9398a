import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { apiSignInFailures, apiTokens, users } from "@/db/schema";
import { signInSchema } from "@/lib/validation/auth";
import { UnauthenticatedError } from "./errors";
import { verifyCredentials } from "./session-users";

/** As long as a browser session (lib/auth/options.ts). */
export const TOKEN_LIFETIME_MS = 8 * 60 * 60 * 1000;

/** Sign-in throttling: failures counted in the database over a sliding window, so every web node agrees. */
export const THROTTLE = { windowMs: 15 * 60 * 1000, perUsername: 5, perAddress: 30 } as const;

/** Too many failed sign-ins; `retryAfter` in seconds. */
export class ThrottledError extends Error {
  readonly status = 429;
  constructor(readonly retryAfter: number) {
    super("Too many failed sign-ins; try again later");
  }
}

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Issues a bearer token for a username and password. Refuses with 429 while the username or the
 * address is over its failure budget, and with 401 for any wrong credential (without saying which).
 * `now` is the clock, injectable for tests.
 */
export async function createApiToken(input: unknown, address: string, now: Date = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const { username } = signInSchema.parse(input);
  const db = await getDb();
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const failuresOf = async (column: typeof apiSignInFailures.username | typeof apiSignInFailures.address, value: string) => {
    const [row] = await db
      .select({ n: count() })
      .from(apiSignInFailures)
      .where(and(eq(column, value), gt(apiSignInFailures.createdAt, since)));
    return row?.n ?? 0;
  };
  if ((await failuresOf(apiSignInFailures.username, username)) >= THROTTLE.perUsername || (await failuresOf(apiSignInFailures.address, address)) >= THROTTLE.perAddress) {
    throw new ThrottledError(THROTTLE.windowMs / 1000);
  }
  const user = await verifyCredentials(input);
  if (!user) {
    await db.insert(apiSignInFailures).values({ username, address: address.slice(0, 64), createdAt: now });
    throw new UnauthenticatedError();
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
  await db.insert(apiTokens).values({ userId: user.id, tokenHash: hashToken(token), sessionVersion: user.sessionVersion, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/** The claims a token stands for: only while it is unexpired, unrevoked and its user active. */
export async function resolveApiToken(token: string, now: Date = new Date()): Promise<{ userId: number; sessionVersion: number } | null> {
  if (token.length === 0 || token.length > 128) return null;
  const db = await getDb();
  const [row] = await db
    .select({ userId: apiTokens.userId, sessionVersion: apiTokens.sessionVersion })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now), eq(users.active, true)));
  return row ?? null;
}

/** Revokes the token presented (signing out of the API); a token that is not valid is a 401. */
export async function revokeApiToken(token: string, now: Date = new Date()): Promise<void> {
  if (!(await resolveApiToken(token, now))) throw new UnauthenticatedError();
  const db = await getDb();
  await db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.tokenHash, hashToken(token)));
}

/** From an Authorization header: undefined when it is not a bearer one, null when its token is unusable. */
export function bearerToken(header: string | null): string | null | undefined {
  if (header === null || !/^Bearer(\s|$)/i.test(header)) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
