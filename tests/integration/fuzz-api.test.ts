import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { query, seed } from "../support/fixtures";
import { setClaims } from "../support/session-mock";

// Issue 13 item 8 (and issue 15 item 6): no bad input answers 500, anywhere in the API. Every
// route handler under app/api (found on disk, so new routes are fuzzed as they are added) is
// called in-process, as Next.js would call it, with bad path parameters, query strings, bodies and
// content types, as each role and signed out. A refused write must leave the data as it was.

vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));

// 10,000 bad inputs on one database: on PostgreSQL when the run has one (the embedded database
// then gets a shorter run with a seed of its own, the same code paths being driver-independent).
const RUNS = Number(process.env.FUZZ_RUNS ?? (!process.env.DATABASE_URL && process.env.TEST_DATABASE_URL ? 2_500 : 10_000));
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
// next-auth's own handler is not ours to fuzz; its sign-in goes through attemptSignIn, which the body fuzz of /api/v1/session reaches.
const SKIP = /\/api\/auth\//;

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Route = { file: string; url: string; params: string[]; methods: Partial<Record<(typeof METHODS)[number], Handler>> };

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []));
}

const routes: Route[] = [];
let realIds: number[] = [];

// The rows a refused request must not have touched (the audit log, failed sign-ins and
// notifications are written on refusal or on the side by design): a row trigger on each watched
// table counts the rows written, so one cheap read tells whether a refused request wrote anything.
const WATCHED = ["plans", "tasks", "indicators", "indicator_region_targets", "assignments", "reports", "report_versions", "report_indicator_values", "attachments", "users", "regions", "period_reopenings", "api_tokens", "settings", "user_sessions"];
const FINGERPRINT = sql`select n from fuzz_rows_written`;
const claimsOf = new Map<string, { userId: number; sessionVersion: number }>();

beforeAll(async () => {
  await seed();
  const root = path.resolve(import.meta.dirname, "../../app/api");
  for (const file of routeFiles(root).sort()) {
    const rel = path.relative(root, path.dirname(file)).split(path.sep);
    const url = "/api/" + rel.join("/");
    if (SKIP.test(url + "/")) continue;
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const methods: Route["methods"] = {};
    for (const m of METHODS) if (typeof mod[m] === "function") methods[m] = mod[m] as Handler;
    routes.push({ file, url, params: rel.filter((s) => s.startsWith("[")).map((s) => s.replace(/^\[+\.*|\]+$/g, "")), methods });
  }
  await query(sql`create table fuzz_rows_written (n bigint not null)`);
  await query(sql`insert into fuzz_rows_written values (0)`);
  await query(sql`create function fuzz_count_row() returns trigger language plpgsql as $$ begin update fuzz_rows_written set n = n + 1; return null; end $$`);
  const tables = await query<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public'`);
  for (const t of WATCHED.filter((w) => tables.some((x) => x.table_name === w))) {
    await query(sql.raw(`create trigger fuzz_count after insert or update or delete on ${t} for each row execute function fuzz_count_row()`));
  }
  // The counter counts: a write that changes a row moves it.
  await query(sql`update regions set name_zh = name_zh where code = (select min(code) from regions)`);
  expect(String((await query<{ n: unknown }>(FINGERPRINT))[0]!.n)).toBe("1");
  for (const u of await query<{ username: string; id: number; sv: number }>(sql`select username, id, session_version as sv from users`)) claimsOf.set(u.username, { userId: u.id, sessionVersion: u.sv });
  const ids = await query<{ id: number }>(sql`(select id from reports order by id limit 5) union (select id from assignments order by id limit 5) union (select id from plans order by id limit 3) union (select id from tasks order by id limit 3)`);
  realIds = ids.map((r) => r.id);
}, 300_000);

// Values that have broken servers before: past int4, negative, fractional, exponent, NaN, huge,
// NUL, lone surrogates, percent-escapes that do not decode, impossible dates, very long text.
const nasty = fc.oneof(
  fc.constantFrom(
    "2147483648", "9999999999999999999999", "-1", "0", "1.5", "1e309", "NaN", "Infinity", "0x10", " 1", "1 ", "",
    "%ff", "%", "%00", "\u0000", "a\u0000b", "\uD800", "x\uDFFFy", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31T99:99",
    "2026-11", "2026-Q5", "2026-00", "../../etc/passwd", "<script>", "'; drop table users; --", "🙂", "中文", "null", "true", "[]", "{}",
    "a".repeat(5000),
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.integer().map(String),
  fc.bigInt({ min: 2n ** 31n - 3n, max: 2n ** 63n }).map(String),
);

const idValue = fc.oneof({ weight: 3, arbitrary: nasty }, { weight: 2, arbitrary: fc.constantFrom(...Array.from({ length: 16 }, (_, i) => i)).map((i) => String(realIds[i % Math.max(1, realIds.length)] ?? 1)) });

const KEYS = [
  "id", "limit", "cursor", "year", "planId", "regionCode", "taskId", "period", "state", "status", "assignmentId", "from", "to", "q", "action",
  "actor", "preview", "version", "progress", "workDone", "problems", "nextSteps", "dropReason", "comment", "username", "password", "code", "title",
  "issuingBody", "cadence", "dueDay", "graceDays", "startDate", "dueDate", "indicatorValues", "regionCodes", "parentId", "number", "leadOffice",
  "weight", "name", "unit", "direction", "baseline", "target", "text", "items", "regions", "contactName",
];

function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31, 2 ** 53, -(2 ** 31) - 1, 1e308, -0, null, true, false),
  fc.constant(undefined).map(() => deep(40)),
  fc.array(fc.oneof(fc.integer(), nasty, fc.record({ indicatorId: idValue.map(Number), value: fc.oneof(fc.double(), nasty) })), { maxLength: 4 }),
  fc.record({ a: nasty }),
);

const jsonBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), leaf, { maxKeys: 6 }),
  fc.dictionary(fc.constantFrom(...KEYS, "\u0000", "\uD800"), leaf, { maxKeys: 3 }),
  leaf,
);

const body = fc.oneof(
  { weight: 6, arbitrary: jsonBody.map((b) => ({ text: JSON.stringify(b) ?? "null", type: "application/json" })) },
  { weight: 1, arbitrary: jsonBody.map((b) => ({ text: JSON.stringify(b) ?? "", type: "text/plain" })) },
  { weight: 1, arbitrary: fc.constantFrom("{", "[1,", '{"a":"\\ud800"}', '{"a":"\\u0000"}', "\u0000", "[".repeat(100_000), `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`, `${"[".repeat(5000)}1${"]".repeat(5000)}`, "PK\u0003\u0004garbage").map((t) => ({ text: t, type: "application/json" })) },
  { weight: 1, arbitrary: fc.constant({ text: "", type: "" }) },
  { weight: 1, arbitrary: fc.constant({ text: "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nPK\u0003\u0004zz\r\n--x--\r\n", type: "multipart/form-data; boundary=x" }) },
);

const query$ = fc.dictionary(fc.constantFrom(...KEYS), nasty, { maxKeys: 4 });

describe("fuzzing every API route handler with bad input", () => {
  it(`answers ${RUNS} bad requests without a 500, and refused writes change nothing`, async () => {
    expect(routes.length).toBeGreaterThan(20);
    const counts = new Map<string, number>();
    const failures: string[] = [];
    let calls = 0;

    const request = fc.record({
      route: fc.integer({ min: 0, max: routes.length - 1 }),
      method: fc.constantFrom(...METHODS),
      params: fc.array(idValue, { minLength: 3, maxLength: 3 }),
      query: query$,
      body,
      actor: fc.constantFrom(null, "staff", "leader", "admin", "bureau-150200", "bureau-150400"),
    });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const route = routes[r.route]!;
        const methods = Object.keys(route.methods) as (typeof METHODS)[number][];
        const method = route.methods[r.method] ? r.method : methods[r.route % methods.length]!;
        const handler = route.methods[method]!;
        setClaims(r.actor === null ? null : claimsOf.get(r.actor)!);
        const params = Object.fromEntries(route.params.map((p, i) => [p, r.params[i] ?? "1"]));
        const url = new URL(`http://localhost${route.url}`);
        for (const [k, v] of Object.entries(r.query)) url.searchParams.set(k, v);
        const unsafe = method !== "GET";
        const init: RequestInit = { method, headers: r.body.type ? { "content-type": r.body.type } : {} };
        if (unsafe) init.body = r.body.text;
        const before = unsafe ? JSON.stringify((await query(FINGERPRINT))[0]) : "";
        let status: number;
        try {
          const res = await handler(new Request(url, init), { params: Promise.resolve(params) });
          status = res.status;
          const text = await res.text();
          // The database's backstop (lib/api/problem.ts): a value the schemas should have named reached a query.
          if (text.includes('"code":"invalidValue"')) failures.push(`unnamed 422 (validation let a bad value through): ${method} ${url.pathname}${url.search} params=${JSON.stringify(params)} body=${JSON.stringify(r.body.text.slice(0, 200))}`);
        } catch (err) {
          status = 599;
          failures.push(`${method} ${route.url} threw ${String(err).slice(0, 200)}`);
        }
        calls++;
        const key = `${method} ${route.url} ${status}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (status >= 500) failures.push(`${status}: ${method} ${url.pathname}${url.search} params=${JSON.stringify(params)} body=${JSON.stringify(r.body.text.slice(0, 200))} as ${r.actor}`);
        if (unsafe && status >= 400) {
          const after = JSON.stringify((await query(FINGERPRINT))[0]);
          if (after !== before) failures.push(`partial write: ${status} ${method} ${route.url} body=${JSON.stringify(r.body.text.slice(0, 200))} as ${r.actor}: ${before} → ${after}`);
        }
        return true;
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? (process.env.DATABASE_URL ? 20261122 : 20261129)) },
    );
    // Every route and method was reached, and the run really sent RUNS requests.
    expect(calls).toBe(RUNS);
    const reached = new Set([...counts.keys()].map((k) => k.split(" ").slice(0, 2).join(" ")));
    for (const r of routes) for (const m of Object.keys(r.methods)) expect(reached, `${m} ${r.url} never called`).toContain(`${m} ${r.url}`);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 1_800_000);
});
