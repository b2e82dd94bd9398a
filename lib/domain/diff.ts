/** What changed between two versions of a report, field by field. */
export type VersionSnapshot = {
  version: number;
  state: string;
  progress: number;
  status: string;
  workDone: string;
  problems: string;
  nextSteps: string;
  reviewComment: string | null;
  indicatorValues: { indicatorId: number; value: number | null }[];
};

export type FieldChange = { field: string; before: string; after: string };

const fields = ["state", "progress", "status", "workDone", "problems", "nextSteps", "reviewComment"] as const;

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
