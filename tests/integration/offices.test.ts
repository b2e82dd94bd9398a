import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { saveOfficesAction } from "@/lib/actions/offices";
import { listOffices, updateOffices } from "@/lib/data/offices";
import { DEFAULT_OFFICES } from "@/lib/validation/offices";
import { actAs, query, seed } from "../support/fixtures";
import { outcome, type Outcome } from "../support/outcome";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

// 牵头处室 is picked from a list kept in settings (issue 11 item 14): who reads it, who sets it,
// what is refused, and that a refused save writes nothing.

beforeAll(async () => {
  await seed();
});

const ROLES = ["admin", "secadmin", "auditor", "staff", "leader", "bureau-150200"] as const;
type Role = (typeof ROLES)[number];
const table: [string, () => Promise<unknown>, Record<Role, Outcome>][] = [
  ["listOffices", () => listOffices(), { admin: "ok", secadmin: 403, auditor: 403, staff: "ok", leader: 403, "bureau-150200": 403 }],
  ["updateOffices", () => updateOffices({ offices: [...DEFAULT_OFFICES] }), { admin: "ok", secadmin: 403, auditor: 403, staff: 403, leader: 403, "bureau-150200": 403 }],
];

describe("who reads and who sets the offices", () => {
  describe.each(table)("%s", (_name, call, expected) => {
    it.each(ROLES.map((r) => [r]))("as %s", async (role) => {
      await actAs(role);
      expect(await outcome(call)).toBe(expected[role]);
    });
  });
  it("signed out: 401", async () => {
    await actAs(null);
    expect(await outcome(() => listOffices())).toBe(401);
  });
});

describe("the list", () => {
  it("is the default list until set; the administrator's lines are saved in order and audited", async () => {
    await actAs("admin");
    await query(sql`delete from settings where key = 'offices'`);
    expect(await listOffices()).toEqual(DEFAULT_OFFICES);
    const form = new FormData();
    form.set("offices", " 综合处\n\n大气环境处 \n督察办\n");
    expect(await saveOfficesAction(null, form)).toEqual({ ok: true, offices: ["综合处", "大气环境处", "督察办"] });
    await actAs("staff");
    expect(await listOffices()).toEqual(["综合处", "大气环境处", "督察办"]);
    const [audit] = await query<{ after: { offices: string[] } }>(sql`select after from audit_log where action = 'settings.update' and entity_id = 'offices' order by id desc limit 1`);
    expect(audit!.after.offices).toEqual(["综合处", "大气环境处", "督察办"]);
  });

  it.each([
    ["nothing", "", "required"],
    ["a name twice", "综合处\n综合处", "duplicate"],
    ["a name over 50 characters", "处".repeat(51), "tooLong"],
    ["a control character", "综合\u0007处", "badCharacters"],
  ])("refuses %s with its reason and writes nothing", async (_name, text, code) => {
    await actAs("admin");
    const before = await query(sql`select value from settings where key = 'offices'`);
    const form = new FormData();
    form.set("offices", text);
    expect(await saveOfficesAction(null, form)).toEqual({ ok: false, message: "invalid", errors: { offices: code } });
    expect(await query(sql`select value from settings where key = 'offices'`)).toEqual(before);
  });

  it("a staff member's save is refused (403 as a result, nothing written)", async () => {
    await actAs("staff");
    const form = new FormData();
    form.set("offices", "综合处");
    expect(await saveOfficesAction(null, form)).toEqual({ ok: false, message: "forbidden" });
  });
});
