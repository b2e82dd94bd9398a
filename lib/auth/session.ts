import "server-only";
import { headers } from "next/headers";
import { getServerSession } from "next-auth";
import { bearerToken, resolveApiToken } from "@/lib/data/api-tokens";
import { getAuthOptions } from "./options";

export type SessionClaims = { userId: number; sessionVersion: number };

/**
 * The signed-in user's id and session version, or null: from `Authorization: Bearer <token>`
 * when the request carries one (a bad token is not rescued by a cookie), else from the next-auth cookie.
 */
export async function getSessionClaims(): Promise<SessionClaims | null> {
  const bearer = bearerToken((await headers()).get("authorization"));
  if (bearer !== undefined) return bearer === null ? null : resolveApiToken(bearer);
  const session = (await getServerSession(getAuthOptions())) as { uid?: unknown; sv?: unknown } | null;
  if (!session || typeof session.uid !== "number" || typeof session.sv !== "number") return null;
  return { userId: session.uid, sessionVersion: session.sv };
}
