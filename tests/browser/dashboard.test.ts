import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
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

async function leader(width: number, height: number, locale: "zh-CN" | "en" = "zh-CN"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  if (locale === "en") await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL }]);
  const page = await context.newPage();
  await signIn(page, baseURL, "leader");
  await page.waitForURL(/\/dashboard/);
  return page;
}

/** Elements whose content spills out of their box (not scroll containers), and page-wide horizontal overflow. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    for (const el of Array.from(document.querySelectorAll("main *"))) {
      const style = getComputedStyle(el);
      if (style.overflowX !== "visible" || el.closest("svg")) continue;
      if (el.closest("[class*='overflow-x-auto']")) continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && style.display !== "inline") out.push(`${el.tagName.toLowerCase()}.${(el.className || "").toString().slice(0, 40)} ${el.scrollWidth}>${el.clientWidth}`);
    }
    return out;
  });
}

describe("the leaders' dashboard", () => {
  it("opens, changes the year, a region's bar drills down to it, and its row leads to its page", async () => {
    const page = await leader(1366, 768);
    await page.getByRole("navigation", { name: "年度" }).getByRole("link", { name: "2025" }).click();
    await page.waitForURL(/year=2025/);
    await expect.poll(() => page.locator("h1").innerText(), { timeout: 15_000 }).toContain("2025");
    expect(await page.locator("[data-testid=region-table] tbody tr").count()).toBe(12);
    expect(await page.locator("[data-testid=light-matrix] tbody tr").count()).toBe(12);
    await page.locator(".recharts-bar-rectangle").first().click();
    await page.waitForURL(/\/dashboard\?year=2025&regionCode=\d{6}/);
    await expect.poll(() => page.locator("[data-testid=scope-breadcrumb]").count(), { timeout: 15_000 }).toBe(1);
    await page.locator("[data-testid=region-table] tbody tr").first().locator("a").first().click();
    await page.waitForURL(/\/regions\/\d{6}\?year=2025/);
    expect(await page.locator("[data-testid=assignment-table] tbody tr").count()).toBeGreaterThan(10);
    await page.context().close();
  });

  it("keeps its filters in the URL", async () => {
    const page = await leader(1366, 768);
    await page.goto(`${baseURL}/dashboard?year=2025&regionCode=150600`);
    expect(await page.locator("[data-testid=region-table] tbody tr").count()).toBe(1);
    expect(await page.locator("[data-testid=region-table]").innerText()).toContain("鄂尔多斯市");
    await page.context().close();
  });

  it("exports the tables to Excel with the rows", async () => {
    const page = await leader(1366, 768);
    await page.goto(`${baseURL}/dashboard?year=2025`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=export-xlsx]").click()]);
    const path = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path!);
    expect(wb.worksheets.length).toBeGreaterThanOrEqual(4);
    const sheet = wb.worksheets[0]!;
    const text = sheet.getSheetValues().flat().map(String).join(" ");
    for (const name of ["呼和浩特市", "鄂尔多斯市", "阿拉善盟"]) expect(text).toContain(name);
    await page.context().close();
  });

  it.each([
    [1366, 768],
    [390, 844],
  ])("at %i×%i chooses the bulletin's period and 文号, then downloads it as a Word document", async (w, h) => {
    const page = await leader(w, h);
    await page.goto(`${baseURL}/dashboard?year=2026`);
    await page.locator("[data-testid=bulletin-link]").click();
    // The last closed period is chosen; its number is empty until the administrator sets a prefix.
    expect(await page.locator("[data-testid=bulletin-period]").inputValue()).toBe("2026-10");
    await page.locator("[data-testid=bulletin-period]").selectOption("2026-09");
    await page.locator("[data-testid=bulletin-doc-number]").fill("内环督〔2026〕9号");
    await shot(page, `dashboard-bulletin-form-${w}`);
    expect(await overflowing(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=bulletin-generate]").click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const { unzipSync, strFromU8 } = await import("fflate");
    const xml = strFromU8(unzipSync(new Uint8Array(bytes))["word/document.xml"]!);
    expect(xml).toContain("关于2026年9月全区生态环境保护重点任务推进情况的通报");
    expect(xml).toContain("内环督〔2026〕9号");
    expect(xml).toContain("鄂尔多斯市");
    await page.context().close();
  });

  it("opens the print view with its charts", async () => {
    const page = await leader(1366, 768);
    await page.goto(`${baseURL}/print/dashboard?year=2025`);
    expect(await page.locator("[data-testid=print-view]").count()).toBe(1);
    await expect.poll(() => page.locator(".recharts-surface").count(), { timeout: 15_000 }).toBeGreaterThan(2);
    await page.emulateMedia({ media: "print" });
    await shot(page, "dashboard-print");
    await page.context().close();
  });

  it.each([
    [1366, 768, "zh-CN"],
    [1920, 1080, "zh-CN"],
    [1366, 768, "en"],
    [1920, 1080, "en"],
  ] as const)("at %i×%i in %s nothing overflows its box", async (w, h, locale) => {
    const page = await leader(w, h, locale);
    await page.goto(`${baseURL}/dashboard?year=2025`);
    await expect.poll(() => page.locator(".recharts-bar-rectangle").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(page, `dashboard-${w}x${h}-${locale}`);
    expect(await overflowing(page)).toEqual([]);
    await page.context().close();
  });
});
