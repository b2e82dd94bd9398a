import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
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

describe("the administrator runs people and regions", () => {
  it("adds a banner-county and its bureau user, who signs in with the one-time password, must change it, then sees only its region", async () => {
    await signIn(page, baseURL, "admin");
    await page.waitForURL(/\/plans/);
    await page.goto(`${baseURL}/admin/regions`);
    await page.selectOption("select[name=parentCode]", "150100");
    await page.fill("input[name=code]", "150105");
    await page.fill("input[name=nameZh]", "赛罕区");
    await page.fill("input[name=nameEn]", "Saihan District");
    await page.click("form:has(input[name=code]) button[type=submit]");
    await expect.poll(() => page.locator("[data-testid=region-admin-table]").innerText(), { timeout: 15_000 }).toContain("赛罕区");

    await page.goto(`${baseURL}/admin/users`);
    const form = page.locator("[data-testid=user-create-form]");
    await form.locator("input[name=username]").fill("saihan");
    await form.locator("input[name=name]").fill("赛罕区分局");
    await form.locator("select[name=role]").selectOption("bureau");
    await form.locator("select[name=regionCode]").selectOption("150105");
    await form.locator("button[type=submit]").click();
    const password = form.locator("[data-testid=one-time-password]");
    await expect.poll(() => password.count(), { timeout: 15_000 }).toBe(1);
    const oneTime = (await password.innerText()).trim();
    expect(oneTime).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{12}$/);
    await shot(page, "admin-user-created");

    await context.clearCookies();
    await signIn(page, baseURL, "saihan", oneTime);
    await page.waitForURL(/\/account\/password|\/my-region/);
    // Wherever the sign-in lands, every signed-in page sends the user to change the password first.
    await page.goto(`${baseURL}/my-region`);
    await page.waitForURL(/\/account\/password/);
    const pw = page.locator("[data-testid=password-form]");
    await pw.locator("input[name=current]").fill(oneTime);
    await pw.locator("input[name=next]").fill("Saihan2026green");
    await pw.locator("input[name=confirm]").fill("Saihan2026green");
    await pw.locator("button[type=submit]").click();
    await page.waitForURL(/\/my-region/, { timeout: 15_000 });
    const text = await page.locator("main").innerText();
    expect(text).not.toContain("包头市");
    await page.goto(`${baseURL}/admin/users`);
    expect(await page.locator("main").innerText()).not.toContain("saihan");
  });

  // 三员分立: the audit log is the audit administrator's (tests/browser/audit-admin.test.ts), no longer the system administrator's.
  it("the audit log lists the writes, filters them and exports them", async () => {
    await signIn(page, baseURL, "auditor");
    await page.waitForURL(/\/admin\/audit/);
    await page.goto(`${baseURL}/admin/audit?entityType=user`);
    await expect.poll(() => page.locator("[data-testid=audit-table]").innerText(), { timeout: 15_000 }).toContain("新建用户");
    const download = await Promise.all([page.waitForEvent("download"), page.click("a[href^='/api/admin/audit/export']")]).then(([d]) => d);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  });
});
