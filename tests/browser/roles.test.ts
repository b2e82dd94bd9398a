import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, inject, it } from "vitest";
import { launch, shot, signIn } from "../support/browser";

const baseURL = inject("baseURL");
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "zh-CN" });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

describe("each role signs in, lands on its page and sees real data", () => {
  it("leader: the dashboard with completion by league-city", async () => {
    await signIn(page, baseURL, "leader");
    await page.waitForURL(/\/dashboard/);
    await expect.poll(() => page.locator("h1").innerText(), { timeout: 15_000 }).toMatch(/年度重点任务完成情况/);
    const rows = page.locator("[data-testid=region-table] tbody tr");
    expect(await rows.count()).toBe(12);
    await expect.poll(() => page.locator(".recharts-bar-rectangle").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.goto(`${baseURL}/dashboard?year=2025`);
    expect(await page.locator("h1").innerText()).toContain("2025");
    expect(await page.locator("[data-testid=region-table]").innerText()).toContain("鄂尔多斯市");
    await shot(page, "leader-dashboard-2025");
  });

  it("staff: the plans of the year with their task trees", async () => {
    await signIn(page, baseURL, "staff");
    await page.waitForURL(/\/plans/);
    await page.goto(`${baseURL}/plans?year=2025`);
    const text = await page.locator("main").innerText();
    expect(text).toContain("在深入打好污染防治攻坚战上有作为、见实效");
    expect(text).toContain("深入打好蓝天保卫战");
    expect(text).toContain("优良天数比例");
    await shot(page, "staff-plans-2025");
  });

  it("admin: signs in and sees the plans", async () => {
    await signIn(page, baseURL, "admin");
    await page.waitForURL(/\/plans/);
    expect(await page.locator("[data-testid=viewer]").innerText()).toContain("系统管理员");
  });

  it("bureau: its own region's assignments and their latest progress; another region is refused", async () => {
    await signIn(page, baseURL, "bureau-150100");
    await page.waitForURL(/\/my-region/);
    expect(await page.locator("h1").innerText()).toContain("呼和浩特市");
    expect(await page.locator("[data-testid=work-item]").count()).toBeGreaterThan(5);
    await shot(page, "bureau-period-work");
    await page.goto(`${baseURL}/regions/150100`);
    const rows = page.locator("[data-testid=assignment-table] tbody tr");
    expect(await rows.count()).toBeGreaterThan(10);
    expect(await page.locator("[role=meter]").first().getAttribute("aria-valuenow")).not.toBeNull();
    await shot(page, "bureau-region");
    const res = await page.goto(`${baseURL}/regions/150200`);
    expect(res?.status()).toBe(404);
    expect(await page.locator("body").innerText()).not.toContain("包头");
    const dash = await page.goto(`${baseURL}/dashboard`);
    expect(dash?.status()).toBe(403);
  });
});

describe("sign-in and sign-out", () => {
  it("a wrong password gets a clear message in Chinese", async () => {
    await signIn(page, baseURL, "leader", "wrong-password");
    await expect.poll(() => page.locator("#login-error").innerText(), { timeout: 15_000 }).toContain("用户名或密码错误");
    expect(page.url()).toContain("/login");
    await shot(page, "login-wrong-password");
  });

  it("empty fields get a clear message without a request", async () => {
    await page.goto(`${baseURL}/login`);
    await page.click("button[type=submit]");
    await expect.poll(() => page.locator("#login-error").innerText(), { timeout: 15_000 }).toContain("请输入用户名和密码");
  });

  it("an unknown user gets the same message as a wrong password", async () => {
    await signIn(page, baseURL, "no-such-user");
    await expect.poll(() => page.locator("#login-error").innerText(), { timeout: 15_000 }).toContain("用户名或密码错误");
  });

  it("sign-out ends the session", async () => {
    await signIn(page, baseURL, "staff");
    await page.waitForURL(/\/plans/);
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(/\/login\?signedOut=1/);
    await page.goto(`${baseURL}/plans`);
    await page.waitForURL(/\/login/);
    expect(page.url()).toContain("/login");
  });

  it("the English switch is remembered", async () => {
    await signIn(page, baseURL, "leader");
    await page.waitForURL(/\/dashboard/);
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.locator("h1").innerText(), { timeout: 15_000 }).toMatch(/Key tasks \d{4}: completion/);
    await page.reload();
    expect(await page.locator("h1").innerText()).toMatch(/Key tasks/);
    expect(await page.locator("[data-testid=region-table]").innerText()).toContain("Ordos");
    await shot(page, "leader-dashboard-en");
  });
});

describe("bad input at sign-in never gives a 500", () => {
  async function post(body: Record<string, string>) {
    const csrfRes = await fetch(`${baseURL}/api/auth/csrf`);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const cookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return fetch(`${baseURL}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrfToken, json: "true", ...body }),
      redirect: "manual",
    });
  }
  it.each([
    ["empty", { username: "", password: "" }],
    ["10 kB strings", { username: "u".repeat(10_240), password: "p".repeat(10_240) }],
    ["unknown user", { username: "nobody", password: "demo2025" }],
    ["missing fields", {}],
  ])("%s", async (_label, body) => {
    const res = await post(body);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.getSetCookie().some((c) => c.includes("session-token"))).toBe(false);
    // A sign-in body over its few kilobytes is refused before it is read (413).
    if (_label === "10 kB strings") return expect(res.status).toBe(413);
    const text = await res.text();
    expect(text).toMatch(/error=CredentialsSignin/);
    expect(res.headers.getSetCookie().some((c) => c.includes("session-token"))).toBe(false);
  });

  it("the right password through /api/auth gives a session", async () => {
    const res = await post({ username: "leader", password: "demo2025" });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.includes("next-auth.session-token"))).toBe(true);
  });
});
