import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signIn } from "../support/browser";

/**
 * Issue 12's reminder paths as the people who take them, at desktop size and on a 390×844 phone:
 * the administrator gives a bureau user an e-mail and a phone; that user chooses the e-mail
 * channel in 我的账号; staff press 催办 for the league-city, once a day unless they confirm; the
 * administrator reads the job list.
 */
const baseURL = inject("baseURL");
const BUREAU = "bureau-150800"; // 巴彦淖尔市: used by no other browser file
const REGION = "150800";
const REGION_NAME = "巴彦淖尔市";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const viewports = { desktop: { width: 1400, height: 1000 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof viewports;

async function as(username: string, size: Size): Promise<Page> {
  const context = await browser.newContext({ viewport: viewports[size], locale: "zh-CN", isMobile: size === "phone", hasTouch: size === "phone" });
  const page = await context.newPage();
  await signIn(page, baseURL, username);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

/** The page does not scroll sideways (wide tables scroll in their own box). */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

/** A form's outcome: a toast at the bottom of the page (role=status when it worked, role=alert when refused). */
const toastText = (page: Page, role: "status" | "alert") => page.locator(`[data-testid=toasts] [role=${role}]`).allInnerTexts().then((t) => t.join(" "));

describe.each(["desktop", "phone"] as const)("reminders that reach people (%s)", (size) => {
  const email = `bayannur.${size}@nmg-eco.cn`;
  const phone = size === "desktop" ? "13947800001" : "+8613947800002";

  it("the administrator gives the bureau user an e-mail and a phone in the user form (a wrong one is refused, saying why) and sees them listed", async () => {
    const page = await as("admin", size);
    await page.goto(`${baseURL}/admin/users?regionCode=${REGION}`);
    const row = page.locator("[data-testid=user-table] tbody tr", { hasText: BUREAU });
    await row.getByRole("link", { name: "编辑" }).click();
    await page.waitForURL(/\/admin\/users\/\d+$/);
    const form = page.locator("[data-testid=user-edit-form]");
    const save = () => form.getByRole("button", { name: "保存" }).click();

    // Values the browser lets through (no dot after @, a dash) that the rule refuses, with the field's own sentence.
    await form.locator("input[name=email]").fill("bayannur@nmg");
    await form.locator("input[name=phone]").fill(phone);
    // The field's sentence under it, the form's outcome in a toast.
    await save();
    await expect.poll(() => form.innerText(), { timeout: 15_000 }).toContain("电子邮箱格式不正确");
    expect(await form.locator("input[name=email]").getAttribute("aria-invalid")).toBe("true");
    expect(await toastText(page, "alert")).toContain("请检查标出的字段");
    await form.locator("input[name=email]").fill(email);
    await form.locator("input[name=phone]").fill("0478-8123456");
    await save();
    await expect.poll(() => form.innerText(), { timeout: 15_000 }).toContain("手机号码只能是数字");
    expect(await form.innerText()).not.toContain("电子邮箱格式不正确");
    expect(await form.locator("input[name=phone]").getAttribute("aria-invalid")).toBe("true");
    expect(await form.locator("input[name=email]").getAttribute("aria-invalid")).not.toBe("true");
    await shot(page, `reminders-admin-user-refused-${size}`);

    await form.locator("input[name=phone]").fill(phone);
    await save();
    await expect.poll(() => toastText(page, "status"), { timeout: 15_000 }).toContain("已保存");
    expect(await form.locator("[aria-invalid=true]").count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, `reminders-admin-user-saved-${size}`);

    await page.goto(`${baseURL}/admin/users?regionCode=${REGION}`);
    const listed = page.locator("[data-testid=user-table] tbody tr", { hasText: BUREAU });
    expect(await listed.locator("[data-testid=user-email]").innerText()).toBe(email);
    expect(await listed.locator("[data-testid=user-phone]").innerText()).toBe(phone);
    // Found by its address too.
    await page.goto(`${baseURL}/admin/users?q=${encodeURIComponent(email)}`);
    expect(await page.locator("[data-testid=user-table] tbody tr").allInnerTexts()).toEqual([expect.stringContaining(BUREAU)]);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, `reminders-admin-user-listed-${size}`);
    await page.context().close();
  });

  it("the bureau user finds them in 我的账号, chooses the e-mail channel, and the choice is saved", async () => {
    const page = await as(BUREAU, size);
    await page.goto(`${baseURL}/account`);
    const prefs = page.locator("[data-testid=channel-prefs]");
    expect(await prefs.locator("input[name=email]").inputValue()).toBe(email);
    expect(await prefs.locator("input[name=phone]").inputValue()).toBe(phone);
    const emailOn = prefs.locator("input[name='channel.email']");
    // SMS is not enabled by the administrator in the demo: offered, but off.
    expect(await prefs.locator("input[name='channel.sms']").isDisabled()).toBe(true);

    // A wrong address is refused with the user form's sentence, and nothing changes.
    await prefs.locator("input[name=email]").fill("bayannur@nmg");
    await prefs.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => prefs.innerText(), { timeout: 15_000 }).toContain("电子邮箱格式不正确");
    expect(await prefs.locator("input[name=email]").getAttribute("aria-invalid")).toBe("true");
    await shot(page, `reminders-account-refused-${size}`);
    await page.reload();
    await expect.poll(() => prefs.locator("input[name=email]").inputValue(), { timeout: 15_000 }).toBe(email);

    const choose = async (on: boolean) => {
      await emailOn.setChecked(on);
      await prefs.getByRole("button", { name: "保存" }).click();
      await expect.poll(() => toastText(page, "status"), { timeout: 15_000 }).toContain("已保存");
      await page.reload();
      await expect.poll(() => emailOn.isChecked(), { timeout: 15_000 }).toBe(on);
    };
    await choose(false);
    await choose(true);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, `reminders-account-channels-${size}`);
    await page.context().close();
  });

  it("staff press 催办 for the league-city: it is sent; pressed again the same day it sends nothing and asks to confirm", async () => {
    const page = await as("staff", size);
    await page.goto(`${baseURL}/review/missing`);
    const row = () => page.locator("[data-testid=missing-table] tbody tr", { hasText: REGION_NAME });
    expect(await row().locator(`a[href="/regions/${REGION}"]`).count()).toBe(1);
    // The first 催办 of the day is sent; on the phone run the desktop run's one was today already.
    await row().getByRole("button", { name: "催办", exact: true }).click();
    await expect.poll(() => toastText(page, "status"), { timeout: 15_000 }).toMatch(/已催办\d+项|今天已催办过/);
    await page.reload();
    await row().getByRole("button", { name: "催办", exact: true }).click();
    await expect.poll(() => toastText(page, "status"), { timeout: 15_000 }).toContain("今天已催办过，未重复发送");
    const again = row().getByRole("button", { name: "确认再次催办" });
    expect(await again.count()).toBe(1);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, `reminders-staff-remind-refused-${size}`);
    await again.click();
    await expect.poll(() => toastText(page, "status"), { timeout: 15_000 }).toMatch(/已催办\d+项/);
    expect(await again.count()).toBe(0);
    await shot(page, `reminders-staff-remind-confirmed-${size}`);
    await page.context().close();
  });

  it("the administrator reads the job list: each job's schedule, next run and last run", async () => {
    const page = await as("admin", size);
    await page.goto(`${baseURL}/admin/jobs`);
    const table = page.locator("[data-testid=jobs-table]");
    const headers = await table.locator("thead th").allInnerTexts();
    for (const h of ["任务", "计划时间", "下次运行", "上次运行", "结果"]) expect(headers).toContain(h);
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBe(6);
    // The day's lights first (00:05), then the reminders.
    expect(await rows.first().innerText()).toContain("每日红黄绿灯与汇总更新");
    for (const name of ["lights", "due-soon", "overdue", "escalation", "period-close", "digest"]) {
      const cells = await rows.filter({ hasText: name }).locator("td").allInnerTexts();
      expect(cells[2]).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/); // next run: a date
      expect(cells[3]).toMatch(/尚未运行|\d{4}年\d{1,2}月\d{1,2}日/); // last run
    }
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, `reminders-admin-jobs-${size}`);
    await page.context().close();
  });
});
