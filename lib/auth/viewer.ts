import "server-only";
import { cache } from "react";
import { loadSessionUser, type SessionUser } from "@/lib/data/session-users";
import { getSessionClaims, requestScope } from "./session";

export type Viewer = SessionUser;

const byRequest = new WeakMap<object, { token: string; viewer: Promise<Viewer | null> }>();

async function readViewer(): Promise<Viewer | null> {
  const claims = await getSessionClaims();
  if (!claims) return null;
  // A bearer token's user comes with its claims (one statement); a cookie's is read here.
  if ("user" in claims && claims.user !== undefined) return claims.user;
  return loadSessionUser(claims.userId, claims.sessionVersion);
}

/**
 * The signed-in user, re-read from the database once per request; null when signed out or no
 * longer valid. Pages and actions remember it with cache(); an API route with a bearer token (a
 * write, then the re-read for its answer) with the request's headers. A failed read is not kept.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const request = await requestScope();
  if (!request) return readViewer();
  const kept = byRequest.get(request.scope);
  if (kept && kept.token === request.token) return kept.viewer;
  const viewer = readViewer();
  byRequest.set(request.scope, { token: request.token, viewer });
  viewer.catch(() => byRequest.delete(request.scope));
  return viewer;
});
