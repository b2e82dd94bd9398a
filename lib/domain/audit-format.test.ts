import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "../../messages/en.audit.json";
import zh from "../../messages/zh-CN.audit.json";
import { auditActionKey, auditChanges, formatAuditValue, type ValueWords } from "./audit-format";

/** Every action name the code records: `action: "x.y"` (ternaries included) and recordExport("kind") → export.kind. */
function recordedActions(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\./.test(e.name)) files.push(p);
    }
  };
  for (const dir of ["lib/data", "lib/auth", "app", "db", "scripts"]) walk(path.resolve(dir));
  const out = new Set<string>();
  for (const f of files) {
    for (const line of fs.readFileSync(f, "utf8").split("\n")) {
      const at = line.indexOf("action:");
      if (at >= 0) for (const m of line.slice(at).matchAll(/"([a-z][a-zA-Z]*(?:\.[a-zA-Z]+)+)"/g)) out.add(m[1]!);
      for (const m of line.matchAll(/recordExport\(\s*"([a-zA-Z]+)"/g)) out.add(`export.${m[1]}`);
    }
  }
  return [...out].sort();
}

describe("audit labels", () => {
  it("every action the code records has a label in both languages", () => {
    const actions = recordedActions();
    expect(actions).toEqual(expect.arrayContaining(["auth.signin", "indicator.create", "assignment.set", "task.update", "export.plan"]));
    const missing = (labels: Record<string, string>) => actions.filter((a) => !labels[auditActionKey(a)]);
    expect(missing(zh.auditLabels.actions)).toEqual([]);
    expect(missing(en.auditLabels.actions)).toEqual([]);
  });

  it("both languages label the same actions, fields and values", () => {
    for (const k of ["actions", "fields", "values"] as const) expect(Object.keys(zh.auditLabels[k]).sort()).toEqual(Object.keys(en.auditLabels[k]).sort());
  });
});

const words = (labels: typeof zh, locale: string): ValueWords => ({
  locale,
  field: (f) => (labels.auditLabels.fields as Record<string, string>)[f],
  value: (v) => (labels.auditLabels.values as Record<string, string>)[v],
});

describe("audit values as a person writes them", () => {
  const w = words(zh, "zh-CN");
  it("directions, booleans, dates, lists and objects", () => {
    expect(formatAuditValue("higher", w)).toBe("越高越好");
    expect(formatAuditValue("lower", w)).toBe("越低越好");
    expect(formatAuditValue(true, w)).toBe("是");
    expect(formatAuditValue(false, w)).toBe("否");
    expect(formatAuditValue("2026-06-30", w)).toBe("2026年6月30日");
    expect(formatAuditValue("2026-06-30T04:00:00.000Z", w)).toMatch(/2026.*6.*30.*12:00/);
    expect(formatAuditValue(["150100", "150200"], w)).toBe("150100、150200");
    expect(formatAuditValue(null, w)).toBe("—");
    expect(formatAuditValue({ direction: "lower", imported: true }, w)).toBe("方向：越低越好；来自导入：是");
    expect(formatAuditValue("higher", words(en, "en"))).toBe("higher is better");
    expect(formatAuditValue(false, words(en, "en"))).toBe("no");
  });

  it("a change lists only the fields that differ, plus what was added or removed", () => {
    expect(auditChanges({ title: "a", dueDate: "2026-06-30", x: 1 }, { title: "b", dueDate: "2026-06-30", y: 2 })).toEqual([
      { field: "title", kind: "changed", before: "a", after: "b" },
      { field: "x", kind: "removed", before: 1 },
      { field: "y", kind: "added", after: 2 },
    ]);
    expect(auditChanges(null, { direction: "higher" })).toEqual([{ field: "direction", kind: "added", after: "higher" }]);
  });
});
