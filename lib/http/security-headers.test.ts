import { describe, expect, it } from "vitest";
import { API_CONTENT_SECURITY_POLICY, contentSecurityPolicy, createNonce, securityHeaders } from "./security-headers";

const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("contentSecurityPolicy", () => {
  const csp = directives(contentSecurityPolicy("abc123=="));

  it.each([
    { directive: "script-src", has: ["'self'", "'nonce-abc123=='", "'strict-dynamic'"], hasNot: ["'unsafe-inline'", "'unsafe-eval'"] },
    { directive: "style-src", has: ["'self'", "'unsafe-inline'"], hasNot: [] },
    { directive: "frame-ancestors", has: ["'none'"], hasNot: ["'self'"] },
    { directive: "object-src", has: ["'none'"], hasNot: [] },
    { directive: "default-src", has: ["'self'"], hasNot: ["*"] },
  ])("$directive", ({ directive, has, hasNot }) => {
    const values = csp.get(directive) ?? [];
    for (const v of has) expect(values).toContain(v);
    for (const v of hasNot) expect(values).not.toContain(v);
  });

  it("allows eval only on the dev server", () => {
    expect(directives(contentSecurityPolicy("n", { dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("the API's policy allows nothing and no framing", () => {
    expect(directives(API_CONTENT_SECURITY_POLICY).get("default-src")).toEqual(["'none'"]);
    expect(directives(API_CONTENT_SECURITY_POLICY).get("frame-ancestors")).toEqual(["'none'"]);
  });
});

describe("securityHeaders", () => {
  it.each([
    { https: true, hsts: true },
    { https: false, hsts: false },
  ])("over https=$https: nosniff, the referrer policy, HSTS=$hsts", ({ https, hsts }) => {
    const h = securityHeaders("x", https);
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["Content-Security-Policy"]).toBe("x");
    expect("Strict-Transport-Security" in h).toBe(hsts);
  });
});

describe("createNonce", () => {
  it("is new each time and base64", () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(a);
  });
});
