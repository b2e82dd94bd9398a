import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, getDbHandle } from "@/db";
import { verifyAuditChain } from "@/db/audit-chain";
import { verifyRevisionSums } from "@/db/derived-state";
import { openDatabase, type Database, type DbHandle } from "@/db/client";
import * as dashboardExport from "@/app/api/dashboard/export/route";
import { changeMyPassword } from "@/lib/data/account";
import { createApiToken, revokeApiToken } from "@/lib/data/api-tokens";
import { recordAudit, recordEvent } from "@/lib/data/audit";
import { exportAuditLog, listAuditLog } from "@/lib/data/audit-log";
import { exportPlanWorkbook, planTemplateWorkbook } from "@/lib/data/plan-excel";
import { createUserSession, endUserSession, touchUserSession } from "@/lib/data/user-sessions";
import { setUserActive } from "@/lib/data/users";
import { actAs, query, seed } from "../support/fixtures";
import { outcome } from "../support/outcome";

// The dashboard's export route runs as in the app; only its labels come from a stub of next-intl.
vi.mock("next-intl/server", () => ({
  getTranslations: async () => Object.assign((k: string) => k, { raw: (k: string) => k }),
  getLocale: async () => "zh-CN",
}));

const root = path.resolve(import.meta.dirname, "../..");
const onServer = Boolean(process.env.DATABASE_URL);

async function idOf(username: string): Promise<number> {
  return (await query<{ id: number }>(sql`select id from users where username = ${username}`))[0]!.id;
}

/** The newest entries of an action, newest first. */
async function entries(action: string) {
  return query<{ id: number; actor_id: number | null; entity_type: string; entity_id: string | null; after: Record<string, unknown> | null }>(
    sql`select id, actor_id, entity_type, entity_id, after from audit_log where action = ${action} order by id desc`,
  );
}

/** Runs SQL as the table's owner with the append-only trigger off: what an attacker with the owner's password could do. */
async function asOwner(db: Database, statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
  });
}

beforeAll(async () => {
  await seed();
});

describe("every event of item 13 is recorded", () => {
  it("sign-out, session expiry, token revocation, ended sessions on deactivation", async () => {
    const staff = await idOf("staff");
    const sid = await createUserSession(staff);
    await endUserSession(sid, "signout");
    expect((await entries("auth.signout"))[0]).toMatchObject({ actor_id: staff, entity_type: "session", entity_id: sid });
    // Signing out twice records once.
    await endUserSession(sid, "signout");
    expect((await entries("auth.signout")).filter((e) => e.entity_id === sid)).toHaveLength(1);

    const old = await createUserSession(staff, { now: new Date(Date.now() - 3 * 3_600_000) });
    expect(await touchUserSession(old, staff, new Date(), { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 })).toBe(false);
    expect((await entries("auth.sessionExpired"))[0]).toMatchObject({ actor_id: staff, entity_id: old, after: { reason: "idle" } });

    const { token } = await createApiToken({ username: "leader", password: "demo2025" }, "10.1.2.3");
    await revokeApiToken(token);
    expect((await entries("auth.tokenRevoked"))[0]).toMatchObject({ actor_id: await idOf("leader"), entity_type: "api_token" });

    const bureau = await idOf("bureau-152900");
    const live = await createUserSession(bureau);
    await createApiToken({ username: "bureau-152900", password: "demo2025" }, "10.1.2.4");
    await actAs("admin");
    await setUserActive({ id: bureau, active: false });
    const [ended] = await entries("auth.sessionsEnded");
    expect(ended).toMatchObject({ actor_id: await idOf("admin"), entity_id: String(bureau) });
    expect(ended!.after!.sessions).toEqual([live]);
    expect(ended!.after!.tokens).toHaveLength(1);
  });

  it("every export (plan, template, dashboard, audit log) and every view of the audit log", async () => {
    await actAs("staff");
    const [plan] = await query<{ id: number }>(sql`select id from plans order by id limit 1`);
    await exportPlanWorkbook(plan!.id);
    expect((await entries("export.plan"))[0]).toMatchObject({ actor_id: await idOf("staff"), entity_id: String(plan!.id) });
    await planTemplateWorkbook();
    expect(await entries("export.planTemplate")).toHaveLength(1);
    const res = await dashboardExport.GET(new Request("http://localhost/api/dashboard/export?year=2025"));
    expect(res.status).toBe(200);
    expect((await entries("export.dashboard"))[0]).toMatchObject({ actor_id: await idOf("staff"), entity_id: "2025" });

    await actAs("auditor");
    const auditor = await idOf("auditor");
    await listAuditLog({ action: "export.plan" });
    expect((await entries("audit.view"))[0]).toMatchObject({ actor_id: auditor, after: { action: "export.plan", page: 1 } });
    await exportAuditLog({ entityType: "export" });
    expect((await entries("export.auditLog"))[0]).toMatchObject({ actor_id: auditor, after: { entityType: "export" } });
  });

  it("failed password changes, with the reason and never the password", async () => {
    await actAs("leader");
    expect(await outcome(() => changeMyPassword({ current: "not-my-password-1", next: "Green2026river", confirm: "Green2026river" }))).toBe(422);
    expect(await outcome(() => changeMyPassword({ current: "demo2025", next: "short1", confirm: "short1" }))).toBe(422);
    const failed = (await entries("account.changePasswordFailed")).filter((e) => e.actor_id !== null);
    expect(failed.map((e) => e.after!.reason)).toEqual(["passwordTooShort", "wrongPassword"]);
    expect(JSON.stringify(failed)).not.toContain("not-my-password-1");
  });

  it("refused access: a 403 of the data layer", async () => {
    await actAs("leader");
    expect(await outcome(() => listAuditLog())).toBe(403);
    expect((await entries("access.denied"))[0]).toMatchObject({ actor_id: await idOf("leader"), entity_type: "permission", entity_id: "audit.read" });
  });
});

describe("the chain", () => {
  it("holds over everything recorded so far, and each entry links to the one before", async () => {
    const report = await verifyAuditChain(await getDb());
    expect(report.broken).toBeNull();
    expect(report.checked).toBeGreaterThan(10);
    const rows = await query<{ id: number; prev_hash: string | null; hash: string }>(sql`select id, prev_hash, hash from audit_log order by id`);
    expect(rows[0]!.prev_hash).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
  });

  it("stays whole under concurrent writers (ids follow the chain)", async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => recordEvent({ actorId: null, action: "test.concurrent", entityType: "test", entityId: i })));
    const db = await getDb();
    // And inside transactions that wait on each other.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.transaction(async (tx) => {
          await recordAudit(tx, { actorId: null, action: "test.concurrentTx", entityType: "test", entityId: i });
          await recordAudit(tx, { actorId: null, action: "test.concurrentTx", entityType: "test", entityId: i });
        }),
      ),
    );
    expect((await entries("test.concurrent")).length + (await entries("test.concurrentTx")).length).toBe(60);
    const report = await verifyAuditChain(db);
    expect(report.broken).toBeNull();
  });

  it.runIf(onServer)("links an entry when its transaction commits: an open transaction's entry holds up no other writer, and ids follow the commits", async () => {
    const db = await getDb();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const written = new Promise<void>((r) => (inserted = r));
    // A transaction writes its entry, then stays open (a write's other statements, a slow client).
    const open = db.transaction(async (tx) => {
      await recordAudit(tx, { actorId: null, action: "test.heldOpen", entityType: "test", entityId: 1, ip: null });
      const [mine] = await tx.execute(sql`select id, hash from audit_log where action = 'test.heldOpen'`).then((r) => (r as unknown as { rows: { id: number; hash: string | null }[] }).rows);
      // Not linked yet: no hash until the commit.
      expect(mine!.hash).toBeNull();
      inserted();
      await gate;
    });
    await written;
    // Another writer's entry goes in and is linked meanwhile (with the link taken at insert, this waited for the open transaction).
    await recordEvent({ actorId: null, action: "test.whileOpen", entityType: "test", entityId: 2, ip: null });
    const [meanwhile] = await entries("test.whileOpen");
    expect(meanwhile).toBeDefined();
    release();
    await open;
    const [held] = await entries("test.heldOpen");
    // The open transaction committed last, so its entry comes later in the chain and has the larger id.
    expect(Number(held!.id)).toBeGreaterThan(Number(meanwhile!.id));
    expect((await verifyAuditChain(db)).broken).toBeNull();
  });

  it("names the first changed entry; changed with its hash, the next one; removed, the one after the gap; the newest removed, the head", async () => {
    const db = await getDb();
    // bigint ids come back as text from pg, as numbers from PGlite.
    const rows = (await query<{ id: number; action: string; hash: string }>(sql`select id, action, hash from audit_log order by id`)).map((r) => ({ ...r, id: Number(r.id) }));
    const mid = rows[Math.floor(rows.length / 2)]!;
    const next = rows[rows.indexOf(mid) + 1]!;

    // Content changed, hash left: that entry.
    await asOwner(db, sql`update audit_log set action = 'user.nothingToSeeHere' where id = ${mid.id}`);
    let report = await verifyAuditChain(db);
    expect(report.broken).toMatchObject({ id: mid.id, reason: "contentChanged" });
    expect(report.lastId).toBe(rows[rows.indexOf(mid) - 1]!.id);

    // Content and its own hash recomputed: the next entry no longer links to it.
    await asOwner(db, sql`update audit_log set hash = audit_entry_hash(prev_hash, audit_log) where id = ${mid.id}`);
    report = await verifyAuditChain(db);
    expect(report.broken).toMatchObject({ id: next.id, reason: "linkBroken" });

    // Put back as it was: whole again.
    await asOwner(db, sql`update audit_log set action = ${mid.action}, hash = ${mid.hash} where id = ${mid.id}`);
    expect((await verifyAuditChain(db)).broken).toBeNull();

    // An entry removed: the one after the gap is named.
    const saved = (await query<Record<string, unknown>>(sql`select * from audit_log where id = ${mid.id}`))[0]!;
    await asOwner(db, sql`delete from audit_log where id = ${mid.id}`);
    report = await verifyAuditChain(db);
    expect(report.broken).toMatchObject({ id: next.id, reason: "linkBroken" });
    await restore(db, saved);
    expect((await verifyAuditChain(db)).broken).toBeNull();

    // The newest entry removed: only the chain head shows it.
    const last = rows[rows.length - 1]!;
    const newest = (await query<Record<string, unknown>>(sql`select * from audit_log order by id desc limit 1`))[0]!;
    await asOwner(db, sql`delete from audit_log where id = ${newest.id as number}`);
    report = await verifyAuditChain(db);
    expect(report.broken).toMatchObject({ reason: "headMismatch" });
    await restore(db, newest);
    expect((await verifyAuditChain(db)).broken).toBeNull();
    expect(last.id).toBeLessThanOrEqual(Number(newest.id));
  });

  it("cannot be rewritten through the app's statements: the database refuses update and delete", async () => {
    const db = await getDb();
    await expect(db.execute(sql`update audit_log set action = 'x' where id = (select min(id) from audit_log)`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log where id = (select max(id) from audit_log)`)).rejects.toThrow();
  });
});

/** Puts a removed row back exactly as it was (the owner, every trigger off). */
async function restore(db: Database, row: Record<string, unknown>) {
  const json = (v: unknown) => (v === null || v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger user`);
    await tx.execute(sql`insert into audit_log (id, at, actor_id, action, entity_type, entity_id, region_code, before, after, ip, prev_hash, hash)
      values (${row.id as number}, ${row.at as Date}, ${row.actor_id as number | null}, ${row.action as string}, ${row.entity_type as string}, ${row.entity_id as string | null},
        ${row.region_code as string | null}, ${json(row.before)}::jsonb, ${json(row.after)}::jsonb, ${row.ip as string | null}, ${row.prev_hash as string | null}, ${row.hash as string})`);
    await tx.execute(sql`alter table audit_log enable trigger user`);
  });
}

describe("npm run audit:verify", () => {
  // Its own database: a fresh embedded folder, or on the server a database of its own.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "audit-verify-"));
  const dbName = `tracker_av_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  const serverUrl = (name: string, user?: string) => {
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    if (user) {
      u.username = user;
      u.password = "app-password-1";
    }
    return u.toString();
  };
  const target = () => (onServer ? { DATABASE_URL: serverUrl(dbName) } : { DATA_DIR: work });
  const open = () => openDatabase(onServer ? { databaseUrl: serverUrl(dbName), dataDir: "memory://" } : { dataDir: work });

  function run() {
    const env: NodeJS.ProcessEnv = { ...process.env, ...target() };
    if (!onServer) delete env.DATABASE_URL;
    return spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/bench-register.mjs", "scripts/audit-verify.ts"], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
  }

  beforeAll(async () => {
    if (onServer) {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`create database "${dbName}"`);
      await c.end();
    }
    const h = await open();
    try {
      for (let i = 0; i < 25; i++) await recordAudit(h.db, { actorId: null, action: "test.entry", entityType: "test", entityId: i, after: { i }, ip: null });
    } finally {
      await h.close();
    }
  });

  afterAll(async () => {
    fs.rmSync(work, { recursive: true, force: true });
    if (onServer) {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists "${dbName}" with (force)`);
      await c.end();
    }
  });

  it("proves the chain, then names the entry an owner changed and exits 1", async () => {
    const ok = run();
    expect(ok.stdout).toContain("the chain holds: 25 entries");
    expect(ok.status).toBe(0);
    const h = await open();
    let tampered: number;
    try {
      tampered = Number((await h.db.execute(sql`select id from audit_log order by id offset 10 limit 1`) as unknown as { rows: { id: number }[] }).rows[0]!.id);
      await asOwner(h.db, sql`update audit_log set after = '{"i": 999}' where id = ${tampered}`);
    } finally {
      await h.close();
    }
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`BROKEN at entry ${tampered}`);
    expect(bad.stdout).toContain("10 entries before it hold");
  });

  it.runIf(onServer)("on PostgreSQL the app's role may only INSERT and SELECT the audit log; migrations run as the owner", async () => {
    const role = `tracker_app_${crypto.randomBytes(3).toString("hex")}`;
    const fresh = `${dbName}_app`;
    const su = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await su.connect();
    await su.query(`create role ${role} login password 'app-password-1'`);
    await su.query(`create database "${fresh}"`);
    const owner = new pg.Client({ connectionString: serverUrl(fresh) });
    await owner.connect();
    let app: DbHandle | undefined;
    try {
      // The README's grants, before the first start: what the owner's migrations create, the app may use…
      await owner.query(`grant connect on database "${fresh}" to ${role}`);
      await owner.query(`grant usage on schema public to ${role}`);
      await owner.query(`alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`);
      await owner.query(`alter default privileges in schema public grant usage, select on sequences to ${role}`);
      // …the app starts as its own role and migrates as the owner…
      app = await openDatabase({ databaseUrl: serverUrl(fresh, role), migrationDatabaseUrl: serverUrl(fresh), dataDir: "memory://" });
      // …and after the first migration the audit log and its chain head are taken back to append and read.
      await owner.query(`revoke update, delete, truncate on audit_log from ${role}`);
      await owner.query(`revoke insert, update, delete, truncate on audit_chain_head from ${role}`);

      await recordAudit(app.db, { actorId: null, action: "test.app", entityType: "test", entityId: 1, ip: null });
      await recordAudit(app.db, { actorId: null, action: "test.app", entityType: "test", entityId: 2, ip: null });
      const rows = (await app.db.execute(sql`select id, prev_hash, hash from audit_log order by id`)) as unknown as { rows: { hash: string; prev_hash: string | null }[] };
      expect(rows.rows).toHaveLength(2);
      expect(rows.rows[1]!.prev_hash).toBe(rows.rows[0]!.hash);
      const denied = async (q: string) => {
        try {
          await app!.db.execute(sql.raw(q));
        } catch (err) {
          for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) if ((e as { code?: string }).code === "42501") return "permission denied";
          throw err;
        }
        return "allowed";
      };
      expect(await denied("update audit_log set action = 'x'")).toBe("permission denied");
      expect(await denied("delete from audit_log")).toBe("permission denied");
      expect(await denied("truncate audit_log")).toBe("permission denied");
      expect(await denied("alter table audit_log disable trigger audit_log_no_update_delete")).toBe("permission denied");
      expect(await denied("update audit_chain_head set last_hash = null")).toBe("permission denied");
      expect(await denied("update users set name = name")).toBe("allowed");
      expect((await verifyAuditChain(app.db)).broken).toBeNull();
      // The owner's commit-time functions fire for the app's writes, and the app cannot attach them to a table of its own.
      await app.db.transaction(async (tx) => {
        await tx.execute(sql`insert into state_revisions (plan_id, region_code, revision) values (1, 'T-app', 1), (2, 'T-app', 1)`);
        await recordAudit(tx, { actorId: null, action: "test.app", entityType: "test", entityId: 3, ip: null });
      });
      expect((await verifyRevisionSums(app.db)).differences).toEqual([]);
      const attach = async (fn: string) => {
        try {
          await app!.db.transaction(async (tx) => {
            await tx.execute(sql`create temp table app_own (x int) on commit drop`);
            await tx.execute(sql.raw(`create trigger app_own_t after insert on app_own for each row execute function ${fn}()`));
          });
        } catch (err) {
          // Refused for the function itself (not for the temporary table, which the role may create).
          for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) if ((e as { code?: string }).code === "42501" && /function/.test(String((e as Error).message))) return "permission denied";
          throw err;
        }
        return "allowed";
      };
      expect(await attach("audit_log_chain_at_commit")).toBe("permission denied");
      expect(await attach("plan_revision_deltas_add_at_commit")).toBe("permission denied");
      expect(await attach("state_revisions_note_updated")).toBe("permission denied");
      // db:verify --repair runs as the app's role: the head is taken by the owner's function.
      await app.db.execute(sql`update plan_revision_sums set total = total + 5 where plan_id = 1`);
      expect((await verifyRevisionSums(app.db)).differences).toEqual([{ planId: 1, kept: "6", derived: "1" }]);
      await app.db.transaction((tx) => verifyRevisionSums(tx, { repair: true }));
      expect((await verifyRevisionSums(app.db)).differences).toEqual([]);
    } finally {
      await app?.close();
      await owner.end();
      await su.query(`drop database if exists "${fresh}" with (force)`);
      await su.query(`drop role if exists ${role}`);
      await su.end();
    }
  });
});

describe("the test's own database", () => {
  it("is the one the app opened", async () => {
    expect((await getDbHandle()).kind).toBe(onServer ? "postgres" : "pglite");
  });
});
