import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signIn } from "../support/browser";

const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function as(username: string, width = 1400): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 844 }, locale: "zh-CN" });
  const page = await context.newPage();
  await signIn(page, baseURL, username);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

const NEW_OFFICE = "生态文明建设处";

describe("牵头处室 is picked from the department's list", () => {
  it("the system administrator adds an office; a refused list says why and keeps the old one", async () => {
    const page = await as("admin");
    await page.goto(`${baseURL}/admin/offices`);
    const form = page.locator("[data-testid=offices-form]");
    const before = await form.locator("textarea[name=offices]").inputValue();
    expect(before.split("\n")).toContain("综合处");
    await form.locator("textarea[name=offices]").fill(`综合处\n综合处`);
    await form.locator("[data-testid=offices-save]").click();
    // The reason under the list, the outcome in a toast.
    await expect.poll(() => form.innerText(), { timeout: 15_000 }).toContain("有重复的处室");
    expect(await form.locator("textarea[name=offices]").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("[data-testid=toasts] [role=alert]").innerText()).toContain("未保存");
    await form.locator("textarea[name=offices]").fill(`${NEW_OFFICE}\n${before}`);
    await form.locator("[data-testid=offices-save]").click();
    await expect.poll(() => page.locator("[data-testid=toasts] [role=status]").allInnerTexts().then((t) => t.join(" ")), { timeout: 15_000 }).toContain("已保存");
    await shot(page, "admin-offices");
    await page.context().close();
  });

  it("staff pick 牵头处室 from that list in the task form (desktop and phone)", async () => {
    for (const width of [1400, 390]) {
      const page = await as("staff", width);
      await page.goto(`${baseURL}/plans?year=2026`);
      await page.locator("main a[href^='/plans/']:not([href*='new']):not([href*='import'])").first().click();
      await page.waitForURL(/\/plans\/\d+$/);
      await page.locator("[data-testid=task-tree] a[href*='/tasks/']").first().click();
      await page.waitForURL(/\/tasks\/\d+$/);
      const select = page.locator("[data-testid=task-form] select[name=leadOffice]");
      const options = await select.locator("option").allInnerTexts();
      expect(options).toContain(NEW_OFFICE);
      expect(options).toContain("综合处");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await shot(page, `staff-task-office-${width}`);
      await page.context().close();
    }
  });
});
