import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, signIn } from "../support/browser";

const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("security headers", () => {
  it.each(["/login", "/dashboard"])("a page (%s) carries a nonce CSP without unsafe-inline scripts, nosniff, a referrer policy and no HSTS over http", async (path) => {
    const res = await fetch(`${baseURL}${path}`, { redirect: "manual" });
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("the nonce is on the page's scripts and changes per request", async () => {
    const nonceOf = async () => {
      const res = await fetch(`${baseURL}/login`);
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")![1]!;
      expect(await res.text()).toContain(`nonce="${nonce}"`);
      return nonce;
    };
    expect(await nonceOf()).not.toBe(await nonceOf());
  });

  it("the API and HSTS behind an https proxy", async () => {
    const res = await fetch(`${baseURL}/api/v1/openapi.json`, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  // The proxy does not run for /api/v1/ (proxy.ts): its routes refuse and carry the headers themselves.
  it.each([
    ["a write without a token", "/api/v1/reports/1/submit", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }, 401],
    ["a write from another site", "/api/v1/reports/1/submit", { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: "{}" }, 403],
    ["a write over the body limit", "/api/v1/reports/1/submit", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) }) }, 413],
    ["a path no route has", "/api/v1/no-such-thing", { method: "GET", headers: {} }, 404],
    ["a read with ?inline=1 (the attachments' preview flag)", "/api/v1/reports/1?inline=1", { method: "GET", headers: {} }, 401],
    ["a path no route has, with ?inline=1", "/api/v1/no-such-thing?inline=1", { method: "GET", headers: {} }, 404],
  ] as const)("the API answers %s with its status and every security header", async (_label, path, init, status) => {
    const res = await fetch(`${baseURL}${path}`, { ...init, headers: { ...init.headers, "x-forwarded-proto": "https, http" } });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    await res.arrayBuffer();
  });

  it("the session cookie is HttpOnly and SameSite=Lax", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, baseURL, "leader");
    await page.waitForURL(/\/dashboard/);
    const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"))!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    await context.close();
  });
});

describe("a deactivated user's open session", () => {
  it("is sent to the sign-in page at its next request", async () => {
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await signIn(adminPage, baseURL, "admin");
    await adminPage.waitForURL((u) => !u.pathname.startsWith("/login"));

    const user = await browser.newContext();
    const page = await user.newPage();
    await signIn(page, baseURL, "bureau-152900");
    await page.waitForURL(/\/my-region/);

    // The admin deactivates the user on the users page (built by the admin-screens change; selectors may need aligning).
    await adminPage.goto(`${baseURL}/admin/users`);
    await adminPage.locator("tr", { hasText: "bureau-152900" }).getByRole("link").first().click();
    await adminPage.waitForURL(/\/admin\/users\/\d+/);
    adminPage.on("dialog", (d) => void d.accept());
    await adminPage.getByRole("button", { name: /^(停用|Deactivate)$/ }).click();
    await expect.poll(() => adminPage.getByRole("button", { name: /^(重新启用|Reactivate)$/ }).count(), { timeout: 15_000 }).toBe(1);

    await page.reload();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe("/login");
    await admin.close();
    await user.close();
  });
});
