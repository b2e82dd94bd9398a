/** What changed between two versions of a report, field by field. */
export type VersionSnapshot = {
  version: number;
  state: string;
  progress: number;
  status: string;
  workDone: string;
  problems: string;
  nextSteps: string;
  dropReason?: string;
  reviewComment: string | null;
  indicatorValues: { indicatorId: number; value: number | null }[];
};

export type FieldChange = { field: string; before: string; after: string };

const fields = ["state", "progress", "status", "workDone", "problems", "nextSteps", "dropReason", "reviewComment"] as const;

export function diffVersions(a: VersionSnapshot, b: VersionSnapshot): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    const before = String(a[f] ?? "");
    const after = String(b[f] ?? "");
    if (before !== after) out.push({ field: f, before, after });
  }
  const values = (v: VersionSnapshot) => new Map(v.indicatorValues.map((x) => [x.indicatorId, x.value]));
  const va = values(a);
  const vb = values(b);
  for (const id of [...new Set([...va.keys(), ...vb.keys()])].sort((x, y) => x - y)) {
    const before = va.get(id) ?? null;
    const after = vb.get(id) ?? null;
    if (before !== after) out.push({ field: `indicator:${id}`, before: before === null ? "" : String(before), after: after === null ? "" : String(after) });
  }
  return out;
}

/** The fields a bureau writes: a change of these is a new version; a state change alone (submit, approve, return) is not. */
const contentFields = new Set(["progress", "status", "workDone", "problems", "nextSteps", "dropReason"]);

/** What changed in the content (the bureau's fields and indicator values) between two snapshots. */
export function contentChanges(a: VersionSnapshot, b: VersionSnapshot): FieldChange[] {
  return diffVersions(a, b).filter((c) => contentFields.has(c.field) || c.field.startsWith("indicator:"));
}

export type HistoryEntry<V> = {
  /** 1, 2, …: the content versions as people count them. */
  number: number;
  /** The snapshot that made this content. */
  content: V;
  /** The state changes on this content after it was written (submit, return, approve, a save that changed nothing). */
  events: V[];
};

/**
 * The history as a person reads it: one entry per change of content, each with the state changes
 * that followed it. The first snapshot always opens an entry.
 */
export function contentHistory<V extends VersionSnapshot>(snapshots: readonly V[]): HistoryEntry<V>[] {
  const out: HistoryEntry<V>[] = [];
  for (const v of snapshots) {
    const last = out.at(-1);
    if (last && contentChanges(last.content, v).length === 0) last.events.push(v);
    else out.push({ number: out.length + 1, content: v, events: [] });
  }
  return out;
}

/**
 * The latest return and what the bureau changed since: the content it was returned with against
 * the current content. Null when the report was never returned.
 */
export function changesSinceReturn<V extends VersionSnapshot & { action: string }>(snapshots: readonly V[]): { returned: V; changes: FieldChange[] } | null {
  let i = -1;
  for (let k = snapshots.length - 1; k >= 0; k--) {
    if (snapshots[k]!.action === "return") {
      i = k;
      break;
    }
  }
  if (i < 0) return null;
  const returned = snapshots[i]!;
  const latest = snapshots.at(-1)!;
  return { returned, changes: contentChanges(returned, latest) };
}
