import "server-only";
import type { Executor } from "@/db";
import { auditLog } from "@/db/schema";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Appends to the audit log inside the caller's transaction, so the entry and the change land together. */
export async function recordAudit(tx: Executor, e: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: String(e.entityId),
    regionCode: e.regionCode ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
  });
}
