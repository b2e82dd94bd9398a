import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { QueryBuilder } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import { fixedSelect } from "@/db/fixed-select";
import { apiTokens, users } from "@/db/schema";
import { recordEvent } from "./audit";
import { UnauthenticatedError } from "./errors";
import { attemptSignIn } from "./sign-in-throttle";
import { sessionUserColumns, sessionUserOf, type SessionUser } from "./session-users";

/** As long as a browser session (lib/auth/options.ts). */
export const TOKEN_LIFETIME_MS = 8 * 60 * 60 * 1000;

export { THROTTLE, ThrottledError } from "./sign-in-throttle";

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Issues a bearer token for a username and password. Refuses with 429 while the username or the
 * address is over its failure budget, and with 401 for any wrong credential (without saying which).
 * `now` is the clock, injectable for tests.
 */
export async function createApiToken(input: unknown, address: string, now: Date = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const user = await attemptSignIn(input, { address, channel: "api", now });
  const db = await getDb();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
  await db.insert(apiTokens).values({ userId: user.id, tokenHash: hashToken(token), sessionVersion: user.sessionVersion, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/**
 * The claims a token stands for: only while it is unexpired, unrevoked and its user active. With
 * them, the user as the request will see it (read in the same statement, so that an API request
 * costs one round trip to know who is asking); null there when the token's session version is no
 * longer the user's.
 */
export async function resolveApiToken(token: string, now: Date = new Date()): Promise<{ userId: number; sessionVersion: number; user: SessionUser | null } | null> {
  if (token.length === 0 || token.length > 128) return null;
  const [row] = await tokenClaims(await getDb(), { hash: hashToken(token), now: now.toISOString() });
  if (!row) return null;
  const { tokenUserId, tokenSessionVersion, ...user } = row;
  return { userId: tokenUserId, sessionVersion: tokenSessionVersion, user: sessionUserOf(user, tokenSessionVersion) };
}

/** Every API request runs it: its text is built once (fixedSelect). */
const tokenClaims = fixedSelect<ReturnType<typeof tokenClaimsSelect>, { hash: string; now: string }>(tokenClaimsSelect);
function tokenClaimsSelect(qb: QueryBuilder) {
  return qb
    .select({ tokenUserId: apiTokens.userId, tokenSessionVersion: apiTokens.sessionVersion, ...sessionUserColumns })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql.placeholder("now")), eq(users.active, true)));
}

/** Revokes the token presented (signing out of the API); a token that is not valid is a 401. */
export async function revokeApiToken(token: string, now: Date = new Date()): Promise<void> {
  const claims = await resolveApiToken(token, now);
  if (!claims) throw new UnauthenticatedError();
  const db = await getDb();
  const [revoked] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked) await recordEvent({ actorId: claims.userId, action: "auth.tokenRevoked", entityType: "api_token", entityId: revoked.id, after: { by: "owner" } });
}

/** From an Authorization header: undefined when it is not a bearer one, null when its token is unusable. */
export function bearerToken(header: string | null): string | null | undefined {
  if (header === null || !/^Bearer(\s|$)/i.test(header)) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
