import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken, resolveApiToken } from "@/lib/data/api-tokens";
import { addReportAttachment, getAttachmentForDownload, purgeRemovedAttachments, removeReportAttachment } from "@/lib/data/attachments";
import { saveReportDraft, submitReport } from "@/lib/data/reports";
import { approveReport, returnReport } from "@/lib/data/review";
import { createUserSession, touchUserSession } from "@/lib/data/user-sessions";
import { setUserActive } from "@/lib/data/users";
import { MemoryFileStore, getFileStore } from "@/lib/storage/file-store";
import { NOW, actAs, query, seed, openUnreportedAssignments } from "../support/fixtures";

// Evidence bytes stay in memory on both databases.
process.env.DATA_DIR = "memory://";

const OWN = "150400";
const BUREAU = `bureau-${OWN}`;
const DAY = 86_400_000;
const pdf = (note: string) => new TextEncoder().encode(`%PDF-1.4\n% ${note}\n%%EOF\n`);
const store = () => getFileStore() as MemoryFileStore;
const drafts: number[] = [];

async function keyOf(attachmentId: number) {
  const [row] = await query<{ storage_key: string; purged_at: Date | null }>(sql`select storage_key, purged_at from attachments where id = ${attachmentId}`);
  return row!;
}
const held = async (attachmentId: number) => store().listKeysForTests().includes((await keyOf(attachmentId)).storage_key);
const purges = (attachmentId: number) =>
  query<{ after: { reason: string } }>(sql`select after from audit_log where action = 'attachment.purge' and entity_id = ${String(attachmentId)}`);

beforeAll(async () => {
  await seed();
  const open = (await openUnreportedAssignments(OWN, 3)).map((id) => ({ id }));
  expect(open.length).toBe(3);
  await actAs(BUREAU);
  for (const { id } of open) drafts.push((await saveReportDraft({ assignmentId: id, period: "2026-11", progress: 99, status: "on_track", workDone: "完成整改" }, NOW)).id);
});

describe("a removed evidence file's bytes", () => {
  it("stay while the report may still change, and go when it is approved; the kept file stays and downloads (recorded)", async () => {
    await actAs(BUREAU);
    const kept = await addReportAttachment({ reportId: drafts[0]!, fileName: "整改报告.pdf", bytes: pdf("kept") }, NOW);
    const removed = await addReportAttachment({ reportId: drafts[0]!, fileName: "错传的文件.pdf", bytes: pdf("removed") }, NOW);
    await removeReportAttachment(removed.id, NOW);
    expect(await held(removed.id)).toBe(true);
    await submitReport({ reportId: drafts[0]! }, NOW);
    // Submitted (or returned) is not final: nothing goes yet, even when a sweep runs.
    expect(await purgeRemovedAttachments(new Date(NOW.getTime() + DAY))).toBe(0);
    expect(await held(removed.id)).toBe(true);

    await actAs("staff");
    const [{ version }] = (await query<{ version: number }>(sql`select version from reports where id = ${drafts[0]!}`)) as [{ version: number }];
    await approveReport({ reportId: drafts[0]!, version }, NOW);
    expect(await held(removed.id)).toBe(false);
    expect((await keyOf(removed.id)).purged_at).not.toBeNull();
    expect((await purges(removed.id)).map((p) => p.after.reason)).toEqual(["reportApproved"]);
    // The file that stayed on the report is untouched.
    expect(await held(kept.id)).toBe(true);
    const file = await getAttachmentForDownload(kept.id);
    expect(new TextDecoder().decode(file.bytes)).toContain("kept");
    const [download] = await query<{ actor_id: number; region_code: string }>(sql`select actor_id, region_code from audit_log where action = 'file.download' and entity_id = ${String(kept.id)}`);
    expect(download).toMatchObject({ region_code: OWN });
    // A second sweep finds nothing more.
    expect(await purgeRemovedAttachments(new Date(NOW.getTime() + 365 * DAY))).toBe(0);
  });

  it("go once the retention passes without an approval (30 days by default), and not before", async () => {
    await actAs(BUREAU);
    const removed = await addReportAttachment({ reportId: drafts[1]!, fileName: "旧版.pdf", bytes: pdf("old") }, NOW);
    await removeReportAttachment(removed.id, NOW);
    expect(await purgeRemovedAttachments(new Date(NOW.getTime() + 29 * DAY))).toBe(0);
    expect(await held(removed.id)).toBe(true);
    expect(await purgeRemovedAttachments(new Date(NOW.getTime() + 31 * DAY))).toBe(1);
    expect(await held(removed.id)).toBe(false);
    expect((await purges(removed.id)).map((p) => p.after.reason)).toEqual(["retention"]);
  });

  it("a returned report keeps its removed files until it is approved in the end", async () => {
    await actAs(BUREAU);
    const removed = await addReportAttachment({ reportId: drafts[2]!, fileName: "草稿.pdf", bytes: pdf("draft") }, NOW);
    await removeReportAttachment(removed.id, NOW);
    await submitReport({ reportId: drafts[2]! }, NOW);
    await actAs("staff");
    const version = async () => (await query<{ version: number }>(sql`select version from reports where id = ${drafts[2]!}`))[0]!.version;
    await returnReport({ reportId: drafts[2]!, version: await version(), comment: "请补充" }, NOW);
    expect(await held(removed.id)).toBe(true);
    await actAs(BUREAU);
    await submitReport({ reportId: drafts[2]! }, NOW);
    await actAs("staff");
    await approveReport({ reportId: drafts[2]!, version: await version() }, NOW);
    expect(await held(removed.id)).toBe(false);
  });
});

describe("a deactivated user", () => {
  it("loses every browser session and API token at once, on the server, and reactivation brings none back", async () => {
    const [{ id }] = (await query<{ id: number }>(sql`select id from users where username = 'bureau-150500'`)) as [{ id: number }];
    const sid = await createUserSession(id);
    const { token } = await createApiToken({ username: "bureau-150500", password: "demo2025" }, "10.3.0.1");
    expect(await resolveApiToken(token)).not.toBeNull();
    expect(await touchUserSession(sid, id)).toBe(true);

    await actAs("admin");
    await setUserActive({ id, active: false });
    const [session] = await query<{ ended_at: Date | null; ended_reason: string | null }>(sql`select ended_at, ended_reason from user_sessions where id = ${sid}`);
    expect(session).toMatchObject({ ended_reason: "ended" });
    expect(session!.ended_at).not.toBeNull();
    const tokens = await query<{ revoked_at: Date | null }>(sql`select revoked_at from api_tokens where user_id = ${id}`);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((t) => t.revoked_at !== null)).toBe(true);
    expect(await resolveApiToken(token)).toBeNull();
    expect(await touchUserSession(sid, id)).toBe(false);

    await setUserActive({ id, active: true });
    expect(await resolveApiToken(token)).toBeNull();
    expect(await touchUserSession(sid, id)).toBe(false);
  });
});
