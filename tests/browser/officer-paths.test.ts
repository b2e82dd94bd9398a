import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, shotOf, signIn } from "../support/browser";

/**
 * Issue 11, items 1, 3, 5, 12 and 13 as a leader, a bureau clerk and a department officer would
 * go through them, at desktop size and on a 390×844 phone.
 */
const baseURL = inject("baseURL");
const BUREAU = "bureau-152500"; // 锡林郭勒盟: used by no other browser file
const REGION = "152500";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const viewports = { desktop: { width: 1400, height: 1000 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof viewports;

async function as(username: string, size: Size = "desktop"): Promise<Page> {
  const context = await browser.newContext({ viewport: viewports[size], locale: "zh-CN", isMobile: size === "phone", hasTouch: size === "phone" });
  const page = await context.newPage();
  await signIn(page, baseURL, username);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

/** A screenshot of one part of a long page (the whole page is shot too). */
async function part(locator: Locator, name: string): Promise<void> {
  await shotOf(locator, name);
}

/** The page does not scroll sideways (wide tables scroll in their own box). */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
// A 2×2 red PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");

describe("a leader reads what was reported, in one click", () => {
  for (const size of ["desktop", "phone"] as const) {
    it(`a red or yellow cell and a 逾期与滞后 row open the report card (${size})`, async () => {
      const page = await as("leader", size);
      await page.goto(`${baseURL}/dashboard?year=2026`);
      const cell = page.locator('[data-testid=matrix-cell][data-light="red"], [data-testid=matrix-cell][data-light="yellow"]').first();
      await cell.click();
      await page.waitForURL(/\/report-card\?region=\d+&task=\d+/);
      const cards = page.locator("[data-testid=report-card]");
      expect(await cards.count()).toBeGreaterThan(0);
      expect(await page.locator("main").innerText()).toContain("工作进展");
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, `card-cell-${size}`);

      await page.goto(`${baseURL}/dashboard?year=2026`);
      await page.locator("[data-testid=behind-card]").first().click();
      await page.waitForURL(/\/report-card\?assignment=\d+/);
      const card = page.locator("[data-testid=report-card]");
      const text = await card.innerText();
      for (const label of ["工作进展", "存在问题", "下步计划", "佐证材料", "审核记录"]) expect(text).toContain(label);
      // Leaders read; no way to decide is offered.
      expect(await page.locator("[data-testid=go-review]").count()).toBe(0);
      expect(await page.getByRole("button", { name: "审核通过" }).count()).toBe(0);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, `card-behind-${size}`);
      await page.context().close();
    });
  }
});

describe("a bureau reports on a phone: evidence before any save, the rules before submitting, 已提交 after", () => {
  let itemId = "";
  let taskTitle = "";

  it("attaches a photo and a PDF to a new report (the draft is saved by itself)", { timeout: 150_000 }, async () => {
    const page = await as(BUREAU, "phone");
    await page.waitForURL(/\/my-region/);
    const first = page.locator("[data-testid=work-item]").filter({ has: page.locator('[data-state="none"]') }).filter({ has: page.locator("textarea[name=workDone]") }).first();
    itemId = (await first.getAttribute("id"))!;
    const item = page.locator(`#${itemId}`);
    taskTitle = await item.locator("h2").first().innerText();
    // No 保存草稿 first: the upload is there on a new report.
    await item.locator("input[type=file]").setInputFiles([
      { name: "现场照片.png", mimeType: "image/png", buffer: PNG },
      { name: "检查记录.pdf", mimeType: "application/pdf", buffer: PDF },
    ]);
    // The draft is saved first, then both files go up one after the other: on a busy machine that takes a while.
    // Uploaded once both download links are listed (while one uploads, its name shows as 上传中).
    // The draft saved on the way is told in a toast, and the card shows it as a draft.
    await expect.poll(() => page.locator("[data-testid=toasts] [role=status]").allInnerTexts(), { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringContaining("已自动保存草稿")]));
    await expect.poll(() => item.locator("a[href^='/api/attachments/']").allInnerTexts(), { timeout: 90_000 }).toEqual(expect.arrayContaining(["现场照片.png", "检查记录.pdf"]));
    expect(await item.locator("[data-state]").first().getAttribute("data-state")).toBe("draft");
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, "bureau-evidence-new-report-phone");
    await part(item, "bureau-evidence-new-report-phone-item");
    await page.context().close();
  });

  it("is told before submitting that 工作进展 is required and a drop needs a reason, then sees 已提交", async () => {
    const page = await as(BUREAU, "phone");
    const item = page.locator(`#${itemId}`);
    await item.locator("textarea[name=workDone]").fill("");
    await item.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => item.innerText(), { timeout: 10_000 }).toContain("提交前请填写工作进展");
    // A progress below the previous period's asks for its reason (when there was a previous period).
    const previous = await item.locator("aside h4").innerText();
    const match = previous.match(/进度(\d+)%/);
    if (match && Number(match[1]) > 0) {
      await item.locator("input[name=progress]").fill(String(Number(match[1]) - 1));
      await expect.poll(() => item.locator("[data-testid=drop-reason]").count()).toBe(1);
      await item.locator("textarea[name=workDone]").fill("完成重点排污单位现场检查9家。");
      await item.getByRole("button", { name: "提交审核" }).click();
      await expect.poll(() => item.innerText(), { timeout: 10_000 }).toContain("进度低于上期，请填写回落原因");
      await shot(page, "bureau-submit-rules-phone");
      await part(item, "bureau-submit-rules-phone-item");
      await item.locator("textarea[name=dropReason]").fill("年中新增检查对象，按新口径重新核算进度。");
    } else {
      await item.locator("input[name=progress]").fill("40");
      await item.locator("textarea[name=workDone]").fill("完成重点排污单位现场检查9家。");
    }
    await item.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => page.locator(`#${itemId} [data-testid=submitted-note]`).count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator(`#${itemId} [data-testid=submitted-note]`).innerText()).toContain("已提交");
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, "bureau-submitted-phone");
    await part(item, "bureau-submitted-phone-item");
    await page.context().close();
  });

  it("staff see the count on 审核, open the notice (read), return it; the bureau corrects; staff see what changed and go on to 下一条", async () => {
    const page = await as("staff");
    const count = Number(await page.locator("[data-testid=review-count]").innerText());
    expect(count).toBeGreaterThan(0);
    await page.goto(`${baseURL}/notifications`);
    const notice = page.locator("[data-testid=notifications] li[data-kind=submitted]").filter({ hasText: taskTitle }).first();
    expect(await notice.getAttribute("data-read")).toBe("0");
    await notice.locator("a").click();
    await page.waitForURL(/\/review\/\d+/);
    const reviewUrl = page.url();
    await page.goto(`${baseURL}/notifications`);
    expect(await page.locator("[data-testid=notifications] li[data-kind=submitted]").filter({ hasText: taskTitle }).first().getAttribute("data-read")).toBe("1");
    await page.goto(reviewUrl);
    await page.locator("textarea").fill("请补充检查台账。");
    await page.getByRole("button", { name: "退回修改" }).click();
    await expect.poll(() => page.locator("[data-testid=decision-done]").count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator("[data-testid=decision-done]").innerText()).toContain("已退回");
    await shot(page, "staff-returned-next");
    await page.context().close();

    const bureau = await as(BUREAU, "phone");
    const item = bureau.locator(`#${itemId}`);
    await item.locator("textarea[name=nextSteps]").fill("检查台账已补充，下月完成复查。");
    await item.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => bureau.locator(`#${itemId} [data-testid=submitted-note]`).count(), { timeout: 20_000 }).toBe(1);
    await bureau.context().close();

    for (const size of ["desktop", "phone"] as const) {
      const staff = await as("staff", size);
      await staff.goto(reviewUrl);
      const since = staff.locator("[data-testid=since-return]");
      expect(await since.innerText()).toContain("请补充检查台账");
      expect(await since.innerText()).toContain("检查台账已补充，下月完成复查。");
      expect(await fitsWidth(staff)).toBe(true);
      await shot(staff, `staff-resubmission-${size}`);
      if (size === "phone") {
        await staff.locator("textarea").fill("已核实，同意。");
        await staff.getByRole("button", { name: "审核通过" }).click();
        await expect.poll(() => staff.locator("[data-testid=decision-done]").count(), { timeout: 15_000 }).toBe(1);
        const next = staff.locator("[data-testid=next-report]");
        if ((await next.count()) > 0) {
          await next.click();
          await staff.waitForURL((u) => /\/review\/\d+$/.test(u.pathname) && u.href !== reviewUrl);
        }
        await shot(staff, "staff-approved-next-phone");
        // The version page opens on the last change of content.
        await staff.goto(reviewUrl.replace("/review/", "/reports/"));
        expect(await staff.locator("[data-testid=diff]").innerText()).toContain("检查台账已补充");
        await shot(staff, "report-versions-phone");
      }
      await staff.context().close();
    }
  });

  it("the leader's card of it shows the photo inline and the PDF in a frame, and the review history with the opinions", async () => {
    for (const size of ["desktop", "phone"] as const) {
      const page = await as("leader", size);
      await page.goto(`${baseURL}/regions/${REGION}?year=2026`);
      await page.locator("[data-testid=assignment-card]", { hasText: taskTitle }).first().click();
      await page.waitForURL(/\/report-card\?assignment=\d+/);
      const img = page.locator("[data-testid=evidence-image]").first();
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
      const frame = page.locator("[data-testid=evidence-pdf]").first();
      const src = (await frame.getAttribute("src"))!;
      const res = await page.request.get(`${baseURL}${src}`);
      expect(res.headers()["content-type"]).toBe("application/pdf");
      expect(res.headers()["content-disposition"]).toMatch(/^inline/);
      expect(res.headers()["content-security-policy"]).not.toContain("sandbox");
      expect(res.headers()["x-frame-options"]).toBe("SAMEORIGIN");
      const history = await page.locator("[data-testid=card-history]").innerText();
      expect(history).toContain("请补充检查台账。");
      expect(history).toContain("已核实，同意。");
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, `card-evidence-${size}`);
      await page.context().close();
    }
  });
});

describe("催办 twice in a day", () => {
  it("sends one notice and says so", async () => {
    const page = await as("staff");
    await page.goto(`${baseURL}/review/missing`);
    const remind = page.getByRole("button", { name: "催办" }).first();
    await remind.click();
    const toasts = page.locator("[data-testid=toasts] [role=status]");
    await expect.poll(() => toasts.allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/已催办|今天已催办过/)]));
    await page.reload();
    await page.getByRole("button", { name: "催办" }).first().click();
    await expect.poll(() => toasts.allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining("今天已催办过")]));
    // A second 催办 the same day only when confirmed.
    expect(await page.getByRole("button", { name: "确认再次催办" }).count()).toBe(1);
    await shot(page, "staff-remind-once");
    await page.context().close();
  });
});
