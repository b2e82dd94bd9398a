/**
 * The bench's stand-in for lib/auth/session (swapped in by scripts/bench-hooks.mjs): no request and no
 * cookie outside Next, so the bench says who is signed in. Everything after the claims is real.
 */
export type SessionClaims = { userId: number; sessionVersion: number };

const state = globalThis as unknown as { __benchClaims?: SessionClaims | null };

export async function getSessionClaims(): Promise<SessionClaims | null> {
  return state.__benchClaims ?? null;
}

/** No request outside Next: the viewer is read again at each call. */
export async function requestScope(): Promise<null> {
  return null;
}

export function setBenchClaims(claims: SessionClaims | null): void {
  state.__benchClaims = claims;
}

export function bearerToken(): undefined {
  return undefined;
}
