import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { fixedStatement } from "@/db/fixed-select";
import { auditLog } from "@/db/schema";
import { getViewer } from "@/lib/auth/viewer";
import { clientAddressOf } from "@/lib/http/request-address";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
  /** The client's address; by default the current request's. */
  ip?: string | null;
};

/** The current request's client address (lib/http/request-address.ts: the socket's, or what our trusted proxies say), or null outside a request. */
async function requestAddress(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return clientAddressOf(await headers());
  } catch {
    // No request (a script, a test calling the data layer): no address to record.
    return null;
  }
}

/**
 * Appends to the audit log inside the caller's transaction, so the entry and the change land
 * together. The database chains the entry (prev_hash, hash) on insert: see migration 0011.
 */
export async function recordAudit(tx: Executor, e: AuditEntry): Promise<void> {
  await tx.execute(await auditInsert(tx, e));
}

/** The audit entry's insert, for a write to send with its own last statement (refreshAssignmentStates' `last`). */
export async function auditInsert(tx: Executor, e: AuditEntry): Promise<SQL> {
  return auditRow(tx, {
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: String(e.entityId),
    regionCode: e.regionCode ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    ip: e.ip !== undefined ? e.ip : await requestAddress(),
  });
}

/** The entry's insert, its text built once (fixedStatement): every write sends one. */
const auditRow = fixedStatement<{ actorId: number | null; action: string; entityType: string; entityId: string; regionCode: string | null; before: unknown; after: unknown; ip: string | null }>((db) =>
  db.insert(auditLog).values({
    actorId: sql.placeholder("actorId"),
    action: sql.placeholder("action"),
    entityType: sql.placeholder("entityType"),
    entityId: sql.placeholder("entityId"),
    regionCode: sql.placeholder("regionCode"),
    before: sql.placeholder("before"),
    after: sql.placeholder("after"),
    ip: sql.placeholder("ip"),
  }),
);

/** Records an event that changes nothing else (a sign-out, an export, a download, a refusal) on its own. */
export async function recordEvent(e: AuditEntry): Promise<void> {
  await recordAudit(await getDb(), e);
}

/**
 * Records that the signed-in viewer exported or downloaded something (what, and with which
 * parameters). Callers have already checked the viewer's permission for the data itself.
 */
export async function recordExport(kind: string, entityId: string | number, details: Record<string, unknown> = {}, regionCode: string | null = null): Promise<void> {
  const viewer = await getViewer();
  await recordEvent({ actorId: viewer?.id ?? null, action: `export.${kind}`, entityType: "export", entityId, regionCode, after: details });
}
