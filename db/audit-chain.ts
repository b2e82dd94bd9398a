import { sql } from "drizzle-orm";
import type { Database } from "./client";

/** Where the chain first fails, and why. */
export type ChainBreak = {
  id: number | null;
  at: string | null;
  action: string | null;
  reason: "notChained" | "contentChanged" | "linkBroken" | "headMismatch";
  detail: string;
};

export type ChainReport = { ok: boolean; checked: number; lastId: number | null; lastHash: string | null; broken: ChainBreak | null };

type Row = { id: string | number; at: string; action: string; prev_hash: string | null; hash: string | null; expected: string };

const BATCH = 5000;

/**
 * Walks the audit log in id order and proves its chain: each entry's hash is the SHA-256 of the
 * previous entry's hash and its own content (recomputed here, by this file's own expression, not
 * by the database's function, so that a replaced function does not vouch for itself); each entry
 * names the previous entry's hash; the chain head names the last entry (so removing the newest
 * entries shows too). Returns the first broken entry.
 *
 * The content expression must stay the same as audit_entry_hash in migration 0011.
 */
export async function verifyAuditChain(db: Database, onProgress?: (checked: number) => void): Promise<ChainReport> {
  let after = 0;
  let checked = 0;
  let prev: { id: number; hash: string | null } | null = null;
  for (;;) {
    const res = await db.execute(sql`
      select id, at::text as at, action, prev_hash, hash,
        encode(sha256(convert_to(coalesce(prev_hash, '') || jsonb_build_array(
          id, (extract(epoch from at) * 1000000)::bigint, actor_id, action, entity_type,
          entity_id, region_code, before, after, ip)::text, 'UTF8')), 'hex') as expected
      from audit_log where id > ${after} order by id limit ${BATCH}`);
    const rows = (res as unknown as { rows: Row[] }).rows;
    for (const r of rows) {
      const id = Number(r.id);
      const at = { id, at: r.at, action: r.action };
      if (!r.hash) return broken(checked, prev, { ...at, reason: "notChained", detail: `entry ${id} has no hash` });
      const expectedPrev = prev ? prev.hash : null;
      if (r.prev_hash !== expectedPrev) {
        const detail = prev
          ? `entry ${id} names a previous hash that is not entry ${prev.id}'s: an entry between them was removed, or entry ${prev.id} was changed with its hash`
          : `entry ${id}, the first, names a previous entry: the entries before it were removed`;
        return broken(checked, prev, { ...at, reason: "linkBroken", detail });
      }
      if (r.hash !== r.expected) return broken(checked, prev, { ...at, reason: "contentChanged", detail: `entry ${id}'s content no longer gives its hash: it was changed` });
      prev = { id, hash: r.hash };
      checked++;
    }
    onProgress?.(checked);
    if (rows.length < BATCH) break;
    after = Number(rows[rows.length - 1]!.id);
  }
  const headRes = await db.execute(sql`select last_id, last_hash from audit_chain_head where id = 1`);
  const head = (headRes as unknown as { rows: { last_id: string | number | null; last_hash: string | null }[] }).rows[0];
  const headId = head?.last_id == null ? null : Number(head.last_id);
  const lastId = prev?.id ?? null;
  if (!head || headId !== lastId || (head.last_hash ?? null) !== (prev?.hash ?? null)) {
    return broken(checked, prev, {
      id: headId,
      at: null,
      action: null,
      reason: "headMismatch",
      detail: `the chain head names entry ${headId ?? "none"}, the log ends at entry ${lastId ?? "none"}: the newest entries were removed or the head was changed`,
    });
  }
  return { ok: true, checked, lastId, lastHash: prev?.hash ?? null, broken: null };
}

function broken(checked: number, prev: { id: number; hash: string | null } | null, b: ChainBreak): ChainReport {
  return { ok: false, checked, lastId: prev?.id ?? null, lastHash: prev?.hash ?? null, broken: b };
}
