import ExcelJS from "exceljs";
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

describe("re-importing a plan's own export (preview only: nothing is written here)", () => {
  it("an unchanged export changes nothing; an edited title shows as one changed row with before → after", async () => {
    await signIn(page, baseURL, "staff");
    await page.waitForURL(/\/plans/);
    await page.goto(`${baseURL}/plans`);
    const href = await page.locator("a[href^='/plans/']").filter({ hasText: "示例" }).first().getAttribute("href");
    const planId = Number(/\/plans\/(\d+)/.exec(href ?? "")?.[1]);
    expect(planId).toBeGreaterThan(0);
    const res = await page.request.get(`${baseURL}/api/plans/${planId}/export`);
    expect(res.status()).toBe(200);
    const exported = await res.body();

    await page.goto(`${baseURL}/plans/${planId}/import`);
    const form = page.locator("form[aria-label]").first();
    await form.locator("input[type=file]").setInputFiles({ name: "plan.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: exported });
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.locator("[data-testid=import-summary]").innerText().catch(() => ""), { timeout: 20_000 }).toContain("不会改变任何内容");
    expect(await page.locator("[data-testid=import-commit]").isDisabled()).toBe(true);
    expect(await page.locator("body").innerText()).not.toContain("编号重复");

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet("任务分解")!;
    const cell = ws.getRow(3).getCell(3);
    const oldTitle = String(cell.value);
    cell.value = `${oldTitle}（修订稿）`;
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    await form.locator("input[type=file]").setInputFiles({ name: "plan-edited.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: edited });
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.locator("[data-testid=import-summary]").innerText().catch(() => ""), { timeout: 20_000 }).toMatch(/新增0行，修改1行/);
    const row = page.locator("[data-testid=import-preview] tr[data-kind=changed]");
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain(`名称：${oldTitle} → ${oldTitle}（修订稿）`);
    expect(await page.locator("[data-testid=import-commit]").isEnabled()).toBe(true);
    await shot(page, "plan-reimport-preview");
  });
});
