import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signIn } from "../support/browser";

/**
 * 三员分立 in the browser: the audit administrator reads and exports the audit log and reaches
 * nothing else; the system administrator no longer reads it. At desktop width and on a phone.
 */
const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const sizes = [
  { name: "desktop", viewport: { width: 1400, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

async function open(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  return { context, page: await context.newPage() };
}

describe.each(sizes)("the audit administrator ($name)", ({ name, viewport }) => {
  it("lands on the audit log, sees its own views in it, filters and exports; every other page is refused", async () => {
    const { context, page } = await open(viewport);
    try {
      await signIn(page, baseURL, "auditor");
      await page.waitForURL(/\/admin\/audit/, { timeout: 15_000 });
      // The menu holds the audit log and one's own account, nothing else.
      const nav = await page.locator("nav[aria-label=main]").innerText();
      expect(nav).toContain("审计日志");
      expect(nav).toContain("我的账号");
      for (const other of ["年度部署", "审核", "驾驶舱", "系统管理"]) expect(nav).not.toContain(other);
      const tabs = await page.locator("nav[aria-label=admin]").innerText();
      expect(tabs.trim()).toBe("审计日志");
      expect(await page.locator("[data-testid=viewer]").innerText()).toContain("审计管理员");

      // Looking at the log is itself in the log.
      await page.goto(`${baseURL}/admin/audit?action=audit.view`);
      await expect.poll(() => page.locator("[data-testid=audit-table]").innerText(), { timeout: 15_000 }).toContain("audit.view");
      expect(await page.locator("[data-testid=audit-table]").innerText()).toContain("auditor");
      // The filter's people come from the log itself (the auditor manages no users).
      expect(await page.locator("select[name=actorId] option").allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining("auditor")]));
      // The page fits the phone: only the table scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await shot(page, `auditor-audit-log-${name}`);

      const download = await Promise.all([page.waitForEvent("download"), page.click("a[href^='/api/admin/audit/export']")]).then(([d]) => d);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

      for (const path of ["/admin/users", "/admin/regions", "/plans", "/dashboard", "/review"]) {
        const res = await page.goto(`${baseURL}${path}`);
        expect(res?.status(), path).toBe(403);
      }
      // /admin takes the auditor to the one administration page it has.
      await page.goto(`${baseURL}/admin`);
      await page.waitForURL(/\/admin\/audit/);
      // The export route itself answers the auditor (with the session cookie).
      const res = await page.request.get(`${baseURL}/api/admin/audit/export`);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toContain("spreadsheetml");
    } finally {
      await context.close();
    }
  });
});

describe("the other two administrators", () => {
  it("the system administrator manages users and regions but is refused the audit log; the security administrator sees users, not regions", async () => {
    const { context, page } = await open({ width: 1400, height: 900 });
    try {
      await signIn(page, baseURL, "admin");
      await page.waitForURL(/\/plans/);
      expect((await page.goto(`${baseURL}/admin/audit`))?.status()).toBe(403);
      expect((await page.request.get(`${baseURL}/api/admin/audit/export`)).status()).toBe(403);
      await page.goto(`${baseURL}/admin/users`);
      expect((await page.locator("nav[aria-label=admin]").innerText()).replace(/\s+/g, " ")).not.toContain("审计日志");

      await context.clearCookies();
      await signIn(page, baseURL, "secadmin");
      await page.waitForURL(/\/admin\/users/);
      expect(await page.locator("[data-testid=user-table]").innerText()).toContain("auditor");
      // No account creation for the security administrator.
      expect(await page.locator("[data-testid=user-create-form]").count()).toBe(0);
      await shot(page, "secadmin-users");
      expect((await page.goto(`${baseURL}/admin/regions`))?.status()).toBe(403);
      expect((await page.goto(`${baseURL}/admin/audit`))?.status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});
