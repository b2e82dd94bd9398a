import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/db/client";

/**
 * `npm run admin:create` on a database with nothing in it: the command a department's IT office
 * runs first on its own server (this file's PostgreSQL database) or embedded folder.
 */
const root = path.resolve(import.meta.dirname, "../..");
const onServer = Boolean(process.env.DATABASE_URL);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "admin-create-"));

function run(args: string[], password: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, ADMIN_PASSWORD: password, DATA_DIR: dataDir };
  if (!onServer) delete env.DATABASE_URL;
  return spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/bench-register.mjs", "scripts/admin-create.ts", ...args], { cwd: root, env, encoding: "utf8", timeout: 200_000 });
}

async function inspect<T>(fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const h = await openDatabase({ databaseUrl: onServer ? process.env.DATABASE_URL : undefined, dataDir });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("admin:create on an empty database", () => {
  it("refuses a weak password and writes nothing", { timeout: 240_000 }, async () => {
    const r = run(["--username", "root"], "password");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Refused");
  });

  it("creates the administrator, who must change the password at first sign-in, and the region tree", { timeout: 240_000 }, async () => {
    const r = run(["--username", "root", "--name", "信息中心 张工"], "Str0ng-Passw0rd");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("administrator root created");
    const { user, levels } = await inspect(async (h) => {
      const u = await h.db.execute(sql`select username, name, role, must_change_password, password_hash from users`);
      const l = await h.db.execute(sql`select level::text, count(*)::int as n from regions group by level order by level`);
      return { user: (u as unknown as { rows: Record<string, unknown>[] }).rows, levels: (l as unknown as { rows: { level: string; n: number }[] }).rows };
    });
    expect(user).toHaveLength(1);
    expect(user[0]).toMatchObject({ username: "root", name: "信息中心 张工", role: "admin", must_change_password: true });
    expect(await bcrypt.compare("Str0ng-Passw0rd", String(user[0]!.password_hash))).toBe(true);
    expect(Object.fromEntries(levels.map((l) => [l.level, l.n]))).toEqual({ province: 1, league_city: 12, banner_county: 103 });
  });

  it("a second run for the same name is refused; another administrator keeps the region tree as it is", { timeout: 240_000 }, async () => {
    expect(run(["--username", "root"], "Str0ng-Passw0rd").status).toBe(1);
    await inspect((h) => h.db.execute(sql`update regions set name_en = 'Xincheng District' where code = '150102'`));
    const r = run(["--username", "root2"], "An0ther-Passw0rd");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Regions added: 0");
    const names = await inspect((h) => h.db.execute(sql`select name_en from regions where code = '150102'`));
    expect((names as unknown as { rows: { name_en: string }[] }).rows[0]!.name_en).toBe("Xincheng District");
  });
});

describe("admin:create --role (三员分立)", () => {
  it("creates the security and the audit administrator; any other role is refused", { timeout: 240_000 }, async () => {
    expect(run(["--username", "sec1", "--role", "secadmin"], "Str0ng-Passw0rd").status).toBe(0);
    const r = run(["--username", "audit1", "--role", "auditor"], "Str0ng-Passw0rd");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("role auditor");
    const bad = run(["--username", "staff1", "--role", "staff"], "Str0ng-Passw0rd");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--role must be one of admin, secadmin, auditor");
    const rows = await inspect((h) => h.db.execute(sql`select username, name, role::text from users where username in ('sec1', 'audit1', 'staff1') order by username`));
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([
      { username: "audit1", name: "审计管理员", role: "auditor" },
      { username: "sec1", name: "安全管理员", role: "secadmin" },
    ]);
  });
});

describe("admin:create --reset (the three administrators' passwords are reset at the server)", () => {
  it("gives an administrator a new password to change at the next sign-in and ends its sessions; refuses an unknown name and a business account", { timeout: 240_000 }, async () => {
    const before = await inspect((h) => h.db.execute(sql`select id, session_version from users where username = 'sec1'`));
    const [sec] = (before as unknown as { rows: { id: number; session_version: number }[] }).rows;
    await inspect((h) => h.db.execute(sql`update users set active = false, must_change_password = false where username = 'sec1'`));
    const r = run(["--username", "sec1", "--reset"], "Reset-Passw0rd-2026");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("the password of sec1");
    const after = await inspect((h) => h.db.execute(sql`select role::text, active, must_change_password, session_version, password_hash from users where id = ${sec!.id}`));
    const [row] = (after as unknown as { rows: { role: string; active: boolean; must_change_password: boolean; session_version: number; password_hash: string }[] }).rows;
    expect(row).toMatchObject({ role: "secadmin", active: true, must_change_password: true, session_version: sec!.session_version + 1 });
    expect(await bcrypt.compare("Reset-Passw0rd-2026", row!.password_hash)).toBe(true);
    const audited = await inspect((h) => h.db.execute(sql`select after from audit_log where action = 'user.resetPassword' and entity_id = ${String(sec!.id)}`));
    expect((audited as unknown as { rows: { after: { by: string } }[] }).rows.map((a) => a.after.by)).toEqual(["admin:create --reset"]);

    const unknown = run(["--username", "nobody", "--reset"], "Reset-Passw0rd-2026");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("no user named nobody");
    await inspect((h) => h.db.execute(sql`insert into users (username, name, role, password_hash) values ('clerk1', '办事员', 'staff', 'x')`));
    const business = run(["--username", "clerk1", "--reset"], "Reset-Passw0rd-2026");
    expect(business.status).toBe(1);
    expect(business.stderr).toContain("not an administrator");
  });
});
