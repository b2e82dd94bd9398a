import { generateSync } from "otplib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signIn, testNow } from "../support/browser";

const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };

/** What the user's authenticator app shows, `aheadSteps` 30-second steps from now (the app server's clock is the tests'). */
const appCode = (secret: string, aheadSteps = 0) => generateSync({ secret, epoch: Math.floor(testNow().getTime() / 1000) + aheadSteps * 30 });

/** A form's outcome when it worked: a toast (role=status) at the bottom of the page. */
const savedToast = (page: Page) => page.locator("[data-testid=toasts] [role=status]").allInnerTexts().then((t) => t.join(" "));

async function newPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: "zh-CN", isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
  return { context, page: await context.newPage() };
}

describe.each([
  ["desktop", DESKTOP, "bureau-150300"],
  ["phone", PHONE, "bureau-150400"],
])("two-step verification on a %s", (name, viewport, username) => {
  let secret = "";
  let recoveryCodes: string[] = [];

  it("a user turns it on in 我的账号: QR code, a code from the app, ten recovery codes", async () => {
    const { context, page } = await newPage(viewport);
    await signIn(page, baseURL, username);
    await page.waitForURL(/\/my-region/);
    await page.goto(`${baseURL}/account`);
    const summary = page.locator("[data-testid=two-factor-summary]");
    expect(await summary.innerText()).toContain("未开启");
    await summary.getByRole("link", { name: "开启两步验证" }).click();
    await page.waitForURL(/\/account\/two-factor/);
    await page.locator("[data-testid=two-factor-enrol]").getByRole("button", { name: "开启两步验证" }).click();
    const qr = page.locator("[data-testid=totp-qr]");
    await qr.waitFor({ timeout: 15_000 });
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    secret = (await page.locator("[data-testid=totp-secret]").innerText()).replace(/\s+/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await shot(page, `two-factor-enrol-${name}`);

    // A wrong code is refused and says so.
    const codeInput = page.locator("[data-testid=two-factor-enrol] input[name=code]");
    await codeInput.fill(String((Number(appCode(secret)) + 1) % 1_000_000).padStart(6, "0"));
    await page.getByRole("button", { name: "确认开启" }).click();
    // The code's own sentence under it; the form's outcome in a toast that stays until closed.
    await expect.poll(() => page.locator("[data-testid=two-factor-enrol]").innerText(), { timeout: 15_000 }).toContain("验证码不正确");
    expect(await codeInput.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("[data-testid=toasts] [role=alert]").count()).toBe(1);

    await codeInput.fill(appCode(secret));
    await page.getByRole("button", { name: "确认开启" }).click();
    const list = page.locator("[data-testid=recovery-codes] li");
    await expect.poll(() => list.count(), { timeout: 15_000 }).toBe(10);
    recoveryCodes = await list.allInnerTexts();
    expect(recoveryCodes.every((c) => /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/.test(c))).toBe(true);
    await shot(page, `two-factor-recovery-codes-${name}`);
    await page.getByRole("button", { name: "我已保存，继续" }).click();
    await page.waitForURL(/\/account$/);
    expect(await page.locator("[data-testid=two-factor-summary]").innerText()).toContain("已开启");
    await context.close();
  });

  it("signing in asks for the code after the password; a wrong one is refused, the app's code lets in", async () => {
    const { context, page } = await newPage(viewport);
    await signIn(page, baseURL, username);
    const code = page.locator("#code");
    await code.waitFor({ timeout: 15_000 });
    expect(await page.locator("#password").count()).toBe(0);
    await shot(page, `two-factor-sign-in-${name}`);
    await code.fill("000000");
    await page.click("button[type=submit]");
    await expect.poll(() => page.locator("#login-error").innerText(), { timeout: 15_000 }).toContain("验证码不正确");
    // The code of the next step (the app a little ahead): newer than the one enrolment used.
    await code.fill(appCode(secret, 1));
    await page.click("button[type=submit]");
    await page.waitForURL(/\/my-region/, { timeout: 15_000 });
    await page.goto(`${baseURL}/account`);
    const sessions = page.locator("[data-testid=my-sessions]");
    expect(await sessions.innerText()).toContain("本设备");
    await shot(page, `account-security-${name}`);
    await context.close();
  });

  it("a recovery code signs in once; two factors are turned off with the password and another", async () => {
    const { context, page } = await newPage(viewport);
    await signIn(page, baseURL, username);
    await page.locator("#code").fill(recoveryCodes[0]!.toLowerCase());
    await page.click("button[type=submit]");
    await page.waitForURL(/\/my-region/, { timeout: 15_000 });
    await page.goto(`${baseURL}/account/two-factor`);
    const on = page.locator("[data-testid=two-factor-on]");
    expect(await on.innerText()).toContain("剩余可用恢复码：9 个");
    await on.locator("input[name=password]").fill("demo2025");
    await on.locator("form:has(input[name=password]) input[name=code]").fill(recoveryCodes[1]!);
    await on.getByRole("button", { name: "关闭两步验证" }).click();
    await page.locator("[data-testid=two-factor-enrol]").waitFor({ timeout: 15_000 });
    await context.close();

    // Off again: the password alone signs in.
    const again = await newPage(viewport);
    await signIn(again.page, baseURL, username);
    await again.page.waitForURL(/\/my-region/, { timeout: 15_000 });
    await again.context.close();
  });
});

describe("the security administrator's policy page", () => {
  it("shows the two-factor roles, password lifetime and session limit, and saves them", async () => {
    const { context, page } = await newPage(DESKTOP);
    await signIn(page, baseURL, "secadmin");
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${baseURL}/admin/security`);
    const form = page.locator("[data-testid=security-policy-form]");
    expect(await form.locator("input[name=passwordMaxAgeDays]").inputValue()).toBe("90");
    expect(await form.locator("input[name=maxSessions]").inputValue()).toBe("5");
    expect(await form.locator("input[name=twoFactorRoles]:checked").count()).toBe(0);
    await form.locator("input[name=maxSessions]").fill("6");
    await form.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => savedToast(page), { timeout: 15_000 }).toContain("已保存");
    await page.reload();
    expect(await page.locator("[data-testid=security-policy-form] input[name=maxSessions]").inputValue()).toBe("6");
    await shot(page, "admin-security-policy");
    // Back to the default, for the files that run after this one.
    await page.locator("[data-testid=security-policy-form] input[name=maxSessions]").fill("5");
    await page.locator("[data-testid=security-policy-form]").getByRole("button", { name: "保存" }).click();
    await expect.poll(() => savedToast(page), { timeout: 15_000 }).toContain("已保存");
    await context.close();
  });
});
