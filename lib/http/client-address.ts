/**
 * Which address a request came from. X-Forwarded-For is written by whoever sends the request, so
 * only the hops added by our own reverse proxies (TRUSTED_PROXIES) are believed: starting from the
 * socket's address, walk the header from its right end while the hop is a trusted proxy; the first
 * untrusted hop is the client. Without a trusted proxy in front, the socket address is the client.
 *
 * Next.js does not hand route handlers the socket, so scripts/server.mjs (what `npm start` runs)
 * writes it into PEER_ADDRESS_HEADER, overwriting whatever the client sent under that name. Pure.
 */

/** Set by scripts/server.mjs from the socket on every request; a client's own value never survives it. */
export const PEER_ADDRESS_HEADER = "x-tracker-peer-address";

type Range = { bytes: Uint8Array; bits: number };
export type TrustedProxies = readonly Range[];

/** 4 or 16 bytes, or null for what is not an IP address. IPv4-mapped IPv6 comes back as IPv4. */
export function parseIp(text: string): Uint8Array | null {
  let s = text.trim();
  if (s.startsWith("[") && s.includes("]")) s = s.slice(1, s.indexOf("]"));
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    return parts.every((n) => n <= 255) ? Uint8Array.from(parts) : null;
  }
  if (!/^[0-9a-f:.]+$/i.test(s) || !s.includes(":")) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const four = parseIp(s.slice(lastColon + 1));
    if (!four || four.length !== 4) return null;
    tail = [(four[0]! << 8) | four[1]!, (four[2]! << 8) | four[3]!];
    s = s.slice(0, lastColon + 1) + "0:0";
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const group = (p: string) => (p === "" ? [] : p.split(":"));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (words.some((w) => !/^[0-9a-f]{1,4}$/i.test(w))) return null;
  const nums = words.map((w) => parseInt(w, 16));
  if (tail.length) nums.splice(6, 2, ...tail);
  const bytes = new Uint8Array(16);
  nums.forEach((n, i) => {
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 255;
  });
  // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) return bytes.slice(12);
  return bytes;
}

/** The address as text: dotted IPv4, or IPv6 as the socket reports it (lower case). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join(".");
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return words.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

/** "10.0.0.1, 10.1.0.0/16, fd00::/8" → ranges; throws on anything else, with the bad entry named. */
export function parseTrustedProxies(text: string): TrustedProxies {
  const ranges: Range[] = [];
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [ip, bits, extra] = entry.split("/");
    const bytes = parseIp(ip!);
    const max = bytes ? bytes.length * 8 : 0;
    const n = bits === undefined ? max : /^\d+$/.test(bits) ? Number(bits) : NaN;
    if (!bytes || extra !== undefined || !(n >= 0 && n <= max)) throw new Error(`not an address or CIDR range: ${entry}`);
    ranges.push({ bytes, bits: n });
  }
  return ranges;
}

export function isTrusted(ip: Uint8Array, trusted: TrustedProxies): boolean {
  return trusted.some((r) => {
    if (r.bytes.length !== ip.length) return false;
    for (let bit = 0; bit < r.bits; bit++) {
      const mask = 0x80 >> bit % 8;
      if ((r.bytes[bit >> 3]! & mask) !== (ip[bit >> 3]! & mask)) return false;
    }
    return true;
  });
}

/**
 * The client: the socket's address unless that is a trusted proxy, then the right-most
 * X-Forwarded-For hop that is not one. "unknown" when the socket address is not known (the app is
 * not running under scripts/server.mjs); a hop that is not an address ends the walk as "invalid".
 */
export function resolveClientAddress(peer: string | null | undefined, forwardedFor: string | null | undefined, trusted: TrustedProxies): string {
  const peerIp = peer ? parseIp(peer) : null;
  if (!peerIp) return "unknown";
  if (!isTrusted(peerIp, trusted)) return formatIp(peerIp);
  const hops = (forwardedFor ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  let last = peerIp;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseIp(hops[i]!);
    if (!hop) return "invalid";
    last = hop;
    if (!isTrusted(hop, trusted)) return formatIp(hop);
  }
  // Every hop is one of ours: the left-most is as far as anyone can tell.
  return formatIp(last);
}
