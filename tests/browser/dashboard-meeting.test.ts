import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, shotOf, signIn } from "../support/browser";

const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function leader(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await signIn(page, baseURL, "leader");
  await page.waitForURL(/\/dashboard/);
  return page;
}

/** Pages of a PDF: its page objects (not the /Pages tree). */
function pdfPages(bytes: Buffer): number {
  return (bytes.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

describe("the dashboard for a meeting", () => {
  it("names the key tasks in the matrix, explains its cells and draws the expected progress on every progress chart", async () => {
    const page = await leader(1366, 768);
    await page.goto(`${baseURL}/dashboard?year=2025`);
    const heads = page.locator("[data-testid=matrix-task]");
    expect(await heads.count()).toBeGreaterThan(1);
    // A short title in the head, the full one on hover; never a bare number.
    const first = heads.first();
    expect(await first.innerText()).toMatch(/^1\.\s*\S{2,}/);
    const full = await first.getAttribute("title");
    expect(full!.length).toBeGreaterThan((await first.innerText()).replace("…", "").length - 1);
    expect(await page.locator("[data-testid=task-table] tbody tr").first().innerText()).toContain(full!.replace(/^1\.\s*/, "").slice(0, 12));
    const legend = await page.locator("[data-testid=matrix-legend]").innerText();
    expect(legend).toContain("已办结／交办");
    expect(legend).toContain("红灯");
    // One meaning of 本期 on the screen: the current reporting period, said once.
    const note = await page.locator("[data-testid=period-note]").innerText();
    expect(note).toMatch(/本期”指当前报送期 2025-\d\d|应达进度/);
    expect(await page.locator("[data-testid=region-table] caption").innerText()).not.toContain("本期");
    // 应达进度: a reference line on both bar charts and a dashed line on both curves.
    await expect.poll(() => page.locator(".recharts-reference-line").count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => page.locator(".recharts-legend-item-text", { hasText: "应达进度" }).count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator("[data-testid=period-table]").innerText()).toContain("应达进度");
    await shot(page, "meeting-dashboard-1366");
    await page.context().close();
  });

  it("lists every measure behind from 查看全部, 50 to a page, in the dashboard's order", async () => {
    const page = await leader(1366, 768);
    await page.goto(`${baseURL}/dashboard?year=2025`);
    const heading = await page.locator("#behind").innerText();
    const count = Number(/（(\d+)项/.exec(heading)![1]);
    expect(count).toBeGreaterThan(50);
    const top = await page.locator("[data-testid=behind-table] tbody tr").allInnerTexts();
    await page.locator("[data-testid=behind-all]").click();
    await page.waitForURL(/\/dashboard\/behind\?year=2025$/);
    expect(await page.locator("h1").innerText()).toContain("2025");
    expect(await page.locator("main p").first().innerText()).toContain(`共${count}项`);
    const first = await page.locator("[data-testid=behind-table] tbody tr").allInnerTexts();
    expect(first).toHaveLength(50);
    // The dashboard's top rows are this list's first rows.
    expect(first.slice(0, 10)).toEqual(top.slice(0, 10));
    const pages = Math.ceil(count / 50);
    expect(await page.locator("[data-testid=behind-pager]").innerText()).toContain(`共${pages}页`);
    await shot(page, "meeting-behind-all");
    const seen = new Set(first);
    let rows = 50;
    for (let p = 2; p <= pages; p++) {
      await page.locator("[data-testid=behind-next]").click();
      await page.waitForURL(new RegExp(`page=${p}$`));
      const more = await page.locator("[data-testid=behind-table] tbody tr").allInnerTexts();
      expect(more.length).toBe(p < pages ? 50 : count - 50 * (pages - 1));
      for (const r of more) seen.add(r);
      rows += more.length;
    }
    expect(rows).toBe(count);
    // No row twice across the pages (each row names its own measure and region).
    expect(seen.size).toBe(count);
    await page.locator("[data-testid=back-to-dashboard]").click();
    await page.waitForURL(/\/dashboard\?year=2025$/);
    await page.context().close();
  });

  it.each([["", "province"], ["&regionCode=150600", "league-city"]])("prints on two landscape A4 pages%s (%s), tiles, both completion charts and the ranking on the first", async (query, label) => {
    const page = await leader(1366, 768);
    await page.goto(`${baseURL}/print/dashboard?year=2025${query}`);
    await expect.poll(() => page.locator(".recharts-wrapper").count(), { timeout: 15_000 }).toBe(4);
    expect(await page.locator("[data-testid=print-now]").innerText()).toBe("打印");
    expect(await page.locator("[data-testid=print-back]").getAttribute("href")).toBe(`/dashboard?year=2025${query}`);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("[data-testid=print-now]").isVisible()).toBe(false);
    // Nothing is cut off: each page's content fits its box.
    const clipped = await page.locator("[data-testid=print-page]").evaluateAll((els) => els.map((el) => el.scrollHeight - el.clientHeight));
    expect(clipped).toEqual([0, 0]);
    const first = page.locator("[data-testid=print-page]").first();
    expect(await first.locator("[data-testid=headline]").count()).toBe(1);
    expect(await first.locator("#by-region").count()).toBe(1);
    expect(await first.locator("#by-task").count()).toBe(1);
    expect(await first.locator("[data-testid=region-table]").count()).toBe(1);
    expect(await first.locator(".recharts-wrapper").count()).toBe(2);
    const dir = path.resolve(import.meta.dirname, "../../screenshots");
    fs.mkdirSync(dir, { recursive: true });
    const pages = page.locator("[data-testid=print-page]");
    for (let i = 0; i < 2; i++) await shotOf(pages.nth(i), `meeting-print-${label}-page${i + 1}`);
    const pdf = await page.pdf({ format: "A4", landscape: true, printBackground: true, path: path.join(dir, `meeting-print-${label}.pdf`) });
    expect(pdfPages(pdf)).toBe(2);
    await page.context().close();
  });
});
