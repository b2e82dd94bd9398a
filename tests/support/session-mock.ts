import { vi } from "vitest";

/**
 * Integration tests call the data layer directly: the next-auth cookie is replaced by claims the
 * test sets with actAs(). Everything after the cookie (re-reading the user, permissions) is real.
 */
type Claims = { userId: number; sessionVersion: number } | null;
const state = globalThis as unknown as { __testClaims?: Claims };

vi.mock("@/lib/auth/session", () => ({
  getSessionClaims: async () => state.__testClaims ?? null,
  // No bearer request: every call reads the viewer again (as each test's actAs expects).
  requestScope: async () => null,
}));

export function setClaims(claims: Claims): void {
  state.__testClaims = claims;
}
