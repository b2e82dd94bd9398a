import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, signIn, testNow } from "../support/browser";
import { NOW } from "../support/test-clock";

// What the other browser files rely on: the app server and Chromium read the tests' clock
// (test-clock.ts), which started at NOW when this run's server did, whatever the real date.
const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the browser tests' clock", () => {
  it("started at NOW with this run", () => {
    const since = testNow().getTime() - NOW.getTime();
    expect(since).toBeGreaterThanOrEqual(0);
    expect(since).toBeLessThan(6 * 3_600_000);
  });

  it("is the app server's (its answers' Date header)", async () => {
    const res = await fetch(`${baseURL}/api/health`);
    await res.arrayBuffer();
    const served = Date.parse(res.headers.get("date")!);
    expect(Math.abs(served - testNow().getTime())).toBeLessThan(120_000);
  });

  it("is Chromium's, whose session cookie from the server then holds", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, baseURL, "leader");
    await page.waitForURL(/\/dashboard/);
    const pageNow = await page.evaluate(() => Date.now());
    expect(Math.abs(pageNow - testNow().getTime())).toBeLessThan(120_000);
    const session = (await context.cookies()).find((c) => c.name.includes("session-token"));
    expect(session?.expires).toBeGreaterThan(pageNow / 1000);
    await context.close();
  });
});
