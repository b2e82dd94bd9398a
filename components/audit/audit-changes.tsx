import { getLocale, getTranslations } from "next-intl/server";
import { auditActionKey, auditChanges, formatAuditValue, type ValueWords } from "@/lib/domain/audit-format";

/** The labels of audit actions, fields and values in the reader's language (messages/<locale>.audit.json). */
export async function auditWords(): Promise<ValueWords & { action: (action: string) => string }> {
  const t = await getTranslations("auditLabels");
  const locale = await getLocale();
  return {
    locale,
    action: (a) => (t.has(`actions.${auditActionKey(a)}`) ? t(`actions.${auditActionKey(a)}`) : a),
    field: (f) => (/^[A-Za-z0-9_]+$/.test(f) && t.has(`fields.${f}`) ? t(`fields.${f}`) : undefined),
    value: (v) => (/^[A-Za-z0-9_]+$/.test(v) && t.has(`values.${v}`) ? t(`values.${v}`) : undefined),
  };
}

/** An entry's before/after as a "field: before → after" list, values written out. */
export async function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const words = await auditWords();
  const changes = auditChanges(before, after);
  if (changes.length === 0) return null;
  const show = (v: unknown) => formatAuditValue(v, words);
  return (
    <ul data-testid="audit-changes">
      {changes.map((c) => (
        <li key={`${c.kind}-${c.field}`} className="break-words">
          <span className="text-slate-500">{words.field(c.field) ?? c.field}</span>
          {words.locale.startsWith("zh") ? "：" : ": "}
          {c.kind === "changed" ? <>{show(c.before)} → {show(c.after)}</> : c.kind === "added" ? show(c.after) : <s>{show(c.before)}</s>}
        </li>
      ))}
    </ul>
  );
}

/** One side of an entry (before or after) as a "field: value" list. */
export async function AuditFields({ value }: { value: unknown }) {
  if (value === null || value === undefined) return null;
  const words = await auditWords();
  const entries = typeof value === "object" && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : [["value", value] as const];
  return (
    <ul className="text-xs" data-testid="audit-fields">
      {entries.map(([k, v]) => (
        <li key={k} className="break-words">
          <span className="text-slate-500">{words.field(k) ?? k}</span>
          {words.locale.startsWith("zh") ? "：" : ": "}
          {formatAuditValue(v, words)}
        </li>
      ))}
    </ul>
  );
}
