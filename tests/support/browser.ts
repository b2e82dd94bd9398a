import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { inject } from "vitest";
import { clockEnv, clockNow } from "./test-clock";

export const CHROMIUM = "/usr/bin/chromium";

/** Chromium on the tests' clock, as the app server is (test-clock.ts). */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    env: { ...process.env, ...clockEnv(inject("clockOffsetSeconds"), { monotonic: true }) },
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** The time on the tests' clock: what the app server and Chromium read now. */
export function testNow(): Date {
  return clockNow(inject("clockOffsetSeconds"));
}

/**
 * Screenshots are for people to look at; nobody does in CI, where encoding them costs a good part
 * of the browser files' time: there they are taken only with SCREENSHOTS=1.
 */
export const SCREENSHOTS = !process.env.CI || process.env.SCREENSHOTS === "1";
const SHOTS_DIR = path.resolve(import.meta.dirname, "../../screenshots");

/** A screenshot of the whole page, under the git-ignored screenshots/ folder. */
export async function shot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

/** A screenshot of one element (a part of a long page), beside the others. */
export async function shotOf(locator: Locator, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await locator.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
}

export async function signIn(page: Page, baseURL: string, username: string, password = "demo2025"): Promise<void> {
  await page.goto(`${baseURL}/login`);
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
}
