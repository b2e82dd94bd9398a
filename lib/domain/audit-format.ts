/**
 * Audit entries as a person reads them: the action's message key, the fields that differ, and
 * values written out (directions, yes/no, dates, lists) instead of codes and JSON. The labels
 * themselves live in messages/<locale>.audit.json (auditLabels.actions / fields / values).
 */

/** The message key of an action: "auth.signin.failed" → "auth_signin_failed" (a dot would nest). */
export function auditActionKey(action: string): string {
  return action.replace(/\./g, "_");
}

export type AuditChange = { field: string; kind: "changed" | "added" | "removed"; before?: unknown; after?: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields of an entry as a list: with both sides, only what differs (plus the identifying
 * fields `keep`); with one side, all of it.
 */
export function auditChanges(before: unknown, after: unknown, keep: readonly string[] = ["name", "indicatorId"]): AuditChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const out: AuditChange[] = [];
  for (const field of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
    const inB = field in b;
    const inA = field in a;
    if (inB && inA) {
      if (!same(b[field], a[field]) || keep.includes(field)) out.push({ field, kind: "changed", before: b[field], after: a[field] });
    } else if (inA) out.push({ field, kind: "added", after: a[field] });
    else out.push({ field, kind: "removed", before: b[field] });
  }
  // A value that is not an object (rare) is shown as a whole.
  if (before !== null && before !== undefined && !isRecord(before)) out.push({ field: "value", kind: "removed", before });
  if (after !== null && after !== undefined && !isRecord(after)) out.push({ field: "value", kind: "added", after });
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export type ValueWords = {
  locale: string;
  /** A word for a coded value (higher → 越高越好, true → 是), or undefined. */
  value: (code: string) => string | undefined;
  /** A field's label, or undefined. */
  field: (name: string) => string | undefined;
  timeZone?: string;
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A value as a person would write it: 越高越好, 是/否, 2026年6月30日, lists joined, objects as "field: value". */
export function formatAuditValue(v: unknown, words: ValueWords, depth = 0): string {
  const zh = words.locale.startsWith("zh");
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return words.value(String(v)) ?? String(v);
  if (typeof v === "number") return Number.isFinite(v) ? v.toLocaleString(words.locale, { maximumFractionDigits: 6 }) : String(v);
  if (typeof v === "string") {
    if (ISO_DATE.test(v)) {
      const [y, m, d] = v.split("-").map(Number);
      return zh ? `${y}年${m}月${d}日` : v;
    }
    if (ISO_TIME.test(v)) {
      const at = new Date(v);
      if (!Number.isNaN(at.getTime())) return new Intl.DateTimeFormat(words.locale, { timeZone: words.timeZone ?? "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }).format(at);
    }
    return words.value(v) ?? v;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return "—";
    return v.map((x) => formatAuditValue(x, words, depth + 1)).join(zh ? "、" : ", ");
  }
  if (isRecord(v)) {
    if (depth > 3) return "…";
    const parts = Object.entries(v).map(([k, x]) => `${words.field(k) ?? k}${zh ? "：" : ": "}${formatAuditValue(x, words, depth + 1)}`);
    return parts.length ? (depth === 0 ? parts.join(zh ? "；" : "; ") : `(${parts.join(zh ? "，" : ", ")})`) : "—";
  }
  return String(v);
}
