import { and, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { assignments, plans, tasks } from "@/db/schema";
import { saveReportDraft, submitReport } from "@/lib/data/reports";
import { BODY_LIMITS } from "@/lib/http/request-guard";
import * as attachmentRoute from "@/app/api/attachments/[id]/route";
import * as importRoute from "@/app/api/plans/[id]/import/route";
import * as uploadRoute from "@/app/api/reports/[id]/attachments/route";
import * as regionsRoute from "@/app/api/v1/regions/route";
import * as returnRoute from "@/app/api/v1/reports/[id]/return/route";
import * as sessionRoute from "@/app/api/v1/session/route";
import { proxy } from "@/proxy";
import { NOW, actAs, query, seed } from "../support/fixtures";

// Issue 13 items 1, 5, 8, 9: the checks every request passes before route code runs — in the
// route handlers (called in-process, as Next.js calls them) and in proxy.ts.
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));

const APP = "http://localhost";
const COOKIE = "next-auth.session-token=eyJhbGciOi.fake.token";
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let submitted = 0;

async function call(handler: Handler, init: RequestInit & { path?: string }, params: Record<string, string> = {}) {
  const res = await handler(new Request(`${APP}${init.path ?? "/api/v1/x"}`, init), { params: Promise.resolve(params) });
  const text = await res.text();
  let body: { code?: string; errors?: { field: string; message: string }[]; error?: string } | null = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, body };
}

beforeAll(async () => {
  await seed();
  const db = await getDb();
  const [a] = await db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(plans.year, 2026), eq(assignments.regionCode, "150400"), sql`${assignments.closedAt} is null`, sql`${assignments.dueDate} >= '2026-11-30'`))
    .orderBy(assignments.id)
    .limit(1);
  await actAs("bureau-150400");
  const draft = await saveReportDraft({ assignmentId: a!.id, period: "2026-11", progress: 92, status: "on_track", workDone: "推进中" }, NOW);
  await submitReport({ reportId: draft.id, version: draft.version }, NOW);
  submitted = draft.id;
});

describe("cross-site writes (CSRF) are refused before any route code runs", () => {
  const json = { "content-type": "application/json" };
  it.each([
    { case: "cookie, Origin of another port of the same site", headers: { cookie: COOKIE, origin: "http://localhost:4000", ...json }, refused: true },
    { case: "cookie, Sec-Fetch-Site: same-site (a sibling subdomain or port)", headers: { cookie: COOKIE, "sec-fetch-site": "same-site", ...json }, refused: true },
    { case: "cookie, Sec-Fetch-Site: cross-site", headers: { cookie: COOKIE, "sec-fetch-site": "cross-site", origin: APP, ...json }, refused: true },
    { case: "cookie, Origin: null (a sandboxed page)", headers: { cookie: COOKIE, origin: "null", ...json }, refused: true },
    { case: "cookie, neither Origin nor Sec-Fetch-Site", headers: { cookie: COOKIE, ...json }, refused: true },
    { case: "cookie, the app's own Origin", headers: { cookie: COOKIE, origin: APP, ...json }, refused: false },
    { case: "cookie, Sec-Fetch-Site: same-origin", headers: { cookie: COOKIE, "sec-fetch-site": "same-origin", ...json }, refused: false },
    { case: "a bearer token, whatever the Origin", headers: { cookie: COOKIE, authorization: "Bearer abc", origin: "http://evil.example", ...json }, refused: false },
    { case: "no cookie at all (a script)", headers: { ...json }, refused: false },
  ])("$case → refused: $refused", async ({ headers, refused }) => {
    await actAs("staff");
    const res = await call(returnRoute.POST as Handler, { method: "POST", headers, body: JSON.stringify({ comment: "请补充" }) }, { id: String(submitted) });
    if (refused) expect(res).toEqual({ status: 403, body: expect.objectContaining({ code: "crossSiteRequest" }) });
    else expect(res.body?.code).not.toBe("crossSiteRequest");
  });

  it("the refused return did not happen", async () => {
    const [r] = await query<{ state: string }>(sql`select state from reports where id = ${submitted}`);
    expect(r!.state).toBe("returned"); // returned once, by the one allowed call of the table above
  });

  it.each<{ route: string; handler: unknown; init: { body?: string; headers: Record<string, string> } }>([
    { route: "evidence upload", handler: uploadRoute.POST, init: { body: "x", headers: { "content-type": "multipart/form-data; boundary=x" } } },
    { route: "plan import", handler: importRoute.POST, init: { body: "PK\u0003\u0004", headers: { "content-type": "application/octet-stream" } } },
    { route: "evidence removal", handler: attachmentRoute.DELETE, init: { headers: {} } },
  ])("$route (a route the proxy does not see) refuses a cross-site write too", async ({ handler, init }) => {
    await actAs("staff");
    const res = await call(handler as Handler, { method: init.body ? "POST" : "DELETE", ...init, headers: { ...init.headers, cookie: COOKIE, origin: "http://localhost:4000" } }, { id: "1" });
    expect(res.status).toBe(403);
  });

  it("a safe method is not refused", async () => {
    await actAs("staff");
    const res = await call(regionsRoute.GET as Handler, { method: "GET", headers: { cookie: COOKIE, origin: "http://evil.example", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
  });
});

describe("JSON bodies", () => {
  it.each([
    { type: "text/plain", status: 415 },
    { type: "application/x-www-form-urlencoded", status: 415 },
    { type: "multipart/form-data; boundary=x", status: 415 },
    { type: "application/json; charset=utf-8", status: 401 },
    { type: "application/problem+json", status: 401 },
  ])("Content-Type $type → $status", async ({ type, status }) => {
    const res = await call(sessionRoute.POST as Handler, { method: "POST", headers: { "content-type": type }, body: JSON.stringify({ username: "nobody", password: "x" }) });
    expect(res.status).toBe(status);
  });

  it.each([
    { case: "a NUL in the username", body: '{"username":"sta\\u0000ff","password":"x"}', status: 422, field: "username" },
    { case: "a lone surrogate in the password", body: '{"username":"staff","password":"\\ud800"}', status: 422, field: "password" },
    { case: "JSON nested 3,000 deep", body: `${"[".repeat(3000)}${"]".repeat(3000)}`, status: 400, field: "body" },
    { case: "malformed JSON", body: '{"username":', status: 400, field: undefined },
  ])("$case → $status naming $field", async ({ body, status, field }) => {
    const res = await call(sessionRoute.POST as Handler, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(status);
    if (field) expect(res.body?.errors?.[0]?.field).toBe(field);
  });

  it("an id past 2^31−1 or not a number is a 4xx naming the id, never a 500", async () => {
    await actAs("staff");
    for (const id of ["2147483648", "99999999999999999999", "1e3", "%ff", "1\u0000"]) {
      const res = await call(returnRoute.POST as Handler, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }, { id });
      expect([400, 404, 422]).toContain(res.status);
    }
  });
});

describe("body limits", () => {
  it("an announced body over the sign-in limit is refused before a byte is read", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const res = await call(sessionRoute.POST as Handler, { method: "POST", headers: { "content-type": "application/json", "content-length": String(200 * 1024 * 1024) }, body, duplex: "half" } as RequestInit);
    expect(res).toEqual({ status: 413, body: expect.objectContaining({ code: "tooLarge" }) });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("a chunked body with no length is counted as it arrives and cut at the limit: 200 MB are never read", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 200 * 1024 * 1024) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const res = await call(sessionRoute.POST as Handler, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(BODY_LIMITS.signIn + 4 * 64 * 1024);
  });

  it("a report body over 100 KB is refused", async () => {
    await actAs("staff");
    const res = await call(returnRoute.POST as Handler, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ comment: "长".repeat(BODY_LIMITS.json) }) }, { id: String(submitted) });
    expect(res.status).toBe(413);
  });
});

describe("proxy.ts", () => {
  const run = (path: string, init: ConstructorParameters<typeof NextRequest>[1] = {}) => proxy(new NextRequest(`${APP}${path}`, init));

  it.each<{ path: string; headers: Record<string, string>; status: number }>([
    { path: "/api/v1/reports/1/submit", headers: { cookie: COOKIE, origin: "http://localhost:4000" }, status: 403 },
    { path: "/plans/1", headers: { cookie: COOKIE, "sec-fetch-site": "same-site", "next-action": "abc" }, status: 403 },
    { path: "/api/v1/session", headers: { "content-length": String(200 * 1024 * 1024) }, status: 413 },
    { path: "/api/auth/callback/credentials", headers: { "content-length": String(BODY_LIMITS.signIn + 1), origin: APP }, status: 413 },
    { path: "/api/v1/reports/1/submit", headers: { "content-length": String(BODY_LIMITS.other + 1), authorization: "Bearer x" }, status: 413 },
  ])("POST $path with $headers → $status", async ({ path, headers, status }) => {
    const res = run(path, { method: "POST", headers });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-security-policy")).toBeTruthy();
  });

  it.each(["/favicon.ico", "/nope.png", "/robots.txt", "/x/y.svg", "/api/v1/regions", "/api/attachments/1"])("%s gets the security headers and a Permissions-Policy", (path) => {
    const res = run(path, { headers: { cookie: COOKIE } });
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    if (path.startsWith("/api/")) expect(csp).toContain("sandbox");
  });

  it("icons and the like stay reachable signed out (the sign-in page uses them); pages redirect", () => {
    expect(run("/icon.svg").status).toBe(200);
    expect(run("/dashboard").status).toBe(307);
  });
});
