/**
 * The security headers of every response: pages get a per-request nonce from proxy.ts, the API and
 * files (which run no script) a policy that allows nothing. Pure, so that it can be unit-tested.
 */

/** The Content-Security-Policy of an HTML page. Styles keep 'unsafe-inline': recharts and tailwind set inline styles. */
export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets Next's nonced scripts load their chunks; the dev server needs eval for fast refresh.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * For JSON, file and icon responses: nothing may run or frame them. `sandbox` too, so that the
 * attachment route's own policy (which has it) is not weakened whichever of the two a response keeps.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** No page of ours uses these browser features; nothing embedded in one may either. */
export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()";

export const HSTS = "max-age=31536000; includeSubDomains";

/** Headers every response carries; HSTS only when the request came over HTTPS (directly or through our reverse proxy). */
export function securityHeaders(csp: string, https: boolean): Record<string, string> {
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    ...(https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/** A fresh nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
