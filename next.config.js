import createNextIntlPlugin from "next-intl/plugin";

// The message catalogs are compiled at build time: the browser gets them ready to format and only
// next-intl's small formatter, not an ICU parser (about 11 KB of every page's first load).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "bcryptjs", "exceljs", "pg-boss", "nodemailer"],
  poweredByHeader: false,
  typedRoutes: false,
  // The type check runs once, as its own step (npm run typecheck, first in CI), over the app and the
  // tests alike; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with status 403.
  experimental: { authInterrupts: true },
  // proxy.ts sets every response's headers (lib/http/security-headers.ts); these cover what it does
  // not see: the build's static files and the two upload routes. Same values as there.
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()" },
    ];
    // As proxy.ts reads it: the first of the values a chain of proxies may have written.
    const https = [{ type: "header", key: "x-forwarded-proto", value: "https(\\s*,.*)?" }];
    const hsts = { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" };
    const api = [...common, { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; sandbox" }, { key: "X-Frame-Options", value: "DENY" }];
    return [
      {
        source: "/api/:path*",
        // An evidence preview (/api/attachments/{id}?inline=1) sets its own framing headers (lib/http/inline-preview.ts).
        missing: [{ type: "query", key: "inline" }],
        headers: api,
      },
      // The JSON API, which the proxy does not see (proxy.ts), whatever its query string.
      { source: "/api/v1/:path*", headers: api },
      { source: "/_next/static/:path*", headers: common },
      { source: "/api/:path*", has: https, headers: [hsts] },
      { source: "/_next/static/:path*", has: https, headers: [hsts] },
    ];
  },
};

export default withNextIntl(nextConfig);
