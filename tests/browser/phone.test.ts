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

const WIDTH = 390;

/**
 * What a phone shows wrong: the page wider than the screen (wide tables scroll inside their own
 * box instead), a header label wrapped over two lines ("中/文", "退出登/录"), and text standing one
 * character per line in a squeezed column.
 */
async function phoneProblems(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > width) out.push(`page ${doc.scrollWidth} > ${width}`);
    // Rows of boxes one under another (a badge of smaller type beside the text is on the same row).
    const lines = (el: Element) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0).sort((a, b) => a.top - b.top);
      let rows = 0;
      let bottom = -Infinity;
      for (const r of rects) {
        if (r.top >= bottom - 1) rows++;
        bottom = r.top >= bottom - 1 ? r.bottom : Math.max(bottom, r.bottom);
      }
      return rows;
    };
    for (const el of Array.from(document.querySelectorAll("header a, header button, header [data-testid=viewer]"))) {
      const text = (el as HTMLElement).innerText.trim();
      if (text && lines(el) > 1) out.push(`header "${text}" wraps over ${lines(el)} lines`);
    }
    for (const el of Array.from(document.querySelectorAll("main *"))) {
      if (el.closest("svg")) continue;
      const own = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent!.trim()).join("");
      if (own.length < 4) continue;
      const rect = el.getBoundingClientRect();
      const font = parseFloat(getComputedStyle(el).fontSize);
      if (rect.width > 0 && rect.width < 2.2 * font && rect.height > 3 * font) out.push(`"${own.slice(0, 12)}" one character per line (${Math.round(rect.width)}×${Math.round(rect.height)})`);
    }
    return out;
  }, WIDTH);
}

/** A page to visit: a path, or the first link matching `link` on the page at `from`. */
type Stop = { name: string; path?: string; from?: string; link?: string };

const stops: Record<string, Stop[]> = {
  leader: [
    { name: "dashboard", path: "/dashboard?year=2025" },
    { name: "behind", path: "/dashboard/behind?year=2025" },
    { name: "region", path: "/regions/150100?year=2025" },
    { name: "task", from: "/dashboard?year=2025", link: "[data-testid=task-table] a[href^='/tasks/']" },
    { name: "report-card", from: "/dashboard?year=2025", link: "[data-testid=behind-card]" },
    { name: "plans", path: "/plans" },
    { name: "notifications", path: "/notifications" },
    { name: "account", path: "/account" },
  ],
  staff: [
    { name: "dashboard", path: "/dashboard?year=2025" },
    { name: "region", path: "/regions/150600?year=2025" },
    { name: "task", from: "/dashboard?year=2025", link: "[data-testid=task-table] a[href^='/tasks/']" },
    { name: "plans", path: "/plans?year=2025" },
    { name: "plan", from: "/plans?year=2025", link: "main a[href^='/plans/']:not([href*='new']):not([href*='import'])" },
    { name: "review", path: "/review" },
    { name: "review-report", from: "/review", link: "main a[href^='/review/']:not([href*='missing'])" },
    { name: "missing", path: "/review/missing" },
    { name: "notifications", path: "/notifications" },
    { name: "account", path: "/account" },
  ],
  "bureau-150100": [
    { name: "bureau-home", path: "/my-region" },
    { name: "report", from: "/my-region", link: "main a[href^='/reports/'], main a[href^='/report-card']" },
    { name: "notifications", path: "/notifications" },
    { name: "account", path: "/account" },
  ],
  admin: [
    { name: "admin", path: "/admin" },
    { name: "admin-users", path: "/admin/users" },
    { name: "admin-offices", path: "/admin/offices" },
    { name: "plans", path: "/plans" },
    { name: "account", path: "/account" },
  ],
};

describe("every main page on a 390 px phone", () => {
  it.each(Object.keys(stops))("as %s: fits the screen's width, the header on one line each, no text one character per line", async (role) => {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, baseURL, role);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    const found: Record<string, string[]> = {};
    for (const stop of stops[role]!) {
      let path = stop.path;
      if (!path) {
        await page.goto(`${baseURL}${stop.from}`);
        path = (await page.locator(stop.link!).first().getAttribute("href"))!;
        expect(path, `${role} ${stop.name}: link on ${stop.from}`).toBeTruthy();
      }
      const response = await page.goto(`${baseURL}${path}`);
      expect(response?.status(), `${role} ${path}`).toBe(200);
      // Charts arrive after the page; measure with them in.
      if (await page.locator("[role=img][aria-label]").count()) await expect.poll(() => page.locator(".recharts-surface").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await shot(page, `phone-${role}-${stop.name}`);
      const problems = await phoneProblems(page);
      if (problems.length) found[`${stop.name} ${path}`] = problems;
    }
    expect(found).toEqual({});
    await context.close();
  });
});
