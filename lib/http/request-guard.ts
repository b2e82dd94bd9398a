/**
 * Checks every request before any route code runs: cross-site writes (CSRF) and announced body
 * sizes. Pure and runtime-neutral (only web APIs), so that proxy.ts, the API's `handler()` and the
 * upload routes (which the proxy does not see, so that it never buffers their bodies) share it.
 */

export const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"] as const;

/** Bodies larger than this are refused with 413 (announced by Content-Length, or counted while read). */
export const BODY_LIMITS = {
  /** Sign-in: a username and a password. */
  signIn: 8 * 1024,
  /** A JSON body of the API (a report, a review, a plan's fields). */
  json: 100 * 1024,
  /** Anything else the proxy sees: page forms and server actions (Next refuses actions over 1 MB itself). */
  other: 1024 * 1024,
} as const;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type Refusal = { status: 403 | 413 | 415 | 400; code: string; detail: string };

type RequestLike = { method: string; headers: Headers; url: string };

/** A session cookie is on the request (the browser would send it with a forged request too). */
export function hasSessionCookie(headers: Headers): boolean {
  const cookie = headers.get("cookie") ?? "";
  return SESSION_COOKIES.some((name) => new RegExp(`(?:^|;\\s*)${name.replace(/\./g, "\\.")}(?:\\.\\d+)?=`).test(cookie));
}

/** The caller authenticates with `Authorization: Bearer`: the cookie is then never read (lib/auth/session.ts). */
function hasBearer(headers: Headers): boolean {
  return /^Bearer\s/i.test(headers.get("authorization") ?? "");
}

/**
 * The app's own origin: NEXTAUTH_URL's when set (what production runs with), else the scheme and
 * Host of the request itself — which a forging page cannot change, since it is the victim's browser
 * that sends it.
 */
export function appOrigins(request: RequestLike, configured: string | undefined): string[] {
  if (configured) return [new URL(configured).origin];
  const url = new URL(request.url);
  const host = request.headers.get("host") ?? url.host;
  // Behind a TLS-terminating reverse proxy the request arrives as http while the page is https.
  return [`http://${host}`, `https://${host}`];
}

/**
 * Refuses an unsafe method sent by a browser from anywhere but the app's own origin:
 * `Sec-Fetch-Site` (set by the browser, not by pages) must be same-origin or none; without it
 * `Origin` must be the app's. A request carrying the session cookie must show one of them; a
 * request with a bearer token or with no cookie at all (a script, curl) has nothing to forge.
 * Same-site is not enough: another port or subdomain of the same site is another origin.
 */
export function crossSiteRefusal(request: RequestLike, configuredOrigin: string | undefined): Refusal | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const h = request.headers;
  if (hasBearer(h)) return null;
  const fetchSite = h.get("sec-fetch-site")?.trim().toLowerCase();
  const origin = h.get("origin")?.trim();
  const refuse: Refusal = { status: 403, code: "crossSiteRequest", detail: "A write from another origin is refused; send it from the app, or with Authorization: Bearer" };
  // The browser's own word, which no page can set; it holds behind a proxy that rewrites Host too.
  if (fetchSite) return fetchSite === "same-origin" || fetchSite === "none" ? null : refuse;
  if (origin) return appOrigins(request, configuredOrigin).includes(origin) ? null : refuse;
  return hasSessionCookie(h) ? refuse : null;
}

/** Path patterns and their body limits; the first match wins (BODY_LIMITS.other otherwise). */
export function bodyLimitFor(pathname: string): number {
  if (/^\/api\/(v1\/session|auth\/)/.test(pathname)) return BODY_LIMITS.signIn;
  if (pathname === "/login") return BODY_LIMITS.signIn;
  return BODY_LIMITS.other;
}

/** A Content-Length over `limit` (or one that is not a number) is refused before a byte is read. */
export function announcedSizeRefusal(headers: Headers, limit: number): Refusal | null {
  const raw = headers.get("content-length");
  if (raw === null) return null;
  if (!/^\d+$/.test(raw.trim())) return { status: 400, code: "badContentLength", detail: "Content-Length is not a number" };
  return Number(raw) > limit ? tooLarge(limit) : null;
}

export function tooLarge(limit: number): Refusal {
  return { status: 413, code: "tooLarge", detail: `The request body is larger than ${limit} bytes` };
}

/** Both checks, for the proxy and for routes it does not see. */
export function requestRefusal(request: RequestLike, opts: { configuredOrigin: string | undefined; bodyLimit?: number }): Refusal | null {
  const limit = opts.bodyLimit ?? bodyLimitFor(new URL(request.url).pathname);
  return crossSiteRefusal(request, opts.configuredOrigin) ?? (SAFE_METHODS.has(request.method.toUpperCase()) ? null : announcedSizeRefusal(request.headers, limit));
}

/** A refusal as RFC 9457 problem+json. */
export function refusalResponse(r: Refusal, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("Content-Type", "application/problem+json");
  h.set("Cache-Control", "private, no-store");
  const titles = { 400: "Bad Request", 403: "Forbidden", 413: "Content Too Large", 415: "Unsupported Media Type" } as const;
  return new Response(JSON.stringify({ type: "about:blank", title: titles[r.status], status: r.status, code: r.code, detail: r.detail }), { status: r.status, headers: h });
}

/**
 * Reads a body as text, counting bytes as they arrive: a chunked body announces no length, yet
 * stops at `limit` too. Throws BodyTooLargeError past it.
 */
export async function readLimitedText(request: Request, limit: number): Promise<string> {
  const announced = announcedSizeRefusal(request.headers, limit);
  if (announced) throw announced.status === 413 ? new BodyTooLargeError(limit) : new TypeError(announced.detail);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value.byteLength;
    if (seen > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(seen);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes`);
  }
}

/** `application/json` or any `+json` type, parameters allowed. */
export function isJsonContentType(value: string | null): boolean {
  return value !== null && /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(value.trim());
}
