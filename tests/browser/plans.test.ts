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

const stamp = Date.now().toString(36);
const ASSIGNED = ["150100", "150200", "150400"];
const NOT_ASSIGNED = "150300";
let planUrl = "";
const newTitle = `深入打好蓝天保卫战（${stamp}调整）`;

async function status(p: Page, text: string) {
  await expect.poll(() => p.locator("[role=status]").allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringContaining(text)]));
}

describe("staff deploy a year's tasks", () => {
  it("start the 2026 plan from 2025, change a measure, assign it to three regions, publish", async () => {
    await signIn(page, baseURL, "staff");
    await page.waitForURL(/\/plans/);
    await page.goto(`${baseURL}/plans/new`);
    const form = page.locator("[data-testid=copy-plan-form]");
    const source = await form.locator("select[name=fromPlanId] option").filter({ hasText: "2025" }).first().getAttribute("value");
    await form.locator("select[name=fromPlanId]").selectOption(source!);
    await form.locator("input[name=year]").fill("2026");
    await form.locator("input[name=title]").fill(`2026年全区生态环境保护重点任务（${stamp}）`);
    await form.getByRole("button", { name: "复制生成草稿" }).click();
    await page.waitForURL(/\/plans\/\d+$/, { timeout: 30_000 });
    planUrl = page.url();
    expect(await page.locator("[data-testid=plan-state]").innerText()).toBe("草稿");
    expect(await page.locator("[data-testid=task-tree]").innerText()).toContain("深入打好蓝天保卫战");
    await shot(page, "staff-plan-copied");

    // Change one measure's title and due date.
    await page.locator("[data-testid=task-tree] a", { hasText: "深入打好蓝天保卫战" }).first().click();
    await page.waitForURL(/\/tasks\/\d+$/);
    const taskId = page.url().split("/").pop()!;
    const taskForm = page.locator("[data-testid=task-form]");
    // A missing title: its error beside the field (tied to it), the form's outcome in a toast; nothing saved.
    const title = taskForm.locator("input[name=title]");
    await title.fill("");
    await taskForm.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => title.getAttribute("aria-invalid"), { timeout: 15_000 }).toBe("true");
    const describedBy = (await title.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe("必填。");
    expect(await page.getByRole("alert").allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining("填写有误")]));
    await shot(page, "staff-task-form-error");
    await page.getByRole("alert").getByRole("button", { name: "×" }).click();
    await title.fill(newTitle);
    await taskForm.locator("input[name=dueDate]").fill("2026-10-31");
    await taskForm.getByRole("button", { name: "保存" }).click();
    await status(page, "已保存");
    expect(await title.getAttribute("aria-invalid")).toBe("false");
    await page.reload();
    expect(await page.locator("[data-testid=task-history]").innerText()).toContain("修改");
    await shot(page, "staff-task-form");

    // Assign it to three regions only: clear its row, tick three.
    await page.goto(`${planUrl}?tab=matrix`);
    const row = page.locator(`[data-testid=matrix-row][data-task="${taskId}"]`);
    await row.locator("th button").click();
    for (const code of ASSIGNED) await row.locator(`input[data-region="${code}"]`).check();
    expect(await row.locator("input:checked").count()).toBe(3);
    await page.locator("[data-testid=matrix-save]").click();
    await status(page, "已保存");
    await page.reload();
    expect(await page.locator(`[data-testid=matrix-row][data-task="${taskId}"] input:checked`).count()).toBe(3);
    await shot(page, "staff-assignment-matrix");

    await page.goto(planUrl);
    await page.getByRole("button", { name: "发布" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "确定" }).click();
    await expect.poll(() => page.locator("[data-testid=plan-state]").innerText(), { timeout: 15_000 }).toBe("已发布");
  });

  it("the plan editor fits a phone (390×844): tree, matrix, a task; nothing wider than the screen", async () => {
    expect(planUrl).not.toBe("");
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", isMobile: true, hasTouch: true });
    try {
      const p = await phone.newPage();
      await signIn(p, baseURL, "staff");
      await p.waitForURL(/\/plans/);
      await p.goto(planUrl);
      expect(await p.locator("[data-testid=task-row]").count()).toBeGreaterThan(0);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(p, "staff-plan-tree-390");
      await p.goto(`${planUrl}?tab=matrix`);
      expect(await p.locator("[data-testid=matrix-row]").count()).toBeGreaterThan(0);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(p, "staff-assignment-matrix-390");
      await p.goto(planUrl);
      await p.locator("[data-testid=task-tree] a", { hasText: newTitle }).first().click();
      await p.waitForURL(/\/tasks\/\d+$/);
      expect(await p.locator("[data-testid=task-form] input[name=title]").inputValue()).toBe(newTitle);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(p, "staff-task-form-390");
    } finally {
      await phone.close();
    }
  });

  it("a bureau of one of the three regions sees the measure; one of another region does not", async () => {
    expect(planUrl).not.toBe("");
    await signIn(page, baseURL, `bureau-${ASSIGNED[0]}`);
    await page.waitForURL(/\/my-region/);
    await page.goto(`${baseURL}/regions/${ASSIGNED[0]}?year=2026`);
    expect(await page.locator("main").innerText()).toContain(newTitle);
    await context.clearCookies();
    await signIn(page, baseURL, `bureau-${NOT_ASSIGNED}`);
    await page.waitForURL(/\/my-region/);
    await page.goto(`${baseURL}/regions/${NOT_ASSIGNED}?year=2026`);
    expect(await page.locator("main").innerText()).not.toContain(newTitle);
  });

  it("staff create a plan, add a task and a measure, tick regions in the matrix and publish", async () => {
    await signIn(page, baseURL, "staff");
    await page.waitForURL(/\/plans/);
    await page.goto(`${baseURL}/plans/new`);
    const form = page.getByRole("form", { name: "新建年度计划" });
    await form.locator("input[name=year]").fill("2027");
    await form.locator("input[name=title]").fill(`2027年测试计划${stamp}`);
    await form.getByRole("button", { name: "创建" }).click();
    await page.waitForURL(/\/plans\/\d+$/, { timeout: 30_000 });
    const url = page.url();

    const addTask = page.locator("[data-testid=add-top-form]");
    await addTask.locator("input[name=title]").fill("加强生态环境分区管控");
    await addTask.getByRole("button", { name: "添加" }).click();
    await expect.poll(() => page.locator("[data-testid=task-row]").count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator("[data-testid=task-row]").first().innerText()).toContain("一、");

    await page.locator("[data-testid=task-row]").first().getByRole("button", { name: /添加举措/ }).click();
    const addMeasure = page.locator("form[data-testid^=add-]").filter({ has: page.locator("input[name=title]") }).first();
    await addMeasure.locator("input[name=title]").fill("完成生态环境分区管控方案动态更新");
    await addMeasure.getByRole("button", { name: "添加" }).click();
    await expect.poll(() => page.locator("[data-testid=task-row]").count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator("[data-testid=task-row]").nth(1).getAttribute("data-number")).toBe("1.1");

    await page.goto(`${url}?tab=matrix`);
    expect(await page.locator("[data-testid=unassigned-count]").innerText()).toContain("1");
    await page.getByRole("button", { name: "整列勾选 呼和浩特市" }).click();
    await page.getByRole("button", { name: "整列勾选 包头市" }).click();
    await page.locator("[data-testid=matrix-save]").click();
    await status(page, "新增2项");
    await page.reload();
    expect(await page.locator("[data-testid=assignment-matrix] input:checked").count()).toBe(2);

    await page.goto(url);
    await page.getByRole("button", { name: "发布" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "确定" }).click();
    await expect.poll(() => page.locator("[data-testid=plan-state]").innerText(), { timeout: 15_000 }).toBe("已发布");
    await shot(page, "staff-plan-published");
  });

  it("leaders and bureaus get 403 from the plan routes and pages that change plans", async () => {
    await signIn(page, baseURL, "leader");
    await page.waitForURL(/\/dashboard/);
    const res = await page.request.get(`${baseURL}/api/plans/template`);
    expect(res.status()).toBe(403);
    expect((await page.goto(`${baseURL}/plans/new`))?.status()).toBe(403);
  });
});
