import "server-only";
import { headers } from "next/headers";
import { getServerSession } from "next-auth";
import { bearerToken, resolveApiToken } from "@/lib/data/api-tokens";
import type { SessionUser } from "@/lib/data/session-users";
import { touchUserSession } from "@/lib/data/user-sessions";
import { getAuthOptions } from "./options";

/**
 * `sessionId` is the browser session's (user_sessions.id); API bearer tokens have none and keep
 * their own expiry, and come with their user already read (`user`, in the same statement).
 */
export type SessionClaims = { userId: number; sessionVersion: number; sessionId?: string; user?: SessionUser | null };

/**
 * For a request with a bearer token: its headers (one object for everything the request does) and
 * the token — what an API route remembers its viewer against, since React's cache() memoizes only
 * while rendering. Null for a cookie session (pages and actions have cache()).
 */
export async function requestScope(): Promise<{ scope: object; token: string } | null> {
  const h = await headers();
  const token = bearerToken(h.get("authorization"));
  return token ? { scope: h, token } : null;
}

/**
 * The signed-in user's id and session version, or null: from `Authorization: Bearer <token>`
 * when the request carries one (a bad token is not rescued by a cookie), else from the next-auth
 * cookie, whose server-side session must still be live (not signed out, idle or too old).
 */
export async function getSessionClaims(now: Date = new Date()): Promise<SessionClaims | null> {
  const bearer = bearerToken((await headers()).get("authorization"));
  if (bearer !== undefined) return bearer === null ? null : resolveApiToken(bearer, now);
  const session = (await getServerSession(getAuthOptions())) as { uid?: unknown; sv?: unknown; sid?: unknown } | null;
  if (!session || typeof session.uid !== "number" || typeof session.sv !== "number" || typeof session.sid !== "string") return null;
  if (!(await touchUserSession(session.sid, session.uid, now))) return null;
  return { userId: session.uid, sessionVersion: session.sv, sessionId: session.sid };
}
