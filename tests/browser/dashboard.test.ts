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
    await shot(page, "region-1366");
    await page.context().close();
  });

  it("says every light in words or a named shape, never by colour alone", async () => {
    const page = await leader(1366, 768);
    await page.goto(`${baseURL}/dashboard?year=2025`);
    const names = { green: "绿灯", yellow: "黄灯", red: "红灯" } as const;
    const shapes = { green: "circle", yellow: "triangle", red: "square" } as const;
    // The matrix: each cell's light is a shape named for screen readers, the shapes explained in its legend.
    const cells = await page.locator("[data-testid=matrix-cell]").evaluateAll((els) =>
      els.map((el) => ({ light: el.getAttribute("data-light"), shape: el.querySelector("svg")?.getAttribute("data-shape"), role: el.querySelector("svg")?.getAttribute("role"), name: el.querySelector("svg")?.getAttribute("aria-label") })),
    );
    expect(cells.length).toBeGreaterThan(12);
    for (const c of cells) expect(c).toEqual({ light: c.light, shape: shapes[c.light as keyof typeof shapes], role: "img", name: names[c.light as keyof typeof names] });
    expect(new Set(cells.map((c) => c.shape)).size).toBeGreaterThan(1);
    const legend = page.locator("[data-testid=matrix-legend] [data-testid=light-legend]");
    for (const [light, name] of Object.entries(names)) expect(await legend.locator(`[data-light=${light}]`).innerText()).toBe(name);
    // The ranking's counts: each number after a shape named for its light.
    const counts = page.locator("[data-testid=region-table] [data-testid=light-counts]").first();
    expect(await counts.getByRole("img").evaluateAll((els) => els.map((el) => el.getAttribute("aria-label")))).toEqual(["绿灯", "黄灯", "红灯"]);
    // The behind list: a shape and a word.
    const badge = page.locator("[data-testid=behind-table] tbody tr").first().locator("[data-light]");
    expect(await badge.innerText()).toMatch(/逾期|红灯|黄灯/);
    expect(await badge.locator("svg[data-shape]").count()).toBe(1);
    // A key task's page: each region's light in words beside its shape.
    await page.locator("[data-testid=task-table] a[href^='/tasks/']").first().click();
    await page.waitForURL(/\/tasks\/\d+/);
    const light = page.locator("[data-testid=task-cell-card] [data-light]").first();
    expect(await light.innerText()).toMatch(/^(绿灯|黄灯|红灯|已办结)$/);
    expect(await light.locator("svg[data-shape]").count()).toBe(1);
    await shot(page, "task-1366");
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
    // Its texts are filled where they have a placeholder (the catalogs the build compiles are not what the workbook reads).
    expect(text).toContain("2025年度重点任务完成情况");
    expect(text).toMatch(/数据截至 \d{4}-\d{2}-\d{2}/);
    expect(text).not.toContain("{");
    await page.context().close();
  });

  it.each([
    [1366, 768],
    [390, 844],
  ])("at %i×%i chooses the bulletin's period and 文号, then downloads it as a Word document", async (w, h) => {
    const page = await leader(w, h);
    await page.goto(`${baseURL}/dashboard?year=2026`);
    await page.locator("[data-testid=bulletin-link]").click();
    // The last closed period is chosen (on the tests' clock, 22 November: October's reports were due
    // on 25 October, with 5 days' grace); its number is empty until the administrator sets a prefix.
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
