import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { saveReportAction } from "@/lib/actions/reports";
import { changeMyPassword, getMyAccount } from "@/lib/data/account";
import * as attachmentRoute from "@/app/api/attachments/[id]/route";
import * as uploadsRoute from "@/app/api/reports/[id]/attachments/route";
import * as planExportRoute from "@/app/api/plans/[id]/export/route";
import * as regionsRoute from "@/app/api/v1/regions/route";
import * as reportsRoute from "@/app/api/v1/reports/route";
import { actAs, query, seed } from "../support/fixtures";

// Issue 13, item 6: a user who must change a one-time password can do nothing but that — not on
// pages only, but wherever the viewer is resolved: the JSON API, the file routes and server actions.
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const USER = "bureau-150400";
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
let reportId = 0;
let attachmentId = 0;
let ownAssignment = 0;
let planId = 0;

async function status(handler: unknown, path: string, params: Record<string, string> = {}): Promise<number> {
  const res = await (handler as Handler)(new Request(`http://localhost${path}`), { params: Promise.resolve(params) });
  await res.arrayBuffer();
  return res.status;
}

const doors: Record<string, () => Promise<number | string>> = {
  "GET /api/v1/regions": () => status(regionsRoute.GET, "/api/v1/regions"),
  "GET /api/v1/reports": () => status(reportsRoute.GET, "/api/v1/reports"),
  "GET an evidence file": () => status(attachmentRoute.GET, `/api/attachments/${attachmentId}`, { id: String(attachmentId) }),
  "GET a report's evidence list": () => status(uploadsRoute.GET, `/api/reports/${reportId}/attachments`, { id: String(reportId) }),
  "GET the plan export": () => status(planExportRoute.GET, `/api/plans/${planId}/export`, { id: String(planId) }),
  "the save-report server action": async () => {
    const r = await saveReportAction({ assignmentId: ownAssignment, period: "2026-11", progress: 92, status: "on_track", workDone: "x" });
    return r.ok ? 200 : r.message === "forbidden" ? 403 : r.message;
  },
};

beforeAll(async () => {
  await seed();
  const [r] = await query<{ report_id: number; id: number }>(sql`select a.report_id, a.id from attachments a join reports r on r.id = a.report_id join assignments s on s.id = r.assignment_id where s.region_code = '150400' order by a.id limit 1`);
  reportId = r?.report_id ?? 1;
  attachmentId = r?.id ?? 1;
  const [a] = await query<{ id: number }>(sql`select s.id from assignments s join tasks t on t.id = s.task_id join plans p on p.id = t.plan_id where p.year = 2026 and s.region_code = '150400' and s.closed_at is null and s.due_date >= '2026-11-30' order by s.id limit 1`);
  ownAssignment = a!.id;
  planId = (await query<{ id: number }>(sql`select id from plans where year = 2026 order by id limit 1`))[0]!.id;
});

describe("a one-time password held at the gate", () => {
  it.each(Object.keys(doors))("%s: allowed before the reset", async (door) => {
    await actAs(door.includes("export") ? "staff" : USER);
    const got = await doors[door]!();
    expect(got).not.toBe(403);
  });

  it.each(Object.keys(doors))("%s: refused while the password must be changed", async (door) => {
    const who = door.includes("export") ? "staff" : USER;
    const db = await getDb();
    await db.update(users).set({ mustChangePassword: true }).where(eq(users.username, who));
    await actAs(who);
    expect(await doors[door]!()).toBe(403);
    await db.update(users).set({ mustChangePassword: false }).where(eq(users.username, who));
  });

  it("their own account stays open, and changing the password opens everything again", async () => {
    const db = await getDb();
    await db.update(users).set({ mustChangePassword: true }).where(eq(users.username, USER));
    await actAs(USER);
    expect(await status(regionsRoute.GET, "/api/v1/regions")).toBe(403);
    expect((await getMyAccount()).mustChangePassword).toBe(true);
    await changeMyPassword({ current: "demo2025", next: "Grassland-Horizon-2026!", confirm: "Grassland-Horizon-2026!" } as never);
    await actAs(USER);
    expect(await status(regionsRoute.GET, "/api/v1/regions")).toBe(200);
  });
});
