import "server-only";
import ExcelJS from "exceljs";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, regions, users } from "@/db/schema";
import { auditFilterSchema, type AuditFilter } from "@/lib/validation/user";
import { recordAudit } from "./audit";
import { requireViewer } from "./guard";

export const AUDIT_PAGE_SIZE = 100;
const EXPORT_LIMIT = 50_000;

export type AuditRow = {
  id: number;
  at: Date;
  actorId: number | null;
  actorUsername: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
};

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  actorId: auditLog.actorId,
  actorUsername: users.username,
  actorName: users.name,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  regionCode: auditLog.regionCode,
  before: auditLog.before,
  after: auditLog.after,
  ip: auditLog.ip,
};

function where(f: ReturnType<typeof auditFilterSchema.parse>) {
  // Days are Shanghai days: the range runs from the start of `from` to the end of `to`.
  return and(
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.regionCode ? eq(auditLog.regionCode, f.regionCode) : undefined,
    f.from ? sql`${auditLog.at} >= (${f.from}::date::timestamp at time zone 'Asia/Shanghai')` : undefined,
    f.to ? sql`${auditLog.at} < ((${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')` : undefined,
  );
}

/** One page of the audit log, newest first, with whether another page follows. */
export async function listAuditLog(filter: AuditFilter = {}): Promise<{ rows: AuditRow[]; page: number; hasMore: boolean }> {
  const viewer = await requireViewer("audit.read");
  const f = auditFilterSchema.parse(filter);
  const db = await getDb();
  // Reading the log is itself recorded (before the read, so the entry shows on the page it looks at).
  await recordAudit(db, { actorId: viewer.id, action: "audit.view", entityType: "audit_log", entityId: "", after: { ...f } });
  const rows = await db
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where(f))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((f.page - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), page: f.page, hasMore: rows.length > AUDIT_PAGE_SIZE };
}

export type AuditVocabulary = {
  actions: string[];
  entityTypes: string[];
  /** Everyone who has an entry (the audit administrator manages no users, so the choices come from the log). */
  actors: { id: number; username: string; name: string }[];
  regions: { code: string; nameZh: string; nameEn: string }[];
};

/** The actions, kinds of record, people and regions the log holds, for the filter's choices. */
export async function listAuditVocabulary(): Promise<AuditVocabulary> {
  await requireViewer("audit.read");
  const db = await getDb();
  const [actions, entityTypes, actors, regionRows] = await Promise.all([
    db.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)),
    db.selectDistinct({ v: auditLog.entityType }).from(auditLog).orderBy(asc(auditLog.entityType)),
    db
      .select({ id: users.id, username: users.username, name: users.name })
      .from(users)
      .where(sql`exists (select 1 from ${auditLog} where ${auditLog.actorId} = ${users.id})`)
      .orderBy(asc(users.username)),
    db
      .select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn })
      .from(regions)
      .where(sql`exists (select 1 from ${auditLog} where ${auditLog.regionCode} = ${regions.code})`)
      .orderBy(asc(regions.sortOrder), asc(regions.code)),
  ]);
  return { actions: actions.map((a) => a.v), entityTypes: entityTypes.map((e) => e.v), actors, regions: regionRows };
}

const shanghai = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "medium" });
const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));

/** The filtered log as a workbook, newest first (at most 50,000 entries). */
export async function exportAuditLog(filter: AuditFilter = {}): Promise<{ fileName: string; bytes: Uint8Array }> {
  const viewer = await requireViewer("audit.read");
  const f = auditFilterSchema.parse(filter);
  const db = await getDb();
  await recordAudit(db, { actorId: viewer.id, action: "export.auditLog", entityType: "export", entityId: "audit_log", after: { ...f } });
  const rows = await db
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where(f))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(EXPORT_LIMIT);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("audit");
  sheet.columns = [
    { header: "id", key: "id", width: 10 },
    { header: "时间 time (Asia/Shanghai)", key: "at", width: 22 },
    { header: "用户 user", key: "actor", width: 24 },
    { header: "操作 action", key: "action", width: 24 },
    { header: "对象 record", key: "entityType", width: 14 },
    { header: "编号 id", key: "entityId", width: 12 },
    { header: "地区 region", key: "regionCode", width: 10 },
    { header: "变更前 before", key: "before", width: 60 },
    { header: "变更后 after", key: "after", width: 60 },
    { header: "IP", key: "ip", width: 16 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow({
      id: r.id,
      at: shanghai.format(r.at),
      actor: r.actorUsername ? `${r.actorUsername} (${r.actorName})` : "",
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId ?? "",
      regionCode: r.regionCode ?? "",
      before: json(r.before),
      after: json(r.after),
      ip: r.ip ?? "",
    });
  }
  const stamp = shanghai.format(new Date()).slice(0, 10);
  return { fileName: `审计日志-${stamp}.xlsx`, bytes: new Uint8Array(await wb.xlsx.writeBuffer()) };
}
