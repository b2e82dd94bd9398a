import { getEnv } from "@/lib/env";
import { PEER_ADDRESS_HEADER, resolveClientAddress } from "./client-address";

type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined | null;

function get(h: HeaderBag, name: string): string | undefined {
  if (!h) return undefined;
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

/**
 * The client's address for the throttle, sessions and the audit log (see client-address.ts):
 * the socket's, or the right-most untrusted X-Forwarded-For hop when the socket is a TRUSTED_PROXIES
 * proxy. "unknown" when the app does not run under scripts/server.mjs, which alone knows the socket.
 */
export function clientAddressOf(headers: HeaderBag): string {
  const env = getEnv();
  const peer = env.peerHeader ? get(headers, PEER_ADDRESS_HEADER) : undefined;
  return resolveClientAddress(peer, get(headers, "x-forwarded-for"), env.trustedProxies);
}
