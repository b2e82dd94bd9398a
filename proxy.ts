import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { hasSessionCookie, refusalResponse, requestRefusal } from "@/lib/http/request-guard";
import { INLINE_PREVIEW_PATH } from "@/lib/http/inline-preview";
import { API_CONTENT_SECURITY_POLICY, contentSecurityPolicy, createNonce, securityHeaders } from "@/lib/http/security-headers";

// Redirects visitors without a session cookie to the sign-in page (every page and action still
// checks the viewer itself in the data layer), refuses cross-site writes and oversized bodies
// before any route code runs (lib/http/request-guard.ts), and gives every response its security
// headers: pages a CSP with a fresh nonce, everything else (JSON, files, icons, 404s) one that
// allows nothing.
// Reached without a session cookie (the API answers 401 itself; icons and the like are public).
const OPEN = /^\/(login|api\/)|\.(?:png|svg|ico|txt|webmanifest)$/;

export function proxy(request: NextRequest) {
  const env = getEnv();
  const pathname = request.nextUrl.pathname;
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const isApi = pathname.startsWith("/api/");
  const nonce = isApi ? undefined : createNonce();
  const csp = nonce ? contentSecurityPolicy(nonce, { dev: env.nodeEnv === "development" }) : API_CONTENT_SECURITY_POLICY;
  const headers = securityHeaders(csp, https);
  // An evidence preview (?inline=1) sets its own framing headers (lib/http/inline-preview.ts).
  if (INLINE_PREVIEW_PATH.test(pathname) && request.nextUrl.searchParams.get("inline") === "1") {
    delete headers["Content-Security-Policy"];
    delete headers["X-Frame-Options"];
  }

  const refusal = requestRefusal(request, { configuredOrigin: env.appOrigin });
  if (refusal) return refusalResponse(refusal, headers);

  let response: NextResponse;
  if (!hasSessionCookie(request.headers) && !OPEN.test(pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = "";
    if (pathname !== "/") url.searchParams.set("next", pathname + request.nextUrl.search);
    response = NextResponse.redirect(url);
  } else if (nonce) {
    // Next reads the nonce from the request's CSP header and puts it on its own scripts.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    response = NextResponse.next();
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Every path but the build's static files and the upload routes: the proxy would buffer an
  // upload's whole body in memory (and cut it at 10 MB). Those routes call the same guard
  // themselves (refuseRequest, lib/http/route-guard.ts) and get their headers from next.config.js.
  // A new route that takes uploads over 1 MB goes in this list and calls refuseRequest.
  // Nor the JSON API (/api/v1/): every route of it that takes a request is a handler() (lib/api/problem.ts) that
  // refuses cross-site writes and oversized bodies itself, its security headers (the same as here)
  // come from next.config.js, and it needs no cookie. Running the proxy as well cost a bureau's
  // draft or submission ~1 ms of the server's ~6.5 ms of CPU (two builds served side by side).
  matcher: ["/((?!_next/static/|_next/image|api/v1/|api/reports/[^/]+/attachments$|api/plans/[^/]+/import$|api/plans/parse-report$).*)"],
};
