import bcrypt from "bcryptjs";
import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { changeMyPassword, getMyAccount, listMySignIns, requirePasswordCurrent } from "@/lib/data/account";
import * as adminRegions from "@/lib/data/admin-regions";
import { createRegion, listAdminRegions, renameRegion, setRegionActive } from "@/lib/data/admin-regions";
import { exportAuditLog, listAuditLog, listAuditVocabulary } from "@/lib/data/audit-log";
import { createMissingBureauAccounts, createUser, getUser, listUsers, resetUserPassword, setUserActive, unlockUser, updateUser } from "@/lib/data/users";
import { createUserAction, updateUserAction } from "@/lib/actions/admin";
import zhAdmin from "@/messages/zh-CN.admin.json";
import enAdmin from "@/messages/en.admin.json";
import { getViewer } from "@/lib/auth/viewer";
import { passwordProblem } from "@/lib/validation/user";
import { actAs, query, seed } from "../support/fixtures";
import { setClaims } from "../support/session-mock";
import { outcome, type Outcome } from "../support/outcome";

const BUREAU = "bureau-150100";
let target = 0; // a user the role table acts on
let roleTarget = 0; // a user whose role the role table flips
let seq = 0;

async function userRow(id: number) {
  const db = await getDb();
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u!;
}

async function lastAudit(entityType: string, entityId: string | number) {
  const [row] = await query<{ action: string; actor_id: number | null; before: unknown; after: unknown }>(
    sql`select action, actor_id, before, after from audit_log where entity_type = ${entityType} and entity_id = ${String(entityId)} order by id desc limit 1`,
  );
  return row;
}

const auditCount = async () => Number((await query<{ n: number }>(sql`select count(*)::int as n from audit_log`))[0]!.n);

beforeAll(async () => {
  await seed();
  await actAs("admin");
  target = (await createUser({ username: "target-user", name: "被操作用户", role: "staff", office: "综合处" })).id;
  roleTarget = (await createUser({ username: "role-target", name: "角色变更用户", role: "staff", office: "综合处" })).id;
});

describe("the password policy", () => {
  const cases: [string, string, boolean, string | null][] = [
    ["short1", "alice", false, "passwordTooShort"],
    ["abcdefghijk", "alice", false, "passwordNeedsLettersAndDigits"],
    ["12345678901", "alice", false, "passwordNeedsLettersAndDigits"],
    ["alice12345", "alice12345", false, "passwordIsUsername"],
    ["Alice12345", "alice12345", false, "passwordIsUsername"],
    ["Green2026river", "alice", false, null],
    ["生态环境保护2026年", "alice", false, null],
  ];
  it.each(cases)("%s for %s (demo %s) → %s", (password, username, demoMode, expected) => {
    expect(passwordProblem(password, username, { demoMode })).toBe(expected);
  });
  it("refuses the demo password outside demo mode only (and it is too short either way)", () => {
    expect(passwordProblem("demo2025demo", "x", { demoMode: false, demoPasswords: ["demo2025demo"] })).toBe("passwordIsDemo");
    expect(passwordProblem("demo2025demo", "x", { demoMode: true, demoPasswords: ["demo2025demo"] })).toBeNull();
    expect(passwordProblem("demo2025", "x", { demoMode: false })).not.toBeNull();
  });
});

// 三员分立 changed this table: `admin` (now the system administrator) no longer reads the audit log
// (the audit administrator does) nor changes roles (the security administrator does).
describe("every role against every administration action", () => {
  const roles = ["admin", "secadmin", "auditor", "staff", "leader", BUREAU, null] as const;
  const key = (r: (typeof roles)[number]) => (r === null ? "anon" : r === BUREAU ? "bureau" : r);
  const none: Record<string, Outcome> = { admin: 403, secadmin: 403, auditor: 403, staff: 403, leader: 403, bureau: 403, anon: 401 };
  const onlyAdmin = (ok: Outcome = "ok"): Record<string, Outcome> => ({ ...none, admin: ok });
  const onlySecadmin: Record<string, Outcome> = { ...none, secadmin: "ok" };
  const onlyAuditor: Record<string, Outcome> = { ...none, auditor: "ok" };
  const everyone: Record<string, Outcome> = { admin: "ok", secadmin: "ok", auditor: "ok", staff: "ok", leader: "ok", bureau: "ok", anon: 401 };
  const flipRole = async () => {
    const u = await userRow(roleTarget);
    return updateUser({ id: roleTarget, name: u.name, role: u.role === "staff" ? "leader" : "staff", office: u.office });
  };
  const cases: [string, () => Promise<unknown>, Record<string, Outcome>][] = [
    ["listUsers", () => listUsers(), { ...onlyAdmin(), secadmin: "ok" }],
    ["getUser", () => getUser(target), { ...onlyAdmin(), secadmin: "ok" }],
    ["createUser", () => createUser({ username: `role-case-${++seq}`, name: "x", role: "leader" }), onlyAdmin()],
    // An administrator account is granted by the security administrator, who creates no accounts: so by no one here.
    ["createUser(an administrator role)", () => createUser({ username: `role-case-${++seq}`, name: "x", role: "auditor" }), none],
    ["updateUser(particulars)", () => updateUser({ id: target, name: "被操作用户", role: "staff", office: `法规处${++seq}` }), onlyAdmin()],
    ["updateUser(role)", flipRole, onlySecadmin],
    ["unlockUser", () => unlockUser({ id: target }), onlySecadmin],
    ["setUserActive", () => setUserActive({ id: target, active: true }), onlyAdmin()],
    ["resetUserPassword", () => resetUserPassword({ id: target }), onlyAdmin()],
    ["createMissingBureauAccounts", () => createMissingBureauAccounts(), onlyAdmin()],
    ["listAdminRegions", () => listAdminRegions(), onlyAdmin()],
    ["createRegion", () => createRegion({ code: String(150120 + ++seq), nameZh: `测试旗${seq}`, parentCode: "150100" }), onlyAdmin()],
    ["renameRegion", () => renameRegion({ code: "150100", nameZh: "呼和浩特市", nameEn: "Hohhot" }), onlyAdmin()],
    ["setRegionActive", () => setRegionActive({ code: "150100", active: true }), onlyAdmin()],
    ["listAuditLog", () => listAuditLog(), onlyAuditor],
    ["listAuditVocabulary", () => listAuditVocabulary(), onlyAuditor],
    ["exportAuditLog", () => exportAuditLog(), onlyAuditor],
    ["getMyAccount", () => getMyAccount(), everyone],
    ["listMySignIns", () => listMySignIns(), everyone],
    ["changeMyPassword(wrong current)", () => changeMyPassword({ current: "wrong-one-1", next: "Green2026river", confirm: "Green2026river" }), { admin: 422, secadmin: 422, auditor: 422, staff: 422, leader: 422, bureau: 422, anon: 401 }],
  ];
  describe.each(cases)("%s", (_name, call, expected) => {
    it.each(roles.map((r) => [r ?? "anonymous", r] as const))("as %s", async (_label, role) => {
      await actAs(role);
      expect(await outcome(call)).toBe(expected[key(role)]);
    });
  });
});

describe("users", () => {
  it("creates a bureau user for a banner-county with a one-time password, bcrypt cost 10, to be changed, audited without secrets", async () => {
    await actAs("admin");
    await createRegion({ code: "150102", nameZh: "新城区", nameEn: "Xincheng District", parentCode: "150100" });
    const before = await auditCount();
    const res = await createUser({ username: "XinCheng", name: "新城区分局", role: "bureau", regionCode: "150102", phone: "04711234567" });
    expect(await auditCount()).toBe(before + 1);
    expect(res.username).toBe("xincheng");
    expect(passwordProblem(res.oneTimePassword, res.username, { demoMode: false })).toBeNull();
    const row = await userRow(res.id);
    expect(row).toMatchObject({ role: "bureau", regionCode: "150102", mustChangePassword: true, active: true, phone: "04711234567" });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(await bcrypt.compare(res.oneTimePassword, row.passwordHash)).toBe(true);
    const entry = await lastAudit("user", res.id);
    expect(entry).toMatchObject({ action: "user.create", after: { username: "xincheng", role: "bureau", regionCode: "150102" } });
    expect(JSON.stringify(entry)).not.toContain(res.oneTimePassword);
    expect(JSON.stringify(entry)).not.toContain("$2");
    expect((await listUsers({ regionCode: "150102" })).map((u) => u.username)).toEqual(["xincheng"]);
  });

  it("searches and filters by role and region, and never returns a hash", async () => {
    await actAs("admin");
    const bureaus = await listUsers({ role: "bureau" });
    expect(bureaus.length).toBeGreaterThanOrEqual(12);
    expect(bureaus.every((u) => u.role === "bureau")).toBe(true);
    expect((await listUsers({ q: "王晓东" })).map((u) => u.username)).toEqual(["staff"]);
    expect((await listUsers({ q: "%" })).length).toBe(0);
    expect((await listUsers({ regionCode: "150200" })).map((u) => u.username)).toEqual(["bureau-150200"]);
    expect(Object.keys(bureaus[0]!)).not.toContain("passwordHash");
  });

  it("refuses a bureau without a region, a region that is the province or inactive, and a taken username", async () => {
    await actAs("admin");
    expect(await outcome(() => createUser({ username: "no-region", name: "x", role: "bureau" }))).toBe("invalid");
    expect(await outcome(() => createUser({ username: "province", name: "x", role: "bureau", regionCode: "150000" }))).toBe(422);
    expect(await outcome(() => createUser({ username: "nowhere", name: "x", role: "bureau", regionCode: "159999" }))).toBe(422);
    expect(await outcome(() => createUser({ username: "Admin", name: "x", role: "leader" }))).toBe(422);
    expect(await outcome(() => createUser({ username: "a b", name: "x", role: "leader" }))).toBe("invalid");
    // A region is dropped from a role that has none.
    const { id } = await createUser({ username: "leader-two", name: "x", role: "leader", regionCode: "150100" });
    expect((await userRow(id)).regionCode).toBeNull();
  });

  it("a role or region change ends the user's sessions; other changes do not; an administrator keeps their own role", async () => {
    await actAs("admin");
    const { id } = await createUser({ username: "mover", name: "调动人员", role: "bureau", regionCode: "150200" });
    const v0 = (await userRow(id)).sessionVersion;
    await updateUser({ id, name: "调动人员", role: "bureau", regionCode: "150200", phone: "13912345678" });
    expect((await userRow(id)).sessionVersion).toBe(v0);
    await updateUser({ id, name: "调动人员", role: "bureau", regionCode: "150300" });
    expect((await userRow(id)).sessionVersion).toBe(v0 + 1);
    // 三员分立: the role is the security administrator's to change, with nothing else.
    expect(await outcome(() => updateUser({ id, name: "调动人员", role: "staff", office: "大气处" }))).toBe(403);
    await actAs("secadmin");
    expect(await outcome(() => updateUser({ id, name: "改名", role: "staff", office: "大气处" }))).toBe(403);
    await updateUser({ id, name: "调动人员", role: "staff", office: "大气处" });
    const after = await userRow(id);
    expect(after).toMatchObject({ role: "staff", regionCode: null, office: "大气处", sessionVersion: v0 + 2 });
    expect(await lastAudit("user", id)).toMatchObject({ action: "user.update", before: { role: "bureau", regionCode: "150300" }, after: { role: "staff", regionCode: null } });
    const me = (await getViewer())!.id;
    expect(await outcome(() => updateUser({ id: me, name: "安全管理员", role: "staff", office: "办公室" }))).toBe(409);
    expect(await outcome(() => updateUser({ id: 999_999, name: "x", role: "staff" }))).toBe(404);
  });

  it("deactivates (ending the open session at its next request) and reactivates, never deletes, not oneself", async () => {
    await actAs("admin");
    const { id } = await createUser({ username: "leaver", name: "离职人员", role: "leader" });
    const count = (await query<{ n: number }>(sql`select count(*)::int as n from users`))[0]!.n;
    await actAs("leaver");
    expect((await getViewer())?.username).toBe("leaver");
    await actAs("admin");
    await setUserActive({ id, active: false });
    expect(await lastAudit("user", id)).toMatchObject({ action: "user.deactivate", before: { active: true }, after: { active: false } });
    const old = await userRow(id);
    setClaims({ userId: id, sessionVersion: old.sessionVersion - 1 });
    expect(await outcome(() => getMyAccount())).toBe(401);
    setClaims({ userId: id, sessionVersion: old.sessionVersion });
    expect(await outcome(() => getMyAccount())).toBe(401); // inactive
    await actAs("admin");
    await setUserActive({ id, active: true });
    expect((await userRow(id)).active).toBe(true);
    expect((await query<{ n: number }>(sql`select count(*)::int as n from users`))[0]!.n).toBe(count);
    const me = (await getViewer())!.id;
    expect(await outcome(() => setUserActive({ id: me, active: false }))).toBe(409);
    expect((await listUsers({ status: "inactive" })).every((u) => !u.active)).toBe(true);
  });

  it("a password reset gives a one-time password, ends the sessions and sends the user to change it", async () => {
    await actAs("admin");
    const { id } = await createUser({ username: "forgetful", name: "忘记密码", role: "staff" });
    await actAs("forgetful");
    await expect(requirePasswordCurrent()).rejects.toMatchObject({ digest: expect.stringContaining("/account/password") });
    const { oneTimePassword: first } = await resetUserPassword({ id }).catch(() => ({ oneTimePassword: "" }));
    expect(first).toBe(""); // not an admin
    await actAs("admin");
    const before = await userRow(id);
    const reset = await resetUserPassword({ id });
    const after = await userRow(id);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.mustChangePassword).toBe(true);
    expect(await bcrypt.compare(reset.oneTimePassword, after.passwordHash)).toBe(true);
    const entry = await lastAudit("user", id);
    expect(entry?.action).toBe("user.resetPassword");
    expect(JSON.stringify(entry)).not.toContain(reset.oneTimePassword);
    setClaims({ userId: id, sessionVersion: before.sessionVersion });
    expect(await outcome(() => getMyAccount())).toBe(401);

    await actAs("forgetful");
    await expect(requirePasswordCurrent()).rejects.toMatchObject({ digest: expect.stringContaining("/account/password") });
    const change = (next: string) => changeMyPassword({ current: reset.oneTimePassword, next, confirm: next });
    expect(await outcome(() => change("short1"))).toBe(422);
    expect(await outcome(() => change("forgetful"))).toBe(422);
    expect(await outcome(() => change("onlyletterslong"))).toBe(422);
    expect(await outcome(() => changeMyPassword({ current: reset.oneTimePassword, next: "Green2026river", confirm: "Green2026rivers" }))).toBe("invalid");
    expect(await outcome(() => change(reset.oneTimePassword))).toBe(422);
    await change("Green2026river");
    const changed = await userRow(id);
    expect(changed.mustChangePassword).toBe(false);
    expect(await bcrypt.compare("Green2026river", changed.passwordHash)).toBe(true);
    expect(changed.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    await expect(requirePasswordCurrent()).resolves.toBeUndefined();
    expect(await lastAudit("user", id)).toMatchObject({ action: "account.changePassword" });
  });

  it("refuses the demo password outside demo mode", async () => {
    await actAs("admin");
    const { id, oneTimePassword } = await createUser({ username: "demo-tester", name: "x", role: "leader" });
    await actAs("demo-tester");
    const err = await changeMyPassword({ current: oneTimePassword, next: "demo2025", confirm: "demo2025" }).catch((e: unknown) => e);
    expect((err as { fields?: object }).fields).toEqual({ next: "passwordTooShort" });
    expect((await userRow(id)).mustChangePassword).toBe(true);
  });

  it("bulk-creates the bureau accounts of league-cities that have none, once", async () => {
    await actAs("admin");
    const [wuhai] = await listUsers({ q: "bureau-150300" });
    await setUserActive({ id: wuhai!.id, active: false });
    const before = await auditCount();
    const created = await createMissingBureauAccounts();
    expect(created.map((c) => [c.regionCode, c.username])).toEqual([["150300", "bureau-150300-2"]]);
    expect(await auditCount()).toBe(before + 1);
    const row = await userRow(created[0]!.id);
    expect(row).toMatchObject({ role: "bureau", regionCode: "150300", mustChangePassword: true });
    expect(await bcrypt.compare(created[0]!.oneTimePassword, row.passwordHash)).toBe(true);
    expect(await createMissingBureauAccounts()).toEqual([]);
  });
});

describe("a user's e-mail and phone (where the e-mail and SMS reminders go)", () => {
  let contactUser = 0;
  const contactOf = async (id: number) => {
    const u = await userRow(id);
    return { email: u.email, phone: u.phone };
  };

  // Each row is one save of the administrator's edit form, in order, on one user created with both.
  const edits: [string, { email?: string | null; phone?: string | null }, { email: string | null; phone: string | null }][] = [
    ["changes both", { email: "zhang.san@nmg-eco.cn", phone: "13712345678" }, { email: "zhang.san@nmg-eco.cn", phone: "13712345678" }],
    ["trims what was typed around them", { email: "  li.si@nmg-eco.cn ", phone: " +8613812345678 " }, { email: "li.si@nmg-eco.cn", phone: "+8613812345678" }],
    ["left out, both stay as they are", {}, { email: "li.si@nmg-eco.cn", phone: "+8613812345678" }],
    ["clears the e-mail with a blank field", { email: "", phone: "+8613812345678" }, { email: null, phone: "+8613812345678" }],
    ["clears the phone with null", { email: "", phone: null }, { email: null, phone: null }],
    ["sets them again", { email: "wang.wu@nmg-eco.cn", phone: "15012345678" }, { email: "wang.wu@nmg-eco.cn", phone: "15012345678" }],
  ];

  it("the administrator creates a user with both: stored, listed, searchable, audited (no secrets)", async () => {
    await actAs("admin");
    const before = await auditCount();
    const res = await createUser({ username: "contact-user", name: "联系方式用户", role: "bureau", regionCode: "150500", email: "bureau.tongliao@nmg-eco.cn", phone: "13912345678" });
    contactUser = res.id;
    expect(await auditCount()).toBe(before + 1);
    expect(await contactOf(res.id)).toEqual({ email: "bureau.tongliao@nmg-eco.cn", phone: "13912345678" });
    expect(await lastAudit("user", res.id)).toMatchObject({ action: "user.create", after: { email: "bureau.tongliao@nmg-eco.cn", phone: "13912345678" } });
    expect(JSON.stringify(await lastAudit("user", res.id))).not.toContain(res.oneTimePassword);
    expect((await listUsers({ regionCode: "150500" })).find((u) => u.id === res.id)).toMatchObject({ email: "bureau.tongliao@nmg-eco.cn", phone: "13912345678" });
    expect(await getUser(res.id)).toMatchObject({ email: "bureau.tongliao@nmg-eco.cn", phone: "13912345678" });
    expect((await listUsers({ q: "tongliao@nmg" })).map((u) => u.username)).toEqual(["contact-user"]);
    // Neither is required.
    const bare = await createUser({ username: "contact-none", name: "无联系方式", role: "leader", email: "", phone: "" });
    expect(await contactOf(bare.id)).toEqual({ email: null, phone: null });
  });

  it.each(edits)("the administrator's edit %s, with before and after in the audit log", async (_label, contact, expected) => {
    await actAs("admin");
    const before = await contactOf(contactUser);
    await updateUser({ id: contactUser, name: "联系方式用户", role: "bureau", regionCode: "150500", ...contact });
    expect(await contactOf(contactUser)).toEqual(expected);
    const entry = await lastAudit("user", contactUser);
    expect(entry).toMatchObject({ action: "user.update", before, after: expected });
    expect(JSON.stringify(entry)).not.toContain("$2");
  });

  // The field, the value typed, the field's error the form shows.
  const bad: ["email" | "phone", string, string][] = [
    ["email", "not-an-address", "badEmail"],
    ["email", "zhang@", "badEmail"],
    ["email", "@nmg-eco.cn", "badEmail"],
    ["email", "zhang san@nmg-eco.cn", "badEmail"],
    ["email", "张三@生态.中国", "badEmail"],
    ["email", `${"a".repeat(250)}@nmg.cn`, "badEmail"],
    ["phone", "0471-1234567", "badPhone"],
    ["phone", "139 1234 5678", "badPhone"],
    ["phone", "12345", "badPhone"],
    ["phone", "1".repeat(21), "badPhone"],
    ["phone", "电话13912345678", "badPhone"],
    ["phone", "+86-139", "badPhone"],
  ];
  it.each(bad)("refuses %s %j with %s, in Chinese and English, writing nothing", async (field, value, code) => {
    await actAs("admin");
    const stored = await userRow(contactUser);
    const entries = await auditCount();
    const users0 = (await query<{ n: number }>(sql`select count(*)::int as n from users`))[0]!.n;
    const created = await createUserAction({ username: "contact-refused", name: "不应创建", role: "leader", [field]: value });
    expect(created).toEqual({ ok: false, message: "invalid", errors: { [field]: code } });
    const updated = await updateUserAction({ id: contactUser, name: "联系方式用户", role: "bureau", regionCode: "150500", [field]: value });
    expect(updated).toEqual({ ok: false, message: "invalid", errors: { [field]: code } });
    expect((await query<{ n: number }>(sql`select count(*)::int as n from users`))[0]!.n).toBe(users0);
    expect(await userRow(contactUser)).toEqual(stored);
    expect(await auditCount()).toBe(entries);
    // The form shows the field's own sentence, naming the field.
    const errors = (m: typeof zhAdmin) => m.admin.errors as Record<string, string>;
    expect(errors(zhAdmin)[code]).toContain(field === "email" ? "电子邮箱" : "手机号码");
    expect(errors(enAdmin)[code]).toMatch(field === "email" ? /e-mail/ : /phone/);
  });

  const others = ["secadmin", "auditor", "staff", "leader", BUREAU, null] as const;
  it.each(others.map((r) => [r ?? "anonymous", r] as const))("as %s: neither sets nor changes them", async (_label, role) => {
    await actAs(role);
    const stored = await contactOf(contactUser);
    const refused = role === null ? 401 : 403;
    expect(await outcome(() => updateUser({ id: contactUser, name: "联系方式用户", role: "bureau", regionCode: "150500", email: "intruder@example.cn" }))).toBe(refused);
    expect(await outcome(() => updateUser({ id: contactUser, name: "联系方式用户", role: "bureau", regionCode: "150500", phone: "13000000000" }))).toBe(refused);
    expect(await outcome(() => updateUser({ id: contactUser, name: "联系方式用户", role: "bureau", regionCode: "150500", email: "", phone: "" }))).toBe(refused);
    expect(await outcome(() => createUser({ username: `contact-by-${role ?? "anon"}`, name: "x", role: "leader", email: "x@example.cn", phone: "13000000000" }))).toBe(refused);
    await actAs("admin");
    expect(await contactOf(contactUser)).toEqual(stored);
    expect((await listUsers({ q: `contact-by-${role ?? "anon"}` })).length).toBe(0);
  });

  it("the security administrator's role change leaves them as they are (the form sends them unchanged; a caller may leave them out)", async () => {
    await actAs("admin");
    const { id } = await createUser({ username: "contact-role", name: "角色与联系方式", role: "staff", office: "大气处", email: "role@nmg-eco.cn", phone: "13612345678" });
    await actAs("secadmin");
    await updateUser({ id, name: "角色与联系方式", role: "leader", office: "大气处" });
    await updateUser({ id, name: "角色与联系方式", role: "staff", office: "大气处", email: "role@nmg-eco.cn", phone: "13612345678" });
    expect(await contactOf(id)).toEqual({ email: "role@nmg-eco.cn", phone: "13612345678" });
    expect((await userRow(id)).role).toBe("staff");
  });
});

describe("regions", () => {
  it("adds league-cities below the province and banner-counties below them, nothing below a banner-county", async () => {
    await actAs("admin");
    await createRegion({ code: "152300", nameZh: "测试盟", nameEn: "Test League", parentCode: "150000" });
    await createRegion({ code: "152301", nameZh: "测试旗", parentCode: "152300" });
    const all = await listAdminRegions();
    expect(all.find((r) => r.code === "152300")).toMatchObject({ level: "league_city", parentCode: "150000", active: true });
    expect(all.find((r) => r.code === "152301")).toMatchObject({ level: "banner_county", parentCode: "152300" });
    // The tree order: a league-city is followed by its banner-counties.
    const i = all.findIndex((r) => r.code === "150100");
    expect(all[i + 1]!.parentCode).toBe("150100");
    expect(await outcome(() => createRegion({ code: "152302", nameZh: "x", parentCode: "152301" }))).toBe(422);
    expect(await outcome(() => createRegion({ code: "152301", nameZh: "x", parentCode: "152300" }))).toBe(422);
    expect(await outcome(() => createRegion({ code: "15230", nameZh: "x", parentCode: "152300" }))).toBe("invalid");
    expect(await lastAudit("region", "152301")).toMatchObject({ action: "region.create", after: { level: "banner_county" } });
  });

  it("renames with before and after in the log", async () => {
    await actAs("admin");
    await renameRegion({ code: "152301", nameZh: "测试县", nameEn: "Test County" });
    expect(await lastAudit("region", "152301")).toMatchObject({ action: "region.rename", before: { nameZh: "测试旗" }, after: { nameZh: "测试县", nameEn: "Test County" } });
    expect(await outcome(() => renameRegion({ code: "159998", nameZh: "x" }))).toBe(404);
  });

  it("deactivates a region only without active regions below it; the province stays; users go only to active regions", async () => {
    await actAs("admin");
    expect(await outcome(() => setRegionActive({ code: "152300", active: false }))).toBe(409);
    expect(await outcome(() => setRegionActive({ code: "150000", active: false }))).toBe(409);
    await setRegionActive({ code: "152301", active: false });
    await setRegionActive({ code: "152300", active: false });
    expect(await outcome(() => setRegionActive({ code: "152301", active: true }))).toBe(409);
    expect(await outcome(() => createUser({ username: "in-closed", name: "x", role: "bureau", regionCode: "152301" }))).toBe(422);
    await setRegionActive({ code: "152300", active: true });
    await setRegionActive({ code: "152301", active: true });
    expect(await lastAudit("region", "152301")).toMatchObject({ action: "region.reactivate" });
  });

  it("a region with assignments is never deleted: there is no delete, and deactivation keeps it and its assignments", async () => {
    expect(Object.keys(adminRegions).filter((k) => /delete|remove/i.test(k))).toEqual([]);
    await actAs("admin");
    const [{ n } = { n: 0 }] = await query<{ n: number }>(sql`select count(*)::int as n from assignments where region_code = '150900'`);
    expect(Number(n)).toBeGreaterThan(0);
    expect((await listAdminRegions()).find((r) => r.code === "150900")!.assignmentCount).toBe(Number(n));
    await setRegionActive({ code: "150900", active: false });
    const [still] = await query<{ n: number }>(sql`select count(*)::int as n from assignments where region_code = '150900'`);
    expect(Number(still!.n)).toBe(Number(n));
    await setRegionActive({ code: "150900", active: true });
    await expect((await getDb()).execute(sql`delete from regions where code = '150900'`)).rejects.toThrow();
  });
});

describe("the audit log", () => {
  it("lists newest first, filtered by user, action, kind of record, region and date range", async () => {
    const [{ id: me }] = (await query<{ id: number }>(sql`select id from users where username = 'admin'`)) as [{ id: number }];
    await actAs("auditor");
    const { rows } = await listAuditLog();
    expect(rows.length).toBeGreaterThan(5);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(rows[i]!.at.getTime());
    const mine = await listAuditLog({ actorId: me, action: "user.create" });
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.every((r) => r.actorId === me && r.action === "user.create" && r.actorUsername === "admin")).toBe(true);
    const regionRows = await listAuditLog({ entityType: "region", regionCode: "152301" });
    expect(regionRows.rows.map((r) => r.action)).toEqual(["region.reactivate", "region.deactivate", "region.rename", "region.create"]);
    expect(regionRows.rows[2]!.before).toEqual({ nameZh: "测试旗", nameEn: "" });
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
    expect((await listAuditLog({ entityType: "region", regionCode: "152301", from: today, to: today })).rows.length).toBe(4);
    expect((await listAuditLog({ entityType: "region", regionCode: "152301", to: "2000-01-01" })).rows.length).toBe(0);
    const vocab = await listAuditVocabulary();
    expect(vocab.actions).toEqual(expect.arrayContaining(["user.create", "region.rename"]));
    expect(vocab.entityTypes).toEqual(expect.arrayContaining(["user", "region"]));
  });

  it("exports the filtered log to Excel", async () => {
    await actAs("auditor");
    const { fileName, bytes } = await exportAuditLog({ entityType: "region", regionCode: "152301" });
    expect(fileName).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(5);
    expect(String(sheet.getRow(2).getCell(4).value)).toBe("region.reactivate");
    expect(String(sheet.getRow(4).getCell(8).value)).toContain("测试旗");
  });

  it("cannot be changed or deleted through the database", async () => {
    const db = await getDb();
    await expect(db.execute(sql`update audit_log set action = 'x' where entity_type = 'user'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log where entity_type = 'user'`)).rejects.toThrow();
  });
});

describe("my account", () => {
  it("shows no sign-ins until they are recorded, then mine only, newest first", async () => {
    await actAs("staff");
    expect(await listMySignIns()).toEqual([]);
    const [{ id: staffId }] = (await query<{ id: number }>(sql`select id from users where username = 'staff'`)) as [{ id: number }];
    const [{ id: leaderId }] = (await query<{ id: number }>(sql`select id from users where username = 'leader'`)) as [{ id: number }];
    await query(sql`insert into audit_log (actor_id, action, entity_type, entity_id, ip, at) values
      (${staffId}, 'auth.signin', 'user', ${String(staffId)}, '10.0.0.1', now() - interval '2 days'),
      (${staffId}, 'auth.signin', 'user', ${String(staffId)}, '10.0.0.2', now() - interval '1 day'),
      (${leaderId}, 'auth.signin', 'user', ${String(leaderId)}, '10.0.0.9', now())`);
    expect((await listMySignIns()).map((s) => s.ip)).toEqual(["10.0.0.2", "10.0.0.1"]);
    expect((await getMyAccount()).username).toBe("staff");
  });
});
