import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addReportAttachment, getAttachmentForDownload, listAttachmentsForReports, listReportAttachments, removeReportAttachment } from "@/lib/data/attachments";
import { saveReportDraft, submitReport } from "@/lib/data/reports";
import { MemoryFileStore, getFileStore } from "@/lib/storage/file-store";
import { NOW, actAs, query, seed, openUnreportedAssignments } from "../support/fixtures";
import { outcome, type Outcome } from "../support/outcome";

// The PostgreSQL setup leaves DATA_DIR alone; evidence bytes stay in memory on both databases.
process.env.DATA_DIR = "memory://";

const OWN = "150200"; // bureau-150200 is 包头市
const OTHER = "150100";
const BUREAU = `bureau-${OWN}`;

/** The rule a refusal names: `tooMany`, `notEditable`… */
async function refusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (err) {
    const e = err as { fields?: Record<string, string>; code?: string };
    return e.code ?? Object.values(e.fields ?? {})[0] ?? String(err);
  }
  throw new Error("expected a refusal");
}

const text = (s: string) => new TextEncoder().encode(s);
const pdf = (note = "evidence") => text(`%PDF-1.4\n% ${note}\n%%EOF\n`);
const png = () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const exe = () => Uint8Array.from([...text("MZ"), 0x90, 0, 3, 0, ...text("This program cannot be run in DOS mode.")]);

const store = () => getFileStore() as MemoryFileStore;
const storedKeys = () => store().listKeysForTests().sort();
const rowKeys = async () => (await query<{ k: string }>(sql`select storage_key as k from attachments order by storage_key`)).map((r) => r.k);
const liveCount = async (reportId: number) =>
  (await query<{ n: number }>(sql`select count(*)::int as n from attachments where report_id = ${reportId} and removed_at is null`))[0]!.n;

// Drafts of the bureau's own region for the open period, one per concern so counts do not mix.
const ids = { main: 0, table: 0, tableFile: 0, limit: 0, race: 0, submitted: 0, submittedFile: 0 };

const upload = (reportId: number, fileName = "证明材料.pdf", bytes = pdf()) => addReportAttachment({ reportId, fileName, bytes }, NOW);

beforeAll(async () => {
  await seed();
  expect(getFileStore()).toBeInstanceOf(MemoryFileStore);
  // Open 2026 assignments of the region with nothing reported for the current period yet.
  const open = (await openUnreportedAssignments(OWN, 5)).map((id) => ({ id }));
  if (open.length < 5) throw new Error(`only ${open.length} open assignments for ${OWN}`);
  await actAs(BUREAU);
  const drafts: number[] = [];
  for (const { id } of open) {
    drafts.push((await saveReportDraft({ assignmentId: id, period: "2026-11", progress: 60, status: "on_track", workDone: "召开推进会", dropReason: "按新口径重新核算" }, NOW)).id);
  }
  [ids.main, ids.table, ids.limit, ids.race, ids.submitted] = drafts as [number, number, number, number, number];
  ids.tableFile = (await upload(ids.table, "名单.pdf")).id;
  // A submitted report with one file: visible to everyone who reviews, changeable by no one.
  ids.submittedFile = (await upload(ids.submitted, "台账.pdf")).id;
  await submitReport({ reportId: ids.submitted }, NOW);
});

describe("a bureau's evidence files", () => {
  it("uploads a PDF, lists it and downloads the same bytes", async () => {
    await actAs(BUREAU);
    const bytes = pdf("minutes");
    const created = await upload(ids.main, "会议纪要.pdf", bytes);
    expect(created).toMatchObject({ fileName: "会议纪要.pdf", contentType: "application/pdf", sizeBytes: bytes.byteLength });
    expect(Object.keys(created).sort()).toEqual(["contentType", "createdAt", "fileName", "id", "sizeBytes"]);

    const list = await listReportAttachments(ids.main);
    expect(list.map((a) => a.id)).toContain(created.id);
    expect(Object.keys(list[0]!).sort()).toEqual(["contentType", "createdAt", "fileName", "id", "sizeBytes"]);

    const file = await getAttachmentForDownload(created.id);
    expect(file).toMatchObject({ fileName: "会议纪要.pdf", contentType: "application/pdf" });
    expect(Buffer.from(file.bytes).equals(Buffer.from(bytes))).toBe(true);

    const [row] = await query<{ sha256: string; uploaded_by: number | null }>(sql`select sha256, uploaded_by from attachments where id = ${created.id}`);
    expect(row!.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(row!.uploaded_by).not.toBeNull();
    const audit = await query<{ action: string; region_code: string }>(
      sql`select action, region_code from audit_log where entity_type = 'attachment' and entity_id = ${String(created.id)} order by id`,
    );
    // Every download is recorded too (issue 13, item 13).
    expect(audit).toEqual([
      { action: "attachment.add", region_code: OWN },
      { action: "file.download", region_code: OWN },
    ]);
  });

  it("takes the type from the bytes, never from the name", async () => {
    await actAs(BUREAU);
    expect(await refusal(() => upload(ids.main, "report.pdf", exe()))).toBe("badType");
    expect(await refusal(() => upload(ids.main, "report.pdf", text("<html><script>alert(1)</script>")))).toBe("badType");
    expect(await refusal(() => upload(ids.main, "empty.pdf", new Uint8Array(0)))).toBe("empty");
    // An image named like a PDF is kept as the image it is; the download name says so.
    const photo = await upload(ids.main, "photo.pdf", png());
    expect(photo).toMatchObject({ fileName: "photo.pdf", contentType: "image/png" });
    expect((await getAttachmentForDownload(photo.id)).fileName).toBe("photo.pdf.png");
  });

  it("drops any path from the name and keeps the name out of the storage key", async () => {
    await actAs(BUREAU);
    const created = await upload(ids.main, "../../etc/passwd", pdf());
    expect(created.fileName).toBe("passwd");
    const [row] = await query<{ storage_key: string; file_name: string }>(sql`select storage_key, file_name from attachments where id = ${created.id}`);
    expect(row!.file_name).toBe("passwd");
    expect(row!.storage_key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect(row!.storage_key).not.toMatch(/passwd|etc|\.\./);
    expect(await refusal(() => upload(ids.main, "..\\..\\windows\\evil.exe", exe()))).toBe("badType");
    const windows = await upload(ids.main, "C:\\Users\\局\\Desktop\\统计表\u202Efdp.pdf", pdf());
    expect(windows.fileName).toBe("统计表fdp.pdf");
  });

  it("refuses a file over 20 MB and takes one of exactly 20 MB", async () => {
    await actAs(BUREAU);
    const big = new Uint8Array(21 * 1024 * 1024);
    big.set(pdf());
    expect(await refusal(() => upload(ids.main, "big.pdf", big))).toBe("tooLarge");
    const limit = new Uint8Array(20 * 1024 * 1024);
    limit.set(pdf());
    expect((await upload(ids.main, "limit.pdf", limit)).sizeBytes).toBe(20 * 1024 * 1024);
  });

  it("refuses an eleventh file, and takes it once one is removed", async () => {
    await actAs(BUREAU);
    const created = [];
    for (let i = 1; i <= 10; i++) created.push(await upload(ids.limit, `file-${i}.pdf`, pdf(String(i))));
    const before = storedKeys().length;
    expect(await refusal(() => upload(ids.limit, "file-11.pdf"))).toBe("tooMany");
    expect(storedKeys()).toHaveLength(before);
    await removeReportAttachment(created[0]!.id, NOW);
    expect(await outcome(() => upload(ids.limit, "file-11.pdf"))).toBe("ok");
    expect(await liveCount(ids.limit)).toBe(10);
  });

  it("two uploads racing for the tenth place: exactly one gets it", async () => {
    await actAs(BUREAU);
    for (let i = 1; i <= 9; i++) await upload(ids.race, `file-${i}.pdf`, pdf(String(i)));
    const results = await Promise.all([1, 2].map((n) => outcome(() => upload(ids.race, `racer-${n}.pdf`, pdf(`racer ${n}`)))));
    expect(results.sort()).toEqual([422, "ok"].sort());
    expect(await liveCount(ids.race)).toBe(10);
  });

  it("removal marks the row removed; it is never deleted, and the file is gone from list and download", async () => {
    await actAs(BUREAU);
    const created = await upload(ids.main, "superseded.pdf");
    const rowsBefore = (await query<{ n: number }>(sql`select count(*)::int as n from attachments`))[0]!.n;
    await removeReportAttachment(created.id, NOW);
    const [row] = await query<{ removed_at: Date | null }>(sql`select removed_at from attachments where id = ${created.id}`);
    expect(row!.removed_at).not.toBeNull();
    expect((await query<{ n: number }>(sql`select count(*)::int as n from attachments`))[0]!.n).toBe(rowsBefore);
    expect((await listReportAttachments(ids.main)).map((a) => a.id)).not.toContain(created.id);
    expect(await outcome(() => getAttachmentForDownload(created.id))).toBe(404);
    expect(await outcome(() => removeReportAttachment(created.id, NOW))).toBe(404);
    const audit = await query<{ action: string }>(sql`select action from audit_log where entity_type = 'attachment' and entity_id = ${String(created.id)} order by id`);
    expect(audit.map((a) => a.action)).toEqual(["attachment.add", "attachment.remove"]);
  });

  it("a submitted report's files can be neither added nor removed", async () => {
    await actAs(BUREAU);
    expect(await refusal(() => upload(ids.submitted))).toBe("notEditable");
    expect(await refusal(() => removeReportAttachment(ids.submittedFile, NOW))).toBe("notEditable");
    expect(await liveCount(ids.submitted)).toBe(1);
  });
});

describe("no file without its record", () => {
  it("an upload refused by the report's lock stores nothing", async () => {
    await actAs(BUREAU);
    const before = storedKeys();
    expect(await outcome(() => upload(ids.submitted))).toBe(409);
    await actAs(`bureau-${OTHER}`);
    expect(await outcome(() => upload(ids.main))).toBe(404);
    expect(storedKeys()).toEqual(before);
  });

  it("a transaction that fails after the bytes were stored takes them away again", async () => {
    // A trigger makes the insert itself fail: by then the bytes are already in the store.
    await query(sql.raw(`create function attachments_test_refuse() returns trigger as $$
      begin if new.file_name = 'boom.pdf' then raise exception 'refused by test trigger'; end if; return new; end;
      $$ language plpgsql`));
    await query(sql.raw(`create trigger attachments_test_refuse before insert on attachments for each row execute function attachments_test_refuse()`));
    try {
      await actAs(BUREAU);
      const before = storedKeys();
      const audits = (await query<{ n: number }>(sql`select count(*)::int as n from audit_log`))[0]!.n;
      await expect(upload(ids.table, "boom.pdf")).rejects.toThrow();
      expect(storedKeys()).toEqual(before);
      expect((await query<{ n: number }>(sql`select count(*)::int as n from attachments where file_name = 'boom.pdf'`))[0]!.n).toBe(0);
      expect((await query<{ n: number }>(sql`select count(*)::int as n from audit_log`))[0]!.n).toBe(audits);
    } finally {
      await query(sql.raw(`drop trigger attachments_test_refuse on attachments`));
      await query(sql.raw(`drop function attachments_test_refuse()`));
    }
  });
});

// (who, what, expected): every role against every attachment function.
const roles = ["admin", "staff", "leader", BUREAU, `bureau-${OTHER}`, null] as const;
type Role = (typeof roles)[number];
type Who = "admin" | "staff" | "leader" | "bureau" | "otherBureau" | "anon";
const who = (role: Role): Who => (role === null ? "anon" : role === BUREAU ? "bureau" : role === `bureau-${OTHER}` ? "otherBureau" : role);

/** Runs `call` as `role`, after `prepare` (as the bureau) when the call needs a file of its own. */
function as<T>(call: (prepared: T) => Promise<unknown>, prepare?: () => Promise<T>) {
  return async (role: Role): Promise<Outcome> => {
    await actAs(BUREAU);
    const prepared = (await prepare?.()) as T;
    await actAs(role);
    return outcome(() => call(prepared));
  };
}

const freshFile = async () => (await upload(ids.table, "case.pdf")).id;

const cases: [string, (role: Role) => Promise<Outcome>, Record<Who, Outcome>][] = [
  // A draft is the bureau's own work in progress: nobody else sees it, nor its files.
  ["list (draft)", as(() => listReportAttachments(ids.table)), { admin: 404, staff: 404, leader: 404, bureau: "ok", otherBureau: 404, anon: 401 }],
  ["download (draft)", as(() => getAttachmentForDownload(ids.tableFile)), { admin: 404, staff: 404, leader: 404, bureau: "ok", otherBureau: 404, anon: 401 }],
  ["add (draft)", as(() => upload(ids.table, "by-role.pdf")), { admin: 403, staff: 403, leader: 403, bureau: "ok", otherBureau: 404, anon: 401 }],
  ["remove (draft)", as((id: number) => removeReportAttachment(id, NOW), freshFile), { admin: 403, staff: 403, leader: 403, bureau: "ok", otherBureau: 404, anon: 401 }],
  // Submitted: everyone who reviews or oversees may read; nobody may change.
  ["list (submitted)", as(() => listReportAttachments(ids.submitted)), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", otherBureau: 404, anon: 401 }],
  ["download (submitted)", as(() => getAttachmentForDownload(ids.submittedFile)), { admin: "ok", staff: "ok", leader: "ok", bureau: "ok", otherBureau: 404, anon: 401 }],
  ["add (submitted)", as(() => upload(ids.submitted)), { admin: 403, staff: 403, leader: 403, bureau: 409, otherBureau: 404, anon: 401 }],
  ["remove (submitted)", as(() => removeReportAttachment(ids.submittedFile, NOW)), { admin: 403, staff: 403, leader: 403, bureau: 409, otherBureau: 404, anon: 401 }],
  ["download (no such file)", as(() => getAttachmentForDownload(2_000_000_000)), { admin: 404, staff: 404, leader: 404, bureau: 404, otherBureau: 404, anon: 401 }],
];

describe.each(cases)("%s", (_name, run, expected) => {
  it.each(roles.map((r) => [r ?? "anonymous", r] as const))("as %s", async (_label, role: Role) => {
    expect(await run(role)).toBe(expected[who(role)]);
  });
});

describe("what each role gets", () => {
  it("staff and the leader download a submitted report's file byte for byte", async () => {
    for (const role of ["staff", "leader"]) {
      await actAs(role);
      const file = await getAttachmentForDownload(ids.submittedFile);
      expect(file).toMatchObject({ fileName: "台账.pdf", contentType: "application/pdf" });
      expect(Buffer.from(file.bytes).equals(Buffer.from(pdf()))).toBe(true);
    }
  });

  it("a page of reports gets the files of the reports its viewer may see, and of no other", async () => {
    await actAs(BUREAU);
    const own = await listAttachmentsForReports([ids.main, ids.submitted, ids.submitted]);
    expect([...own.keys()].sort()).toEqual([ids.main, ids.submitted].sort());
    expect(own.get(ids.main)!.map((a) => a.id)).toEqual((await listReportAttachments(ids.main)).map((a) => a.id));
    expect(own.get(ids.submitted)!.map((a) => a.id)).toEqual([ids.submittedFile]);
    await actAs("staff");
    expect([...(await listAttachmentsForReports([ids.main, ids.submitted])).keys()]).toEqual([ids.submitted]);
    await actAs(`bureau-${OTHER}`);
    expect((await listAttachmentsForReports([ids.main, ids.submitted, -1])).size).toBe(0);
    await actAs(null);
    expect(await outcome(() => listAttachmentsForReports([ids.submitted]))).toBe(401);
  });

  it("refusals by role write nothing (but the record of the refusal)", async () => {
    // A 403 is recorded as access.denied (issue 13, item 13); nothing else is written.
    const snapshot = async () =>
      (await query(sql`select (select count(*) from attachments)::int as a, (select count(*) from attachments where removed_at is not null)::int as r, (select count(*) from audit_log where action <> 'access.denied')::int as l`))[0];
    const before = await snapshot();
    const keys = storedKeys();
    for (const role of ["admin", "staff", "leader", `bureau-${OTHER}`, null]) {
      await actAs(role);
      await outcome(() => upload(ids.main));
      await outcome(() => removeReportAttachment(ids.submittedFile, NOW));
    }
    expect(await snapshot()).toEqual(before);
    expect(storedKeys()).toEqual(keys);
  });
});

describe("at the end", () => {
  it("every stored file has its row and every row its file", async () => {
    expect(storedKeys()).toEqual(await rowKeys());
    expect(storedKeys().length).toBeGreaterThan(30);
  });
});
