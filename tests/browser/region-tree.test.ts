import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signIn } from "../support/browser";

const baseURL = inject("baseURL");
// 包头市 and two of its districts; other browser tests use other league-cities' counties.
const CITY = { code: "150200", name: "包头市" };
const COUNTIES = [
  { code: "150202", name: "东河区", nameEn: "Donghe District" },
  { code: "150203", name: "昆都仑区", nameEn: "Kundulun District" },
];
const COUNTY_USER = "donghe-e2e";
const COUNTY_PASSWORD = "Donghe2026green";
const YEAR = 2026; // the demo's published plan

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function as(username: string, viewport: { width: number; height: number }, password?: string): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  const page = await context.newPage();
  await signIn(page, baseURL, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
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

describe("the region tree: a league-city breaks its work down to its banner-counties", () => {
  let taskTitle = "";

  it("the administrator adds two districts below the league-city and a bureau account for one", async () => {
    const page = await as("admin", DESKTOP);
    await page.goto(`${baseURL}/admin/regions`);
    for (const c of COUNTIES) {
      await page.selectOption("select[name=parentCode]", CITY.code);
      await page.fill("input[name=code]", c.code);
      await page.fill("input[name=nameZh]", c.name);
      await page.fill("input[name=nameEn]", c.nameEn);
      await page.click("form:has(input[name=code]) button[type=submit]");
      await expect.poll(() => page.locator("[data-testid=region-admin-table]").innerText(), { timeout: 15_000 }).toContain(c.name);
    }

    await page.goto(`${baseURL}/admin/users`);
    const form = page.locator("[data-testid=user-create-form]");
    await form.locator("input[name=username]").fill(COUNTY_USER);
    await form.locator("input[name=name]").fill("东河区分局");
    await form.locator("select[name=role]").selectOption("bureau");
    await form.locator("select[name=regionCode]").selectOption(COUNTIES[0]!.code);
    await form.locator("button[type=submit]").click();
    const password = form.locator("[data-testid=one-time-password]");
    await expect.poll(() => password.count(), { timeout: 15_000 }).toBe(1);
    const oneTime = (await password.innerText()).trim();
    await page.context().clearCookies();

    await signIn(page, baseURL, COUNTY_USER, oneTime);
    await page.waitForURL(/\/account\/password|\/my-region/);
    await page.goto(`${baseURL}/my-region`);
    await page.waitForURL(/\/account\/password/);
    const pw = page.locator("[data-testid=password-form]");
    await pw.locator("input[name=current]").fill(oneTime);
    await pw.locator("input[name=next]").fill(COUNTY_PASSWORD);
    await pw.locator("input[name=confirm]").fill(COUNTY_PASSWORD);
    await pw.locator("button[type=submit]").click();
    await page.waitForURL(/\/my-region/, { timeout: 15_000 });
    await page.context().close();
  });

  it("the league-city bureau sees its counties, reaches the review queue, and breaks an assignment down to one county", async () => {
    const page = await as(`bureau-${CITY.code}`, DESKTOP);
    await page.waitForURL(/\/my-region/);
    expect(await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "审核" }).count()).toBe(1);
    const counties = page.locator("[data-testid=county-progress]");
    expect(await counties.locator("tbody tr").count()).toBe(2);
    expect(await counties.innerText()).toContain("昆都仑区");

    const item = page.locator("[data-testid=work-item]").filter({ has: page.locator("[data-testid=breakdown]") }).filter({ hasNot: page.locator('[data-state="closed"]') }).first();
    const itemId = (await item.getAttribute("id"))!;
    const card = page.locator(`#${itemId}`);
    taskTitle = await card.locator("h2").first().innerText();
    const breakdown = card.locator("[data-testid=breakdown]");
    expect(await breakdown.locator("summary").innerText()).toContain("已分解0/2");
    await breakdown.locator("summary").click();
    // Nothing ticked: a sentence, and no request.
    await breakdown.getByRole("button", { name: "分解到所选旗县区" }).click();
    await expect.poll(() => breakdown.locator("form").innerText(), { timeout: 15_000 }).toContain("请至少勾选一个旗县区");
    expect(await breakdown.locator("[data-testid=breakdown-given]").count()).toBe(0);
    await breakdown.getByLabel(COUNTIES[0]!.name).check();
    await breakdown.getByRole("button", { name: "分解到所选旗县区" }).click();
    await expect.poll(() => page.locator("[data-testid=toasts] [role=status]").allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringContaining("已分解到1个旗县区")]));
    expect(await breakdown.locator("form").innerText()).not.toContain("请至少勾选一个旗县区");
    await expect.poll(() => breakdown.locator("summary").innerText(), { timeout: 15_000 }).toContain("已分解1/2");
    expect(await breakdown.locator("[data-testid=breakdown-given]").count()).toBe(1);
    await expect.poll(() => counties.locator("tbody tr").filter({ hasText: COUNTIES[0]!.name }).locator("td").first().innerText(), { timeout: 15_000 }).toBe("1");
    await card.scrollIntoViewIfNeeded();
    await shot(page, "region-tree-league-breakdown-1366");

    await page.goto(`${baseURL}/review`);
    expect(page.url()).toContain("/review");
    expect(await page.locator("h1").innerText()).toBe("审核");
    // Its counties in the region filter, not the league-cities; no link to the province-wide missing list.
    expect(await page.locator("select[name=regionCode] option").allInnerTexts()).toEqual(["全部", ...COUNTIES.map((c) => c.name)]);
    expect(await page.getByRole("link", { name: "本期未报送情况" }).count()).toBe(0);
    await page.context().close();
  });

  it("the county bureau sees the assignment, acknowledges it and submits a report (phone)", async () => {
    const page = await as(COUNTY_USER, PHONE, COUNTY_PASSWORD);
    await page.waitForURL(/\/my-region/);
    expect(await page.locator("h1").innerText()).toContain(COUNTIES[0]!.name);
    expect(await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "审核" }).count()).toBe(0);
    expect(await page.locator("[data-testid=county-progress]").count()).toBe(0);
    const item = page.locator("[data-testid=work-item]").filter({ hasText: taskTitle }).first();
    const itemId = (await item.getAttribute("id"))!;
    const card = page.locator(`#${itemId}`);
    expect(await card.locator("[data-testid=breakdown]").count()).toBe(0);
    await card.getByLabel("联系人").fill("王红");
    await card.getByRole("button", { name: "签收" }).click();
    await expect.poll(() => card.locator("input[name=progress]").count(), { timeout: 15_000 }).toBe(1);
    await card.locator("input[name=progress]").fill("60");
    await card.locator("textarea[name=workDone]").fill("东河区完成辖区重点排污单位排查，建立问题清单。");
    await card.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => page.locator(`#${itemId} [data-state]`).first().getAttribute("data-state"), { timeout: 15_000 }).toBe("submitted");
    await shot(page, "region-tree-county-my-region-390");
    expect(await overflowing(page)).toEqual([]);
    await page.context().close();
  });

  it("the league-city bureau approves its county's report (phone)", async () => {
    const page = await as(`bureau-${CITY.code}`, PHONE);
    await page.waitForURL(/\/my-region/);
    await expect.poll(() => page.locator("[data-testid=county-progress]").innerText(), { timeout: 15_000 }).toContain("1条待审核");
    await shot(page, "region-tree-league-my-region-390");
    expect(await overflowing(page)).toEqual([]);
    await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "审核" }).click();
    await page.waitForURL(/\/review$/);
    const row = page.locator("[data-testid=review-queue] tbody tr").filter({ hasText: taskTitle });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain(COUNTIES[0]!.name);
    await shot(page, "region-tree-league-review-390");
    expect(await overflowing(page)).toEqual([]);
    await row.getByRole("link", { name: taskTitle }).click();
    await page.waitForURL(/\/review\/\d+/);
    expect(await page.locator("main").innerText()).toContain("东河区完成辖区重点排污单位排查");
    await page.getByRole("button", { name: "审核通过" }).click();
    // The decision is confirmed in place; the queue is then empty.
    await expect.poll(() => page.locator("[data-testid=decision-done]").count(), { timeout: 15_000 }).toBe(1);
    await page.goto(`${baseURL}/review`);
    expect(await page.locator("[data-testid=review-queue]").count()).toBe(0);
    await page.goto(`${baseURL}/my-region`);
    const county = page.locator("[data-testid=county-progress] tbody tr").filter({ hasText: COUNTIES[0]!.name });
    expect(await county.innerText()).toContain("60%");
    await page.context().close();
  });

  it("the county bureau sees its report approved", async () => {
    const page = await as(COUNTY_USER, PHONE, COUNTY_PASSWORD);
    await page.waitForURL(/\/my-region/);
    const item = page.locator("[data-testid=work-item]").filter({ hasText: taskTitle }).first();
    expect(await item.locator("[data-state]").first().getAttribute("data-state")).toBe("approved");
    await page.context().close();
  });

  it.each([
    ["1366", DESKTOP],
    ["390", PHONE],
  ] as const)("the leader drills from the province to the league-city's counties and back (%s px)", async (label, viewport) => {
    const page = await as("leader", viewport);
    await page.goto(`${baseURL}/dashboard?year=${YEAR}`);
    expect(await page.locator("[data-testid=region-table] tbody tr").count()).toBe(12);
    expect(await page.locator("#by-region").innerText()).toBe("各盟市完成情况");
    expect(await page.locator("[data-testid=scope-breadcrumb]").count()).toBe(0);

    await page.locator("[data-testid=region-table] [data-testid=drill-down]", { hasText: CITY.name }).click();
    await page.waitForURL(new RegExp(`/dashboard\\?year=${YEAR}&regionCode=${CITY.code}$`));
    await expect.poll(() => page.locator("#by-region").innerText(), { timeout: 15_000 }).toBe("各旗县区完成情况");
    const crumbs = page.locator("[data-testid=scope-breadcrumb]");
    expect((await crumbs.innerText()).replace(/\s+/g, "")).toBe(`全区›${CITY.name}`);
    const table = page.locator("[data-testid=region-table]");
    expect(await table.locator("tbody tr").count()).toBe(2);
    expect(await table.innerText()).toContain(`${CITY.name}（本级）`);
    expect(await table.innerText()).toContain(COUNTIES[0]!.name);
    expect(await page.locator("[data-testid=light-matrix] tbody tr").count()).toBe(2);
    expect(await page.locator("#matrix").innerText()).toContain("旗县区");
    expect(await page.locator("select[name=regionCode]").inputValue()).toBe(CITY.code);
    await expect.poll(() => page.locator(".recharts-bar-rectangle").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(page, `region-tree-dashboard-drilled-${label}`);
    expect(await overflowing(page)).toEqual([]);

    // A county's row opens its region page.
    await table.getByRole("link", { name: COUNTIES[0]!.name }).click();
    await page.waitForURL(new RegExp(`/regions/${COUNTIES[0]!.code}\\?year=${YEAR}`));
    expect(await page.locator("[data-testid=assignment-table]").innerText()).toContain(taskTitle);
    await page.goBack();
    await page.waitForURL(/regionCode=/);

    // A county's own view names its league-city on the way back up.
    await page.goto(`${baseURL}/dashboard?year=${YEAR}&regionCode=${COUNTIES[0]!.code}`);
    expect((await crumbs.innerText()).replace(/\s+/g, "")).toBe(`全区›${CITY.name}›${COUNTIES[0]!.name}`);
    await crumbs.getByRole("link", { name: CITY.name }).click();
    await page.waitForURL(new RegExp(`regionCode=${CITY.code}$`));
    await crumbs.getByRole("link", { name: "全区" }).click();
    await page.waitForURL(new RegExp(`/dashboard\\?year=${YEAR}$`));
    await expect.poll(() => page.locator("[data-testid=region-table] tbody tr").count(), { timeout: 15_000 }).toBe(12);
    expect(await page.locator("[data-testid=scope-breadcrumb]").count()).toBe(0);

    // The print view keeps the scope.
    await page.goto(`${baseURL}/print/dashboard?year=${YEAR}&regionCode=${CITY.code}`);
    expect(await page.locator("[data-testid=print-view]").innerText()).toContain("各旗县区完成情况");
    expect((await page.locator("[data-testid=scope-breadcrumb]").innerText()).replace(/\s+/g, "")).toBe(`全区›${CITY.name}`);
    await page.context().close();
  });
});
