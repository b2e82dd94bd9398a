import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signIn } from "../support/browser";

const baseURL = inject("baseURL");
const BUREAU = "bureau-150900"; // 乌兰察布市: no drafts for the current period in the demo history
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function as(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
  const page = await context.newPage();
  await signIn(page, baseURL, username);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe("a report from draft to approval, across roles", () => {
  let taskTitle = "";
  let itemId = "";
  let reportId = "";

  it("the bureau fills in a report, attaches evidence and submits it", async () => {
    const page = await as(BUREAU);
    await page.waitForURL(/\/my-region/);
    // Not a new assignment still to acknowledge (other browser files deploy some): one open for reporting.
    const first = page.locator("[data-testid=work-item]").filter({ has: page.locator('[data-state="none"]') }).filter({ has: page.locator("textarea[name=workDone]") }).first();
    itemId = (await first.getAttribute("id"))!;
    // Locate the card by its assignment from now on: its state changes as we go.
    const item = page.locator(`#${itemId}`);
    taskTitle = await item.locator("h2").first().innerText();
    await item.locator("input[name=progress]").fill("88");
    await item.locator("textarea[name=workDone]").fill("完成重点企业现场检查12家，整改问题8项。");
    await item.locator("textarea[name=problems]").fill("个别旗县资金到位较慢。");
    // Below the previous period's progress, a reason is asked for.
    if ((await item.locator("textarea[name=dropReason]").count()) > 0) await item.locator("textarea[name=dropReason]").fill("按新口径重新核算。");
    await item.getByRole("button", { name: "保存草稿" }).click();
    // The outcome is a toast at the foot of the screen; the card shows the saved draft.
    await expect.poll(() => page.locator("[data-testid=toasts] [role=status]").allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringContaining("草稿已保存")]));
    await expect.poll(() => page.locator(`#${itemId} [data-state]`).first().getAttribute("data-state"), { timeout: 15_000 }).toBe("draft");
    // The saved report, by its id: the queue may hold another of the same task (an earlier period's, from the demo data).
    await expect.poll(() => item.locator("a[href^='/reports/']").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    reportId = (await item.locator("a[href^='/reports/']").first().getAttribute("href"))!.replace("/reports/", "");
    await expect.poll(() => item.locator('input[type=file]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await item.locator("input[type=file]").setInputFiles({ name: "现场检查记录.pdf", mimeType: "application/pdf", buffer: PDF });
    // Uploaded once its download link is listed (while it uploads, its name shows as 上传中).
    await expect.poll(() => item.locator("a[href^='/api/attachments/']", { hasText: "现场检查记录.pdf" }).count(), { timeout: 30_000 }).toBe(1);
    await shot(page, "bureau-report-draft");
    await item.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => page.locator(`#${itemId} [data-state]`).first().getAttribute("data-state"), { timeout: 15_000 }).toBe("submitted");
    await page.context().close();
  });

  it("staff return it with a comment", async () => {
    const page = await as("staff");
    await page.goto(`${baseURL}/review?regionCode=150900`);
    await page.locator(`[data-testid=review-queue] a[href="/review/${reportId}"]`).click();
    await page.waitForURL(/\/review\/\d+/);
    expect(await page.locator("main").innerText()).toContain("完成重点企业现场检查12家");
    expect(await page.locator("main").innerText()).toContain("现场检查记录.pdf");
    await shot(page, "staff-review-item");
    await page.getByRole("button", { name: "退回修改" }).click();
    // No comment: said next to the field (and no request); the toast asks to check the form.
    const comment = page.locator("textarea[name=comment]");
    await expect.poll(() => comment.getAttribute("aria-invalid"), { timeout: 15_000 }).toBe("true");
    const described = (await comment.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${described}"]`).innerText()).toContain("请填写审核意见");
    expect(await page.locator("[data-testid=toasts] [role=alert]").count()).toBe(1);
    expect(await page.locator("[data-testid=decision-done]").count()).toBe(0);
    await comment.fill("请补充整改问题清单。");
    await page.getByRole("button", { name: "退回修改" }).click();
    // The decision is confirmed in place, with the way on to the next report.
    await expect.poll(() => page.locator("[data-testid=decision-done]").count(), { timeout: 15_000 }).toBe(1);
    await page.context().close();
  });

  it("the bureau sees the comment, corrects and submits again", async () => {
    const page = await as(BUREAU);
    await page.waitForURL(/\/my-region/);
    expect(await page.locator("[data-testid=notification-bell]").innerText()).toMatch(/\d/);
    const item = page.locator(`#${itemId}`);
    expect(await item.innerText()).toContain("请补充整改问题清单");
    // Returned reports come right after new ones still to acknowledge and overdue ones.
    const order = await page.locator("[data-testid=work-item]").evaluateAll((els) => els.map((e) => ({ id: e.id, overdue: e.textContent?.includes("已逾期") ?? false, toAcknowledge: e.textContent?.includes("请签收") ?? false })));
    const at = order.findIndex((o) => o.id === itemId);
    expect(order.slice(0, at).every((o) => o.overdue || o.toAcknowledge)).toBe(true);
    await item.locator("input[name=progress]").fill("100");
    await item.locator("select[name=status]").selectOption("complete");
    await item.locator("textarea[name=nextSteps]").fill("整改问题清单已附后，全部完成。");
    await item.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => page.locator(`#${itemId} [data-state]`).first().getAttribute("data-state"), { timeout: 15_000 }).toBe("submitted");
    await shot(page, "bureau-resubmitted");
    await page.context().close();
  });

  it("staff approve it, and the versions show what changed", async () => {
    const page = await as("staff");
    await page.goto(`${baseURL}/review?regionCode=150900`);
    await page.locator(`[data-testid=review-queue] a[href="/review/${reportId}"]`).click();
    await page.waitForURL(/\/review\/\d+/);
    const reportUrl = page.url().replace("/review/", "/reports/");
    // The approval's opinion is kept, as a return's is.
    await page.locator("textarea").fill("已核实，同意。");
    await page.getByRole("button", { name: "审核通过" }).click();
    await expect.poll(() => page.locator("[data-testid=decision-done]").count(), { timeout: 15_000 }).toBe(1);
    await page.goto(reportUrl);
    const versions = page.locator("table").first().locator("tbody tr");
    // One version per change of content (the first, the correction); submissions and decisions are listed under them.
    expect(await versions.count()).toBe(2);
    expect(await versions.last().innerText()).toContain("已核实，同意。");
    await page.goto(`${reportUrl}?a=3&b=5`);
    expect(await page.locator("[data-testid=diff]").innerText()).toContain("100");
    await shot(page, "report-history-diff");
    await page.context().close();
  });

  it("the leader's region page shows the new progress", async () => {
    const page = await as("leader");
    await page.goto(`${baseURL}/regions/150900?year=2026`);
    const row = page.locator("[data-testid=assignment-table] tbody tr").filter({ hasText: taskTitle }).first();
    expect(await row.locator("[role=meter]").getAttribute("aria-valuenow")).toBe("100");
    expect(await row.innerText()).toContain("已办结");
    await page.context().close();
  });
});
