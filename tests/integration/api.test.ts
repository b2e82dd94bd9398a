import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { assignments, plans, tasks, users } from "@/db/schema";
import { openApiDocument } from "@/lib/api/openapi";
import { THROTTLE, TOKEN_LIFETIME_MS, createApiToken, resolveApiToken, revokeApiToken } from "@/lib/data/api-tokens";
import * as assignmentsRoute from "@/app/api/v1/assignments/route";
import * as draftRoute from "@/app/api/v1/assignments/[id]/reports/[period]/route";
import * as dashboardRoute from "@/app/api/v1/dashboard/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import * as planRoute from "@/app/api/v1/plans/[id]/route";
import * as plansRoute from "@/app/api/v1/plans/route";
import * as regionsRoute from "@/app/api/v1/regions/route";
import * as approveRoute from "@/app/api/v1/reports/[id]/approve/route";
import * as returnRoute from "@/app/api/v1/reports/[id]/return/route";
import * as reportRoute from "@/app/api/v1/reports/[id]/route";
import * as submitRoute from "@/app/api/v1/reports/[id]/submit/route";
import * as reportsRoute from "@/app/api/v1/reports/route";
import * as sessionRoute from "@/app/api/v1/session/route";
import { NOW, actAs, clockFromNow, seed } from "../support/fixtures";

// The real getSessionClaims reads the Authorization header through next/headers.
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders.current, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));

const REGION = "150400";
const OTHER = "150500";
const BUREAU = `bureau-${REGION}`;
const PERIOD = "2026-11";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Call = { status: number; type: string | null; body: any };

/** Calls a route handler as Next.js would, as the user set with actAs(). */
async function call(handler: Handler, opts: { method?: string; query?: Record<string, string | number>; params?: Record<string, string | number>; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Call> {
  const url = new URL("http://localhost/api/v1/x");
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
  const init: RequestInit = { method: opts.method ?? "GET", headers: { "content-type": "application/json", ...opts.headers } };
  if (opts.raw !== undefined) init.body = opts.raw;
  else if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
  const params = Object.fromEntries(Object.entries(opts.params ?? {}).map(([k, v]) => [k, String(v)]));
  const res = await handler(new Request(url, init), { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}

/** Every page of a list endpoint, following nextCursor. */
async function walk(handler: Handler, query: Record<string, string | number>, limit: number): Promise<any[]> {
  const all: any[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const res: Call = await call(handler, { query: { ...query, limit, ...(cursor ? { cursor } : {}) } });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    all.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return all;
  }
  throw new Error("pagination does not end");
}

async function openAssignment(region: string, skip = 0): Promise<number> {
  const db = await getDb();
  const rows = await db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(plans.year, 2026), eq(assignments.regionCode, region), sql`${assignments.closedAt} is null`, sql`${assignments.dueDate} >= '2026-11-30'`))
    .orderBy(assignments.id);
  return rows[skip]!.id;
}

const draftBody = { progress: 60, status: "on_track", workDone: "推进中", dropReason: "按新口径重新核算" };
let own = 0;
let other = 0;
let planId = 0;

// Its steps go through routes and actions that read the clock, on the demo data as of NOW.
let realClock: () => void = () => undefined;
beforeAll(() => {
  realClock = clockFromNow();
});
afterAll(() => realClock());

beforeAll(async () => {
  await seed();
  own = await openAssignment(REGION);
  other = await openAssignment(OTHER);
  const db = await getDb();
  const [plan] = await db.select({ id: plans.id }).from(plans).where(and(eq(plans.year, 2026), eq(plans.state, "published")));
  planId = plan!.id;
});

describe("reads, for every role", () => {
  const roles = ["admin", "staff", "leader", BUREAU] as const;
  it.each([
    ["regions", regionsRoute.GET, {}, { admin: 200, staff: 200, leader: 200, [BUREAU]: 200 }],
    ["plans", plansRoute.GET, { year: 2026 }, { admin: 200, staff: 200, leader: 200, [BUREAU]: 200 }],
    ["assignments of the bureau's region", assignmentsRoute.GET, { regionCode: REGION }, { admin: 200, staff: 200, leader: 200, [BUREAU]: 200 }],
    ["assignments of another region", assignmentsRoute.GET, { regionCode: OTHER }, { admin: 200, staff: 200, leader: 200, [BUREAU]: 404 }],
    ["reports", reportsRoute.GET, {}, { admin: 200, staff: 200, leader: 200, [BUREAU]: 200 }],
    ["dashboard", dashboardRoute.GET, { year: 2026 }, { admin: 200, staff: 200, leader: 200, [BUREAU]: 403 }],
  ] as const)("%s", async (_name, handler, query, expected) => {
    for (const role of roles) {
      await actAs(role);
      expect([role, (await call(handler as Handler, { query })).status]).toEqual([role, (expected as Record<string, number>)[role]]);
    }
    await actAs(null);
    const anonymous = await call(handler as Handler, { query });
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toBe("application/problem+json");
  });

  it("a plan comes with its task tree and indicators", async () => {
    await actAs(BUREAU);
    const res = await call(planRoute.GET as Handler, { params: { id: planId } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: planId, year: 2026, state: "published" });
    expect(["monthly", "quarterly"]).toContain(res.body.cadence);
    const top = res.body.tasks[0];
    expect(top).toMatchObject({ parentId: null });
    expect(top.children[0]).toMatchObject({ parentId: top.id, indicators: expect.any(Array), children: expect.any(Array) });
    expect((await call(planRoute.GET as Handler, { params: { id: 999999 } })).status).toBe(404);
    expect((await call(planRoute.GET as Handler, { params: { id: "abc" } })).status).toBe(400);
  });

  it("a bureau's assignments are its own region's only, with progress, light and completed", async () => {
    await actAs(BUREAU);
    const items = await walk(assignmentsRoute.GET as Handler, {}, 50);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((a) => a.regionCode))).toEqual(new Set([REGION]));
    for (const a of items) {
      expect(a.progress).toBeGreaterThanOrEqual(0);
      expect(a.progress).toBeLessThanOrEqual(100);
      expect(["green", "yellow", "red"]).toContain(a.light);
      expect(typeof a.completed).toBe("boolean");
    }
  });

  it("the dashboard has its headline and figures by region, task and period", async () => {
    await actAs("leader");
    const res = await call(dashboardRoute.GET as Handler, { query: { year: 2026 } });
    expect(res.body.byRegion.length).toBe(12);
    for (const r of res.body.byRegion) {
      expect(r.completionRate).toBeGreaterThanOrEqual(0);
      expect(r.completionRate).toBeLessThanOrEqual(1);
      expect(r).toMatchObject({ regionCode: expect.any(String), meanProgress: expect.any(Number), green: expect.any(Number), yellow: expect.any(Number), red: expect.any(Number) });
    }
    expect(res.body.headline.total).toBeGreaterThan(0);
    expect(res.body.byTask.length).toBeGreaterThan(0);
    expect(Array.isArray(res.body.byPeriod)).toBe(true);
  });

  it("bad query parameters are a 400 problem, never a 500", async () => {
    await actAs("staff");
    for (const [handler, query] of [
      [plansRoute.GET, { year: "twenty" }],
      [assignmentsRoute.GET, { limit: 0 }],
      [assignmentsRoute.GET, { regionCode: "x" }],
      [reportsRoute.GET, { cursor: "not-a-cursor" }],
      [reportsRoute.GET, { status: "lost" }],
      [dashboardRoute.GET, { year: 1 }],
    ] as const) {
      const res = await call(handler as Handler, { query: query as Record<string, string | number> });
      expect(res.status).toBe(400);
      expect(res.type).toBe("application/problem+json");
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
  });
});

describe("writing a report through the API", () => {
  let reportId = 0;

  it("only the bureau of the region may draft: another region's is 404, a leader or staff 403", async () => {
    const cases = [
      ["leader", own, 403],
      ["staff", own, 403],
      ["admin", own, 403],
      [BUREAU, other, 404],
      [null, own, 401],
      [BUREAU, own, 201],
    ] as const;
    for (const [role, assignment, expected] of cases) {
      await actAs(role);
      const res = await call(draftRoute.PUT as Handler, { method: "PUT", params: { id: assignment, period: PERIOD }, body: draftBody });
      expect([role, assignment, res.status]).toEqual([role, assignment, expected]);
      if (res.status === 201) {
        expect(res.body).toMatchObject({ assignmentId: own, period: PERIOD, state: "draft", version: 1, progress: 60, status: "on_track", indicatorValues: [] });
        reportId = res.body.id;
      }
    }
  });

  it("an update needs the current version: a stale one is 409", async () => {
    await actAs(BUREAU);
    const stale = await call(draftRoute.PUT as Handler, { method: "PUT", params: { id: own, period: PERIOD }, body: draftBody });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ status: 409, code: "versionConflict" });
    const ok = await call(draftRoute.PUT as Handler, { method: "PUT", params: { id: own, period: PERIOD }, body: { ...draftBody, progress: 70, version: 1 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, progress: 70 });
  });

  it("bad values are a 422 naming the field; malformed JSON a 400", async () => {
    await actAs(BUREAU);
    const put = (body: unknown, period = PERIOD) => call(draftRoute.PUT as Handler, { method: "PUT", params: { id: own, period }, body });
    const cases: [unknown, string, string?][] = [
      [{ ...draftBody, progress: 150, version: 2 }, "progress"],
      [{ ...draftBody, status: "fine", version: 2 }, "status"],
      [{ ...draftBody, version: 2 }, "period", "2026-13"],
      [{ ...draftBody, version: 2, indicatorValues: [{ indicatorId: 999999, value: 1 }] }, "indicatorValues"],
      [{ ...draftBody, version: 2 }, "period", "2031-01"],
    ];
    for (const [body, field, period] of cases) {
      const res = await put(body, period);
      expect([field, res.status]).toEqual([field, 422]);
      expect(res.type).toBe("application/problem+json");
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const malformed = await call(draftRoute.PUT as Handler, { method: "PUT", params: { id: own, period: PERIOD }, raw: "{progress: 1" });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.ts/);
  });

  it("drafts are seen by their own bureau only", async () => {
    await actAs(BUREAU);
    expect((await call(reportRoute.GET as Handler, { params: { id: reportId } })).status).toBe(200);
    expect((await walk(reportsRoute.GET as Handler, { status: "draft" }, 50)).map((r) => r.id)).toContain(reportId);
    for (const role of ["staff", "leader", `bureau-${OTHER}`]) {
      await actAs(role);
      expect([role, (await call(reportRoute.GET as Handler, { params: { id: reportId } })).status]).toEqual([role, 404]);
      expect((await walk(reportsRoute.GET as Handler, { assignmentId: own }, 50)).map((r) => r.id)).not.toContain(reportId);
    }
  });

  it("submit: staff cannot submit for a bureau, another bureau is 404, the bureau's own goes through", async () => {
    for (const [role, expected] of [
      ["staff", 403],
      ["leader", 403],
      [`bureau-${OTHER}`, 404],
      [BUREAU, 200],
    ] as const) {
      await actAs(role);
      const res = await call(submitRoute.POST as Handler, { method: "POST", params: { id: reportId } });
      expect([role, res.status]).toEqual([role, expected]);
    }
    await actAs(BUREAU);
    expect((await call(submitRoute.POST as Handler, { method: "POST", params: { id: reportId } })).status).toBe(409);
  });

  it("review: a bureau or leader may not; a return needs a comment; staff return, then approve the correction", async () => {
    for (const role of [BUREAU, "leader"]) {
      await actAs(role);
      expect((await call(approveRoute.POST as Handler, { method: "POST", params: { id: reportId } })).status).toBe(403);
      expect((await call(returnRoute.POST as Handler, { method: "POST", params: { id: reportId }, body: { comment: "x" } })).status).toBe(403);
    }
    await actAs("staff");
    const noComment = await call(returnRoute.POST as Handler, { method: "POST", params: { id: reportId }, body: {} });
    expect(noComment.status).toBe(422);
    expect(noComment.body.errors.map((e: { field: string }) => e.field)).toContain("comment");
    expect((await call(approveRoute.POST as Handler, { method: "POST", params: { id: reportId }, body: { version: 1 } })).status).toBe(409);
    const returned = await call(returnRoute.POST as Handler, { method: "POST", params: { id: reportId }, body: { comment: "请补充佐证材料" } });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: "returned", reviewComment: "请补充佐证材料" });

    await actAs(BUREAU);
    const corrected = await call(draftRoute.PUT as Handler, { method: "PUT", params: { id: own, period: PERIOD }, body: { ...draftBody, progress: 80, version: returned.body.version } });
    expect(corrected.status).toBe(200);
    expect((await call(submitRoute.POST as Handler, { method: "POST", params: { id: reportId }, body: { version: corrected.body.version } })).body.state).toBe("submitted");

    await actAs("staff");
    const approved = await call(approveRoute.POST as Handler, { method: "POST", params: { id: reportId } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: "approved", progress: 80 });
    const detail = await call(reportRoute.GET as Handler, { params: { id: reportId } });
    expect(detail.body.versions.map((v: { action: string }) => v.action)).toEqual(["save", "save", "submit", "return", "save", "submit", "approve"]);

    await actAs(BUREAU);
    const [mine] = (await call(assignmentsRoute.GET as Handler, { query: { limit: 100 } })).body.items.filter((a: { id: number }) => a.id === own);
    expect(mine.progress).toBe(80);
  });
});

describe("pagination", () => {
  it.each([
    ["reports", reportsRoute.GET, "staff"],
    ["reports of a bureau", reportsRoute.GET, BUREAU],
    ["assignments", assignmentsRoute.GET, "leader"],
  ] as const)("%s: pages are complete, without duplicates, in a stable order", async (_name, handler, role) => {
    await actAs(role);
    const whole = await walk(handler as Handler, {}, 100);
    const small = await walk(handler as Handler, {}, 23);
    const key = (x: { id?: number; code?: string }) => x.id ?? x.code;
    expect(small.map(key)).toEqual(whole.map(key));
    expect(new Set(whole.map(key)).size).toBe(whole.length);
    expect(whole.length).toBeGreaterThan(23);
    if (role === BUREAU) expect(new Set(whole.map((r) => r.regionCode))).toEqual(new Set([REGION]));
  });
});

it("a report added between pages neither repeats nor shifts what was already sent", async () => {
  await actAs(BUREAU);
  const first = await call(reportsRoute.GET as Handler, { query: { limit: 5 } });
  const added = await call(draftRoute.PUT as Handler, { method: "PUT", params: { id: await openAssignment(REGION, 1), period: PERIOD }, body: draftBody });
  expect(added.status).toBe(201);
  const rest = await walk(reportsRoute.GET as Handler, { cursor: first.body.nextCursor }, 50);
  const ids = [...first.body.items, ...rest].map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toContain(added.body.id);
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
});

it("regions page through in code order", async () => {
  await actAs("leader");
  const codes = (await walk(regionsRoute.GET as Handler, {}, 5)).map((r) => r.code);
  expect(codes.length).toBe(12);
  expect([...codes].sort()).toEqual(codes);
});

describe("API tokens", () => {
  const later = (ms: number) => new Date(NOW.getTime() + ms);

  it("a token stands for its user until it expires", async () => {
    const { token, expiresAt } = await createApiToken({ username: BUREAU, password: "demo2025" }, "10.0.0.1", NOW);
    expect(expiresAt.getTime() - NOW.getTime()).toBe(TOKEN_LIFETIME_MS);
    expect(Buffer.from(token, "base64url").length).toBe(32);
    const db = await getDb();
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, BUREAU));
    expect(await resolveApiToken(token, NOW)).toMatchObject({ userId: u!.id });
    expect(await resolveApiToken(token, later(TOKEN_LIFETIME_MS - 1000))).not.toBeNull();
    expect(await resolveApiToken(token, later(TOKEN_LIFETIME_MS))).toBeNull();
    expect(await resolveApiToken(token + "x", NOW)).toBeNull();
    const stored = await db.execute(sql`select token_hash from api_tokens`);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("a revoked token stops working", async () => {
    const { token } = await createApiToken({ username: "staff", password: "demo2025" }, "10.0.0.2", NOW);
    await revokeApiToken(token, NOW);
    expect(await resolveApiToken(token, NOW)).toBeNull();
    await expect(revokeApiToken(token, NOW)).rejects.toMatchObject({ status: 401 });
  });

  it("a deactivated user's token stops working", async () => {
    const { token } = await createApiToken({ username: `bureau-${OTHER}`, password: "demo2025" }, "10.0.0.3", NOW);
    const db = await getDb();
    await db.update(users).set({ active: false }).where(eq(users.username, `bureau-${OTHER}`));
    try {
      expect(await resolveApiToken(token, NOW)).toBeNull();
    } finally {
      await db.update(users).set({ active: true }).where(eq(users.username, `bureau-${OTHER}`));
    }
  });

  it("the real getSessionClaims accepts Authorization: Bearer, and refuses a bad token", async () => {
    const { getSessionClaims } = await vi.importActual<typeof import("@/lib/auth/session")>("@/lib/auth/session");
    const { token } = await createApiToken({ username: "leader", password: "demo2025" }, "10.0.0.4");
    const db = await getDb();
    const [u] = await db.select({ id: users.id, sv: users.sessionVersion }).from(users).where(eq(users.username, "leader"));
    requestHeaders.current = new Headers({ authorization: `Bearer ${token}` });
    expect(await getSessionClaims()).toMatchObject({ userId: u!.id, sessionVersion: u!.sv, user: { id: u!.id, username: "leader" } });
    requestHeaders.current = new Headers({ authorization: "Bearer nope" });
    expect(await getSessionClaims()).toBeNull();
    requestHeaders.current = new Headers();
  });

  it("POST /session answers a token, 401 for a wrong password, 422 for a missing field, 400 for malformed JSON", async () => {
    const ok = await call(sessionRoute.POST as Handler, { method: "POST", body: { username: "admin", password: "demo2025" }, headers: { "x-forwarded-for": "10.1.0.1" } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ token: expect.any(String), expiresAt: expect.any(String) });
    const wrong = await call(sessionRoute.POST as Handler, { method: "POST", body: { username: "admin", password: "nope" }, headers: { "x-forwarded-for": "10.1.0.1" } });
    expect(wrong.status).toBe(401);
    expect(wrong.type).toBe("application/problem+json");
    expect((await call(sessionRoute.POST as Handler, { method: "POST", body: { username: "admin" } })).status).toBe(422);
    expect((await call(sessionRoute.POST as Handler, { method: "POST", raw: "nope" })).status).toBe(400);
    const revoked = await call(sessionRoute.DELETE as Handler, { method: "DELETE", headers: { authorization: `Bearer ${ok.body.token}` } });
    expect(revoked.status).toBe(204);
    expect(await resolveApiToken(ok.body.token)).toBeNull();
  });

  it("throttles: 5 failures per username in 15 minutes, then even the right password waits", async () => {
    const user = { username: "bureau-150100", password: "wrong" };
    for (let i = 0; i < THROTTLE.perUsername; i++) {
      await expect(createApiToken(user, `10.2.0.${i}`, later(i * 1000))).rejects.toMatchObject({ status: 401 });
    }
    await expect(createApiToken({ ...user, password: "demo2025" }, "10.2.1.1", later(10_000))).rejects.toMatchObject({ status: 429 });
    await expect(createApiToken({ ...user, password: "demo2025" }, "10.2.1.1", later(THROTTLE.windowMs + 5_000))).resolves.toMatchObject({ token: expect.any(String) });
  });

  it("slows an address down after 30 failures in 15 minutes, whatever the usernames (it is never locked)", async () => {
    const address = "10.3.0.1";
    for (let i = 0; i < THROTTLE.perAddress; i++) {
      await expect(createApiToken({ username: `nobody-${i}`, password: "x" }, address, NOW)).rejects.toMatchObject({ status: 401 });
    }
    await expect(createApiToken({ username: "staff", password: "demo2025" }, address, NOW)).rejects.toMatchObject({ status: 429 });
    await expect(createApiToken({ username: "staff", password: "demo2025" }, "10.3.0.2", NOW)).resolves.toBeTruthy();
    await expect(createApiToken({ username: "staff", password: "demo2025" }, address, later(1000))).resolves.toBeTruthy();
  });
});

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(openApiDocument())));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("describes every route handler in app/api/v1 with its methods", async () => {
    const root = path.resolve(import.meta.dirname, "../../app/api/v1");
    const doc = (await call(openapiRoute.GET as unknown as Handler)).body;
    const files = fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith("route.ts"));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const route = "/" + path.dirname(file).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}");
      const source = fs.readFileSync(path.join(root, file), "utf8");
      const methods = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
      expect(methods.length).toBeGreaterThan(0);
      for (const m of methods) expect([route, m, Boolean(doc.paths[route]?.[m])]).toEqual([route, m, true]);
    }
  });
});
