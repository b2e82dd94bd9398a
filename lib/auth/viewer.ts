import "server-only";
import { cache } from "react";
import { loadSessionUser, type SessionUser } from "@/lib/data/session-users";
import { getSessionClaims } from "./session";

export type Viewer = SessionUser;

/** The signed-in user, re-read from the database once per request; null when signed out or no longer valid. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const claims = await getSessionClaims();
  if (!claims) return null;
  return loadSessionUser(claims.userId, claims.sessionVersion);
});
