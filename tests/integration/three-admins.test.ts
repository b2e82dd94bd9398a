import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getMyAccount } from "@/lib/data/account";
import { createRegion, listAdminRegions, renameRegion } from "@/lib/data/admin-regions";
import { exportAuditLog, listAuditLog, listAuditVocabulary } from "@/lib/data/audit-log";
import { getRegionCompletion } from "@/lib/data/dashboard";
import { createPlan, listPlanYears } from "@/lib/data/plans";
import { approveReport, returnReport } from "@/lib/data/review";
import { getSecurityPolicy } from "@/lib/data/settings";
import { createUser, getUser, listUsers, resetUserPassword, setUserActive, unlockUser, updateUser } from "@/lib/data/users";
import { actAs, query, seed } from "../support/fixtures";
import { outcome, type Outcome } from "../support/outcome";

/**
 * 三员分立 (GB/T 22239-2019 level 3): the system administrator (admin: users, regions, settings),
 * the security administrator (secadmin: roles, security policy, unlock) and the audit
 * administrator (auditor: the audit log, nothing else). None can do another's work, none can
 * decide on a report. Staff is the control column: the business role that reviews.
 */
const ROLES = ["admin", "secadmin", "auditor", "staff"] as const;
type Role = (typeof ROLES)[number];

let target = 0;
let flip = 0;
let seq = 0;
const submitted: { reportId: number; version: number }[] = [];

async function user(id: number) {
  const [u] = await query<{ name: string; role: string; office: string | null }>(sql`select name, role::text, office from users where id = ${id}`);
  return u!;
}

beforeAll(async () => {
  await seed();
  await actAs("admin");
  target = (await createUser({ username: "three-target", name: "被管理用户", role: "staff", office: "综合处" })).id;
  flip = (await createUser({ username: "three-flip", name: "角色用户", role: "staff", office: "综合处" })).id;
  submitted.push(...(await query<{ reportId: number; version: number }>(sql`select id as "reportId", version from reports where state = 'submitted' order by id limit 8`)));
  expect(submitted.length).toBeGreaterThanOrEqual(2);
});

const nextSubmitted = () => submitted.shift()!;
const userIdOf = async (username: string) => (await query<{ id: number }>(sql`select id from users where username = ${username}`))[0]!.id;

//                                                              admin   secadmin auditor staff
const table: [string, () => Promise<unknown>, Record<Role, Outcome>][] = [
  // the system administrator's work
  ["listUsers", () => listUsers(), { admin: "ok", secadmin: "ok", auditor: 403, staff: 403 }],
  ["getUser", () => getUser(target), { admin: "ok", secadmin: "ok", auditor: 403, staff: 403 }],
  ["createUser (a business account)", () => createUser({ username: `three-${++seq}`, name: "新用户", role: "leader" }), { admin: "ok", secadmin: 403, auditor: 403, staff: 403 }],
  ["updateUser (particulars)", () => updateUser({ id: target, name: "被管理用户", role: "staff", office: `处室${++seq}` }), { admin: "ok", secadmin: 403, auditor: 403, staff: 403 }],
  ["setUserActive", () => setUserActive({ id: target, active: true }), { admin: "ok", secadmin: 403, auditor: 403, staff: 403 }],
  ["resetUserPassword", () => resetUserPassword({ id: target }), { admin: "ok", secadmin: 403, auditor: 403, staff: 403 }],
  // …but never the security or the audit administrator's account (it would be doing their work: reset, then sign in as them)
  ["resetUserPassword (the auditor's)", async () => resetUserPassword({ id: await userIdOf("auditor") }), { admin: 403, secadmin: 403, auditor: 403, staff: 403 }],
  ["resetUserPassword (the security administrator's)", async () => resetUserPassword({ id: await userIdOf("secadmin") }), { admin: 403, secadmin: 403, auditor: 403, staff: 403 }],
  ["setUserActive (the auditor's, off)", async () => setUserActive({ id: await userIdOf("auditor"), active: false }), { admin: 403, secadmin: 403, auditor: 403, staff: 403 }],
  ["updateUser (the security administrator's particulars)", async () => updateUser({ id: await userIdOf("secadmin"), name: "安全管理员（改）", role: "secadmin", office: "办公室" }), { admin: 403, secadmin: 403, auditor: 403, staff: 403 }],
  ["listAdminRegions", () => listAdminRegions(), { admin: "ok", secadmin: 403, auditor: 403, staff: 403 }],
  ["createRegion", () => createRegion({ code: String(150130 + ++seq), nameZh: `三员旗${seq}`, parentCode: "150100" }), { admin: "ok", secadmin: 403, auditor: 403, staff: 403 }],
  ["renameRegion", () => renameRegion({ code: "150100", nameZh: "呼和浩特市", nameEn: "Hohhot" }), { admin: "ok", secadmin: 403, auditor: 403, staff: 403 }],
  // the security administrator's work
  [
    "updateUser (role)",
    async () => {
      const u = await user(flip);
      return updateUser({ id: flip, name: u.name, role: u.role === "staff" ? "leader" : "staff", office: u.office });
    },
    { admin: 403, secadmin: "ok", auditor: 403, staff: 403 },
  ],
  ["createUser (an administrator role)", () => createUser({ username: `three-${++seq}`, name: "审计员", role: "auditor" }), { admin: 403, secadmin: 403, auditor: 403, staff: 403 }],
  ["unlockUser", () => unlockUser({ id: target }), { admin: 403, secadmin: "ok", auditor: 403, staff: 403 }],
  ["getSecurityPolicy", () => getSecurityPolicy(), { admin: 403, secadmin: "ok", auditor: 403, staff: 403 }],
  // the audit administrator's work
  ["listAuditLog", () => listAuditLog(), { admin: 403, secadmin: 403, auditor: "ok", staff: 403 }],
  ["listAuditVocabulary", () => listAuditVocabulary(), { admin: 403, secadmin: 403, auditor: "ok", staff: 403 }],
  ["exportAuditLog", () => exportAuditLog(), { admin: 403, secadmin: 403, auditor: "ok", staff: 403 }],
  // nobody's among the three: deciding on reports, business data (the system administrator keeps the plans it had)
  ["approveReport", () => approveReport(nextSubmitted()), { admin: 403, secadmin: 403, auditor: 403, staff: "ok" }],
  ["returnReport", () => returnReport({ ...nextSubmitted(), comment: "请补充材料" }), { admin: 403, secadmin: 403, auditor: 403, staff: "ok" }],
  ["listPlanYears", () => listPlanYears(), { admin: "ok", secadmin: 403, auditor: 403, staff: "ok" }],
  ["createPlan", () => createPlan({ year: 2040 + ++seq, title: "三员测试计划", issuingBody: "厅办公室", cadence: "monthly", dueDay: 25, graceDays: 5, greenMaxBehind: 10, yellowMaxBehind: 25 }), { admin: "ok", secadmin: 403, auditor: 403, staff: "ok" }],
  ["getRegionCompletion", () => getRegionCompletion({ year: 2025 }), { admin: "ok", secadmin: 403, auditor: 403, staff: "ok" }],
  ["getMyAccount", () => getMyAccount(), { admin: "ok", secadmin: "ok", auditor: "ok", staff: "ok" }],
];

describe("三员分立: each administrator against every action", () => {
  describe.each(table)("%s", (_name, call, expected) => {
    it.each(ROLES.map((r) => [r]))("as %s", async (role) => {
      await actAs(role);
      expect(await outcome(call)).toBe(expected[role]);
    });
  });
});

describe("refusals are recorded", () => {
  it("each 403 above left an access.denied entry naming the permission and the actor", async () => {
    const rows = await query<{ username: string; entity_id: string }>(sql`
      select u.username, a.entity_id from audit_log a join users u on u.id = a.actor_id where a.action = 'access.denied'`);
    const denied = (username: string, permission: string) => rows.some((r) => r.username === username && r.entity_id === permission);
    expect(denied("admin", "audit.read")).toBe(true);
    expect(denied("auditor", "user.read")).toBe(true);
    expect(denied("secadmin", "user.manage")).toBe(true);
    expect(denied("admin", "user.role")).toBe(true);
    expect(denied("secadmin", "report.review")).toBe(true);
  });
});

describe("roles in the database", () => {
  it("the demo has one account of each administrator role", async () => {
    const rows = await query<{ username: string; role: string }>(sql`select username, role::text from users where role in ('admin', 'secadmin', 'auditor') and is_demo order by username`);
    expect(rows).toEqual([
      { username: "admin", role: "admin" },
      { username: "auditor", role: "auditor" },
      { username: "secadmin", role: "secadmin" },
    ]);
  });

  it("the security administrator may not change their own role (the last one would lock security out)", async () => {
    await actAs("secadmin");
    const [me] = await query<{ id: number }>(sql`select id from users where username = 'secadmin'`);
    expect(await outcome(() => updateUser({ id: me!.id, name: "安全管理员", role: "admin", office: "办公室" }))).toBe(409);
  });
});
