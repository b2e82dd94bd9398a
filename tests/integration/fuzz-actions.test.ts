import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { query, seed } from "../support/fixtures";
import { setClaims } from "../support/session-mock";

// Issue 15 item 6, beside tests/integration/fuzz-api.test.ts for the route handlers: every server
// action (each export of lib/actions, found on disk, so new actions are fuzzed as they are added)
// is called, as each role and signed out, with bad arguments: objects of the forms' keys holding
// nasty values, wrong types, FormData, nothing. An action answers with a result, never throws
// (other than Next's own redirect/forbidden signals), never says "unexpected" (the catch-all for
// an error nobody named), and a refused call leaves the data as it was.

vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));

const RUNS = Number(process.env.FUZZ_ACTION_RUNS ?? (!process.env.DATABASE_URL && process.env.TEST_DATABASE_URL ? 800 : 3_000));

type Action = { name: string; fn: (...args: unknown[]) => Promise<unknown> };
const actions: Action[] = [];
const claimsOf = new Map<string, { userId: number; sessionVersion: number }>();
let realIds: number[] = [];

const WATCHED = ["plans", "tasks", "indicators", "indicator_region_targets", "assignments", "reports", "report_versions", "report_indicator_values", "attachments", "users", "regions", "period_reopenings", "api_tokens", "settings", "user_sessions"];
const FINGERPRINT = sql`select n from fuzz_rows_written`;

beforeAll(async () => {
  await seed();
  const dir = path.resolve(import.meta.dirname, "../../lib/actions");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort()) {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    if (!source.startsWith('"use server"')) continue;
    const mod = (await import(/* @vite-ignore */ path.join(dir, file))) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) if (typeof fn === "function") actions.push({ name: `${file.replace(/\.ts$/, "")}.${name}`, fn: fn as Action["fn"] });
  }
  await query(sql`create table fuzz_rows_written (n bigint not null)`);
  await query(sql`insert into fuzz_rows_written values (0)`);
  await query(sql`create function fuzz_count_row() returns trigger language plpgsql as $$ begin update fuzz_rows_written set n = n + 1; return null; end $$`);
  const tables = await query<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public'`);
  for (const t of WATCHED.filter((w) => tables.some((x) => x.table_name === w))) {
    await query(sql.raw(`create trigger fuzz_count after insert or update or delete on ${t} for each row execute function fuzz_count_row()`));
  }
  for (const u of await query<{ username: string; id: number; sv: number }>(sql`select username, id, session_version as sv from users`)) claimsOf.set(u.username, { userId: u.id, sessionVersion: u.sv });
  const ids = await query<{ id: number }>(sql`(select id from reports order by id limit 5) union (select id from assignments order by id limit 5) union (select id from plans order by id limit 3) union (select id from tasks order by id limit 3) union (select id from users order by id limit 3)`);
  realIds = ids.map((r) => Number(r.id));
}, 300_000);

const nasty = fc.oneof(
  fc.constantFrom(
    "2147483648", "9999999999999999999999", "-1", "0", "1.5", "1e309", "NaN", "", " ", "%ff", "\u0000", "a\u0000b", "\uD800", "x\uDFFFy",
    "2026-02-30", "2026-13-01", "2026-11", "2026-Q5", "../../etc/passwd", "<script>", "'; drop table users; --", "🙂", "中文", "null", "[]",
    "150200", "150400", "150000", "999999", "staff", "bureau", "admin", "monthly", "published", "draft", "on_track", "a".repeat(5000),
  ),
  fc.string({ maxLength: 16 }),
  fc.string({ unit: "binary", maxLength: 8 }),
);

const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31, 2 ** 53, -(2 ** 31) - 1, 1e308, -0, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(...Array.from({ length: 16 }, (_, i) => i)).map((i) => realIds[i % Math.max(1, realIds.length)] ?? 1),
);

const KEYS = [
  "id", "ids", "planId", "taskId", "reportId", "assignmentId", "indicatorId", "parentId", "fromPlanId", "regionCode", "regionCodes", "code", "period",
  "version", "progress", "status", "workDone", "problems", "nextSteps", "dropReason", "comment", "message", "confirm", "days", "active", "state",
  "year", "title", "titleEn", "issuingBody", "meetingDate", "cadence", "dueDay", "graceDays", "startDate", "dueDate", "number", "leadOffice", "weight",
  "name", "nameZh", "nameEn", "unit", "direction", "baseline", "target", "targets", "indicatorValues", "username", "role", "password", "current",
  "next", "confirmPassword", "contactName", "contactPhone", "email", "phone", "channels", "items", "tasks", "text", "position", "counties",
];

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  number,
  fc.constantFrom(null, undefined, true, false),
  fc.array(fc.oneof(number, nasty, fc.record({ indicatorId: number, value: fc.oneof(number, nasty) }), fc.record({ reportId: number, version: number })), { maxLength: 3 }),
  fc.record({ a: nasty }),
);

const object = fc.dictionary(fc.constantFrom(...KEYS), leaf, { maxKeys: 7 });

const argument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: object },
  { weight: 1, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(object, { maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.constantFrom(...KEYS), nasty, { maxKeys: 6 }).map((d) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(d)) form.append(k, v);
      return form;
    }),
  },
);

/** Next's own control flow (redirect(), forbidden(), notFound()) is an answer, not a crash. */
function isNextSignal(err: unknown): boolean {
  const digest = (err as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && /^(NEXT_REDIRECT|NEXT_HTTP_ERROR_FALLBACK|NEXT_NOT_FOUND)/.test(digest);
}

describe("fuzzing every server action with bad arguments", () => {
  it(`answers ${RUNS} bad calls with a result, none unexpected, and refused calls change nothing`, async () => {
    expect(actions.length).toBeGreaterThan(30);
    const reached = new Set<string>();
    const failures: string[] = [];
    let calls = 0;
    const call = fc.record({
      action: fc.integer({ min: 0, max: actions.length - 1 }),
      args: fc.array(argument, { minLength: 0, maxLength: 2 }),
      actor: fc.constantFrom(null, "staff", "leader", "admin", "secadmin", "auditor", "bureau-150200", "bureau-150400"),
    });
    const silent = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const action = actions[c.action]!;
          const claims = c.actor === null ? null : claimsOf.get(c.actor) ?? null;
          setClaims(claims);
          const before = JSON.stringify((await query(FINGERPRINT))[0]);
          let refused = false;
          let outcome = "";
          try {
            const result = (await action.fn(...c.args)) as { ok?: unknown; message?: unknown } | undefined;
            refused = result?.ok === false;
            outcome = refused ? `refused ${String(result?.message)}` : "ok";
            if (result?.message === "unexpected") failures.push(`unexpected: ${action.name}(${describeArgs(c.args)}) as ${c.actor}`);
          } catch (err) {
            refused = true;
            outcome = "signal";
            if (!isNextSignal(err)) failures.push(`threw ${String(err).slice(0, 160)}: ${action.name}(${describeArgs(c.args)}) as ${c.actor}`);
          }
          calls++;
          reached.add(action.name);
          if (refused) {
            const after = JSON.stringify((await query(FINGERPRINT))[0]);
            if (after !== before) failures.push(`partial write (${outcome}): ${action.name}(${describeArgs(c.args)}) as ${c.actor}: ${before} → ${after}`);
          }
          return true;
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? (process.env.DATABASE_URL ? 20261129 : 20261130)) },
      );
    } finally {
      silent.mockRestore();
    }
    expect(calls).toBe(RUNS);
    for (const a of actions) expect(reached, `${a.name} never called`).toContain(a.name);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 1_800_000);
});

function describeArgs(args: unknown[]): string {
  return args
    .map((a) => (a instanceof FormData ? `FormData${JSON.stringify(Object.fromEntries(a.entries()))}` : JSON.stringify(a, (_k, v: unknown) => (v === undefined ? "undefined" : v))))
    .join(", ")
    .slice(0, 240);
}
