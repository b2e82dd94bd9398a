import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signIn } from "../support/browser";

const baseURL = inject("baseURL");
const report2025 = fs.readFileSync(path.join(import.meta.dirname, "../../lib/domain/fixtures/conference-report-2025.txt"), "utf8");
const stamp = Date.now().toString(36);

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Paste the 2025 report, correct one measure, create the draft plan; then find it in the plans list with its 7 key tasks. */
async function draftFromReport(page: Page, label: string) {
  await signIn(page, baseURL, "staff");
  await page.waitForURL(/\/plans/);
  await page.goto(`${baseURL}/plans/new`);
  await page.locator("[data-testid=import-report-link]").click();
  await page.waitForURL(/\/plans\/import-report$/);
  await page.locator("[data-testid=report-text]").fill(report2025);
  await page.locator("[data-testid=report-parse]").click();
  await expect.poll(() => page.locator("[data-testid=report-task]").count(), { timeout: 15_000 }).toBe(7);
  expect(await page.locator("[role=status]").first().innerText()).toContain("识别出 7 项重点任务");
  expect(await page.locator("input[name=year]").inputValue()).toBe("2025");
  expect(await page.locator("input[name=meetingDate]").inputValue()).toBe("2025-02-18");
  expect(await page.locator("input[name=issuingBody]").inputValue()).toBe("内蒙古自治区生态环境厅");

  // Task 2's second measure: its source is highlighted beside the tree; the officer corrects it.
  const task2 = page.locator("[data-testid=report-task]").nth(1);
  expect(await task2.locator("[data-testid=measure-title]").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([
    "坚持精准治污、科学治污、依法治污",
    "深入打好蓝天、碧水、净土保卫战",
    "加强固体废物和新污染物治理",
    "全面完成“十四五”污染防治约束性指标任务",
  ]);
  const measure = task2.locator("[data-testid=measure-title]").nth(1);
  await measure.focus();
  await expect.poll(() => page.locator("[data-testid=source-highlight]").allInnerTexts()).toEqual(["深入打好蓝天、碧水、净土保卫战"]);
  await shot(page, `report-import-parsed-${label}`);
  const corrected = `深入打好蓝天、碧水、净土保卫战（${stamp}${label}）`;
  await measure.fill(corrected);

  const title = `2025年重点任务（由报道生成 ${stamp} ${label}）`;
  await page.locator("input[name=title]").fill(title);
  await page.locator("[data-testid=report-create]").click();
  const confirm = page.getByRole("alertdialog");
  expect(await confirm.innerText()).toContain("7 项重点任务、31 条具体举措、1 个量化指标");
  await shot(page, `report-import-confirm-${label}`);
  await confirm.locator("[data-testid=report-confirm]").click();
  await page.waitForURL(/\/plans\/\d+$/, { timeout: 30_000 });
  const planId = page.url().split("/").pop()!;

  await page.goto(`${baseURL}/plans?year=2025`);
  const section = page.locator(`section[aria-labelledby="plan-${planId}"]`);
  expect(await section.locator("h2").innerText()).toBe(title);
  expect(await section.locator(":scope > div.mt-3 > ul > li").count()).toBe(7);
  expect(await section.innerText()).toContain(corrected);
  await section.scrollIntoViewIfNeeded();
  await shot(page, `report-import-plans-list-${label}`);
}

describe("a draft plan from the conference report", () => {
  it("desktop: paste the 2025 report, correct a measure, create the plan, find it with 7 key tasks", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "zh-CN" });
    try {
      await draftFromReport(await context.newPage(), "desktop");
    } finally {
      await context.close();
    }
  });

  it("phone (390×844): the same", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      await draftFromReport(page, "390");
      // Nothing wider than the screen.
      await page.goto(`${baseURL}/plans/import-report`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });

  it("a leader is refused the page", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "zh-CN" });
    try {
      const page = await context.newPage();
      await signIn(page, baseURL, "leader");
      await page.waitForURL(/\/dashboard/);
      const res = await page.goto(`${baseURL}/plans/import-report`);
      expect(res?.status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});
