import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, signIn } from "../support/browser";

// Issue 13, items 1, 2 and 9 against the real server: a page of the same site on another port (a
// sibling app on the same host) tries to make a signed-in officer's browser return a report, with
// the text/plain form trick and with fetch; the sign-in page's `next` tries to send a user off-site;
// paths that look like static files keep their security headers.
const baseURL = inject("baseURL");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let attacker: http.Server;
let attackerURL = "";
let target = 0;

async function reportState(id: number): Promise<string> {
  const res = await page.request.get(`${baseURL}/api/v1/reports/${id}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { state: string }).state;
}

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext();
  page = await context.newPage();
  await signIn(page, baseURL, "staff");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  const list = await page.request.get(`${baseURL}/api/v1/reports?state=submitted&limit=1`);
  target = ((await list.json()) as { items: { id: number }[] }).items[0]!.id;

  const returnUrl = `${baseURL}/api/v1/reports/${target}/return`;
  // The same host as the app (127.0.0.1), another port: same-site, not same-origin.
  attacker = http.createServer((req, res) => {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    if (req.url === "/form") {
      // enctype=text/plain makes the body `{"comment":"x","pad":"="}`: JSON, were the type not checked.
      res.end(`<form method="POST" action="${returnUrl}" enctype="text/plain"><input name='{"comment":"被伪造的退回","pad":"' value='"}'></form><script>document.forms[0].submit()</script>`);
    } else if (req.url === "/fetch") {
      res.end(`<script>fetch(${JSON.stringify(returnUrl)}, { method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ comment: "被伪造的退回" }) }).then(() => document.title = "sent", () => document.title = "sent")</script>`);
    } else res.end("<p>nothing here</p>");
  });
  await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", r));
  attackerURL = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
});

describe("a same-site page on another port", () => {
  it("cannot return a report with a text/plain form: 403, and the report stays submitted", async () => {
    expect(await reportState(target)).toBe("submitted");
    const refused = page.waitForResponse((r) => r.url().endsWith(`/reports/${target}/return`));
    await page.goto(`${attackerURL}/form`);
    const res = await refused;
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("crossSiteRequest");
    expect(await reportState(target)).toBe("submitted");
  });

  it("cannot return it with fetch and the officer's cookie either", async () => {
    const refused = page.waitForResponse((r) => r.url().endsWith(`/reports/${target}/return`));
    await page.goto(`${attackerURL}/fetch`);
    expect((await refused).status()).toBe(403);
    expect(await reportState(target)).toBe("submitted");
  });

  it("while the app's own page, with the same cookie, may (the guard refuses only other origins)", async () => {
    await page.goto(`${baseURL}/dashboard`);
    const status = await page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/reports/${id}/return`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ comment: "x" }) });
      return res.status;
    }, target);
    // Same origin, but not JSON: 415, still nothing changed.
    expect(status).toBe(415);
    expect(await reportState(target)).toBe("submitted");
  });
});

describe("the sign-in page's next", () => {
  it.each(["/\\evil.example/", "/%09/evil.example", "//evil.example", "https://evil.example/"])("%s keeps a signed-in user on the app", async (next) => {
    await page.goto(`${baseURL}/login?next=${next}`);
    expect(new URL(page.url()).origin).toBe(baseURL);
  });
});

describe("security headers on paths that look like files, and on 404s", () => {
  it.each(["/nope.png", "/robots.txt", "/x.svg", "/favicon.ico", "/no/such/page"])("%s", async (path) => {
    const res = await fetch(`${baseURL}${path}`, { headers: { cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ") } });
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    await res.arrayBuffer();
  });
});

describe("a path that does not decode", () => {
  it.each(["/api/v1/reports/%ff", "/api/attachments/%ff", "/api/v1/reports/%ff/submit"])("%s is a 400 with the security headers, not Next's bare 500", async (path) => {
    for (const method of ["GET", "POST"]) {
      const res = await fetch(`${baseURL}${path}`, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      await res.arrayBuffer();
    }
  });
});
