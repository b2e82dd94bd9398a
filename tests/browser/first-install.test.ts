import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "@/lib/domain/dates";
import { launch, shot, signIn } from "../support/browser";

/**
 * A department's first installation, end to end, on a fresh PostgreSQL database without the demo
 * (SEED_DEMO=0): `npm run admin:create`, the administrator's first sign-in and users, a plan
 * deployed by staff, a bureau's report with evidence, `npm run backup` while the server runs,
 * `npm run restore` into a second database and a second file store, and a server on the restored
 * copy showing the same plan, report and evidence bytes. The app's own production build (the one
 * the other browser files use) serves both copies.
 */

const root = path.resolve(import.meta.dirname, "../..");
const base = process.env.TEST_DATABASE_URL;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-install-"));
const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;
const databases = { first: `tracker_install_${suffix}`, restored: `tracker_restored_${suffix}` };
const servers: ChildProcess[] = [];
let browser: Browser;

const ADMIN_PASSWORD = "Steppe-Admin-2026!";
const STAFF_PASSWORD = "Grassland-Staff-2026";
const BUREAU_PASSWORD = "Hohhot-Bureau-2026";
// This install's server runs on the real clock (with its PostgreSQL server's): its plan is this year's.
const YEAR = shanghaiDate(new Date()).slice(0, 4);
const PLAN_TITLE = `${YEAR}年全区生态环境保护重点任务（首次安装${suffix}）`;
const MEASURE = "完成城市建成区黑臭水体整治";
const WORK_DONE = "完成黑臭水体排查12处，整治完成9处。";
const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\n"), randomBytes(40_000), Buffer.from("\ntrailer<<>>\n%%EOF\n")]);

function urlOf(name: string): string {
  const url = new URL(base!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** Runs one of the operator's commands (npm run <name>) as a child process. */
function command(script: string, args: string[], env: Record<string, string>) {
  const res = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/bench-register.mjs", `scripts/${script}.ts`, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 240_000,
  });
  if (res.status !== 0) throw new Error(`${script} exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** `npm start`'s server on `database`, with its files in `dataDir`; its address once /api/health answers 200. */
async function startServer(database: string, dataDir: string): Promise<string> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: urlOf(database),
    SEED_DEMO: "0",
    DATA_DIR: dataDir,
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    NEXTAUTH_URL: baseURL,
    NEXTAUTH_SECRET: "first-install-secret-0123456789abcdef",
  };
  const server = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  servers.push(server);
  let log = "";
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited:\n${log}`);
    try {
      const res = await fetch(`${baseURL}/api/health`);
      await res.arrayBuffer();
      if (res.status === 200) return baseURL;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer /api/health in time:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function newPage(baseURL: string, username: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
  const page = await context.newPage();
  await signIn(page, baseURL, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

/** The first sign-in with a one-time password goes to 修改密码 whatever page is asked for. */
async function changePassword(page: Page, baseURL: string, current: string, next: string, landing: RegExp): Promise<void> {
  await page.goto(`${baseURL}/account`);
  await page.waitForURL(/\/account\/password/);
  const form = page.locator("[data-testid=password-form]");
  await form.locator("input[name=current]").fill(current);
  await form.locator("input[name=next]").fill(next);
  await form.locator("input[name=confirm]").fill(next);
  await form.locator("button[type=submit]").click();
  await page.waitForURL(landing, { timeout: 30_000 });
}

async function createUser(page: Page, baseURL: string, user: { username: string; name: string; role: string; regionCode?: string }): Promise<string> {
  await page.goto(`${baseURL}/admin/users`);
  const form = page.locator("[data-testid=user-create-form]");
  await form.locator("input[name=username]").fill(user.username);
  await form.locator("input[name=name]").fill(user.name);
  await form.locator("select[name=role]").selectOption(user.role);
  if (user.regionCode) await form.locator("select[name=regionCode]").selectOption(user.regionCode);
  await form.locator("button[type=submit]").click();
  const password = form.locator("[data-testid=one-time-password]");
  await expect.poll(() => password.count(), { timeout: 15_000 }).toBe(1);
  return (await password.innerText()).trim();
}

describe.skipIf(!base)("first installation on PostgreSQL, backed up and restored", () => {
  beforeAll(async () => {
    browser = await launch();
    await onServer(`create database "${databases.first}"`);
    await onServer(`create database "${databases.restored}"`);
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await stopServer(s);
    for (const name of Object.values(databases)) await onServer(`drop database if exists "${name}" with (force)`).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("admin:create → users → plan → report with evidence → backup → restore: the same plan, report and bytes", { timeout: 600_000 }, async () => {
    const filesA = path.join(work, "data-a");
    const filesB = path.join(work, "data-b");
    const backupDir = path.join(work, "backup");

    // The IT office creates the first administrator on the empty database.
    const created = command("admin-create", ["--username", "root", "--name", "信息中心管理员"], { DATABASE_URL: urlOf(databases.first), ADMIN_PASSWORD, SEED_DEMO: "0", DATA_DIR: filesA });
    expect(created).toContain("administrator root created");
    const first = await startServer(databases.first, filesA);

    // The client's own address claims are not believed (no TRUSTED_PROXIES): a failed sign-in with a
    // forged X-Forwarded-For and a forged copy of the server's internal peer header is recorded
    // under the socket's address.
    const forged = await fetch(`${first}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.9", "x-tracker-peer-address": "203.0.113.10" },
      body: JSON.stringify({ username: "root", password: "not-the-password" }),
    });
    expect(forged.status).toBe(401);
    const recorded = new pg.Client({ connectionString: urlOf(databases.first) });
    await recorded.connect();
    const { rows } = await recorded.query<{ ip: string }>("select ip from audit_log where action = 'auth.signin.failed' order by id desc limit 1");
    await recorded.end();
    expect(rows.map((r) => r.ip)).toEqual(["127.0.0.1"]);

    // The administrator signs in, must change the password, and creates an officer and a bureau user.
    const admin = await newPage(first, "root", ADMIN_PASSWORD);
    await changePassword(admin, first, ADMIN_PASSWORD, `${ADMIN_PASSWORD}x`, /\/(plans|admin)/);
    const staffOneTime = await createUser(admin, first, { username: "zhangke", name: "张科（综合处）", role: "staff" });
    const bureauOneTime = await createUser(admin, first, { username: "hhht", name: "呼和浩特市生态环境局", role: "bureau", regionCode: "150100" });
    await shot(admin, "install-admin-users");
    await admin.context().close();

    // Staff deploy a plan with one measure, assigned to 呼和浩特市, and publish it.
    const staff = await newPage(first, "zhangke", staffOneTime);
    await changePassword(staff, first, staffOneTime, STAFF_PASSWORD, /\/plans/);
    await staff.goto(`${first}/plans/new`);
    const planForm = staff.getByRole("form", { name: "新建年度计划" });
    await planForm.locator("input[name=year]").fill(YEAR);
    await planForm.locator("input[name=title]").fill(PLAN_TITLE);
    await planForm.getByRole("button", { name: "创建" }).click();
    await staff.waitForURL(/\/plans\/\d+$/, { timeout: 30_000 });
    const planUrl = staff.url();
    const addTask = staff.locator("[data-testid=add-top-form]");
    await addTask.locator("input[name=title]").fill("深入打好碧水保卫战");
    await addTask.getByRole("button", { name: "添加" }).click();
    await expect.poll(() => staff.locator("[data-testid=task-row]").count(), { timeout: 15_000 }).toBe(1);
    await staff.locator("[data-testid=task-row]").first().getByRole("button", { name: /添加举措/ }).click();
    const addMeasure = staff.locator("form[data-testid^=add-]").filter({ has: staff.locator("input[name=title]") }).first();
    await addMeasure.locator("input[name=title]").fill(MEASURE);
    await addMeasure.getByRole("button", { name: "添加" }).click();
    await expect.poll(() => staff.locator("[data-testid=task-row]").count(), { timeout: 15_000 }).toBe(2);
    await staff.goto(`${planUrl}?tab=matrix`);
    await staff.getByRole("button", { name: "整列勾选 呼和浩特市" }).click();
    await staff.locator("[data-testid=matrix-save]").click();
    await expect.poll(() => staff.locator("[role=status]").allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringContaining("已保存")]));
    await staff.goto(planUrl);
    await staff.getByRole("button", { name: "发布" }).click();
    await staff.getByRole("alertdialog").getByRole("button", { name: "确定" }).click();
    await expect.poll(() => staff.locator("[data-testid=plan-state]").innerText(), { timeout: 15_000 }).toBe("已发布");
    await staff.context().close();

    // The bureau acknowledges the measure and reports on it with a PDF.
    const bureau = await newPage(first, "hhht", bureauOneTime);
    await changePassword(bureau, first, bureauOneTime, BUREAU_PASSWORD, /\/my-region/);
    const item = bureau.locator("[data-testid=work-item]").filter({ hasText: MEASURE }).first();
    const card = bureau.locator(`#${(await item.getAttribute("id"))!}`);
    await card.getByLabel("联系人").fill("王红");
    await card.getByRole("button", { name: "签收" }).click();
    await expect.poll(() => card.locator("input[name=progress]").count(), { timeout: 15_000 }).toBe(1);
    await card.locator("input[name=progress]").fill("75");
    await card.locator("textarea[name=workDone]").fill(WORK_DONE);
    await card.locator("input[type=file]").setInputFiles({ name: "黑臭水体整治台账.pdf", mimeType: "application/pdf", buffer: PDF });
    // Uploaded once its download link is listed (while it uploads, its name shows as 上传中).
    await expect.poll(() => card.locator("a[href^='/api/attachments/']", { hasText: "黑臭水体整治台账.pdf" }).count(), { timeout: 60_000 }).toBe(1);
    await card.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => card.locator("[data-state]").first().getAttribute("data-state"), { timeout: 15_000 }).toBe("submitted");
    await shot(bureau, "install-bureau-submitted");
    await bureau.context().close();

    // Backed up while the server runs; restored into an empty database and an empty file store.
    const backedUp = command("backup", ["--out", backupDir], { DATABASE_URL: urlOf(databases.first), DATA_DIR: filesA });
    expect(backedUp).toMatch(/backup/i);
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, "manifest.json"), "utf8")) as { files?: unknown };
    expect(manifest.files).toBeTruthy();
    command("restore", ["--from", backupDir], { DATABASE_URL: urlOf(databases.restored), DATA_DIR: filesB });
    await stopServer(servers[0]!);

    // A server on the restored copy: the plan, the report and the evidence's bytes.
    const restored = await startServer(databases.restored, filesB);
    const check = await newPage(restored, "zhangke", STAFF_PASSWORD);
    await check.goto(`${restored}/plans`);
    expect(await check.locator("main").innerText()).toContain(PLAN_TITLE);
    await check.goto(`${restored}/review`);
    await check.locator("[data-testid=review-queue] a", { hasText: MEASURE }).first().click();
    await check.waitForURL(/\/review\/\d+/);
    const text = await check.locator("main").innerText();
    expect(text).toContain(WORK_DONE);
    expect(text).toContain("75");
    const link = check.locator("a[href^='/api/attachments/']", { hasText: "黑臭水体整治台账.pdf" }).first();
    const res = await check.request.get(`${restored}${(await link.getAttribute("href"))!}`);
    expect(res.status()).toBe(200);
    expect(Buffer.compare(await res.body(), PDF)).toBe(0);
    await shot(check, "install-restored-review");
    await check.context().close();
  });
});
