import { describe, expect, it } from "vitest";
import { matchHeader, mergeSheet, parseDateCell, parseNumberCell, planToRows, readSheet, sheetColumns, type Cell, type ColumnKey, type SheetRow } from "./plan-sheet";

const regions = [
  { code: "150100", nameZh: "呼和浩特市", nameEn: "Hohhot" },
  { code: "150200", nameZh: "包头市", nameEn: "Baotou" },
  { code: "150300", nameZh: "乌海市", nameEn: "Wuhai" },
];
const ctx = { year: 2026, regions, allRegionCodes: regions.map((r) => r.code) };
let n = 1;
const row = (cells: Partial<Record<ColumnKey, Cell>>): SheetRow => ({ row: ++n, cells });

describe("reading a sheet", () => {
  it("builds the tree, inherits dates, expands 全区 and reads extra indicator rows", () => {
    const { tasks, errors } = readSheet(
      [
        row({ number: "1", task: "蓝天保卫战", startDate: "2026-02-01", dueDate: "2026年12月31日" }),
        row({ number: "1.1", measure: "治理扬尘", regions: "全区", indicator: "优良天数比例", unit: "%", direction: "越高越好", baseline: 90, target: "92.5", regionTargets: "包头市:91；150300=93" }),
        row({ indicator: "PM2.5浓度", unit: "µg/m³", direction: "≤", target: 30 }),
        row({ number: "1.2", measure: "机动车", regions: "Hohhot、包头市", dueDate: new Date(Date.UTC(2026, 5, 30)), regionDueDates: "呼和浩特市:2026/5/31" }),
        row({}),
      ],
      ctx,
    );
    expect(errors).toEqual([]);
    expect(tasks.map((t) => [t.number, t.parentNumber, t.startDate, t.dueDate])).toEqual([
      ["1", null, "2026-02-01", "2026-12-31"],
      ["1.1", "1", "2026-02-01", "2026-12-31"],
      ["1.2", "1", "2026-02-01", "2026-06-30"],
    ]);
    expect(tasks[1]!.regions).toEqual(["150100", "150200", "150300"]);
    expect(tasks[1]!.indicators).toMatchObject([
      { name: "优良天数比例", target: 92.5, baseline: 90, direction: "higher", regionTargets: { "150200": 91, "150300": 93 } },
      { name: "PM2.5浓度", direction: "lower", target: 30, baseline: null },
    ]);
    expect(tasks[2]!.regionDueDates).toEqual({ "150100": "2026-05-31" });
  });

  it("gives each bad row its error", () => {
    const start = n;
    const { tasks, errors } = readSheet(
      [
        row({ number: "1", task: "任务" }),
        row({ number: "1", task: "重复" }),
        row({ number: "1.1", measure: "" }),
        row({ number: "1.2", measure: "x", regions: "北京市" }),
        row({ number: "1.3", measure: "x", dueDate: "2026-02-30" }),
        row({ number: "1.4", measure: "x", indicator: "i", target: "九十" }),
        row({ number: "2.1", measure: "x" }),
        row({ number: "a.b", measure: "x" }),
        row({ task: "无编号" }),
        row({ number: "1.5", measure: "x", startDate: "2026-05-01", dueDate: "2026-04-01" }),
        row({ number: "1.6", measure: "x", direction: "up" }),
        row({ number: "1.7", measure: "x", indicator: "i", direction: "sideways" }),
        row({ number: "1.8", measure: "x", weight: -1 }),
        row({ number: "3", task: "x", regions: "全区" }),
        row({ number: "3.1", measure: "y" }),
      ],
      ctx,
    );
    const r = (k: number) => start + k;
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [r(2), "number", "duplicateNumber"],
      [r(3), "measure", "missingTitle"],
      [r(4), "regions", "unknownRegion"],
      [r(5), "dueDate", "badDate"],
      [r(6), "target", "notANumber"],
      [r(7), "number", "missingParent"],
      [r(8), "number", "badNumber"],
      [r(9), "number", "missingNumber"],
      [r(10), "dueDate", "dateOrder"],
      [r(11), "indicator", "missingIndicator"],
      [r(12), "direction", "badDirection"],
      [r(13), "weight", "badWeight"],
      [r(14), "regions", "regionsOnParent"],
    ]);
    expect(errors.find((e) => e.code === "unknownRegion")?.value).toBe("北京市");
    expect(tasks.length).toBeGreaterThan(0);
  });

  it("takes numbers already in the plan as those tasks, and refuses new measures under an assigned task", () => {
    const existing = new Map([["1", { startDate: "2026-01-01", dueDate: "2026-12-31", hasAssignments: true }]]);
    const { errors } = readSheet([row({ number: "1", task: "x" }), row({ number: "1.1", measure: "y" })], { ...ctx, existing });
    expect(errors.map((e) => e.code)).toEqual(["parentHasAssignments"]);
    // An assigned task that already has the measure (an exported sheet) is fine.
    const withChild = new Map([...existing, ["1.1", { startDate: "2026-01-01", dueDate: "2026-12-31", hasAssignments: true }]]);
    expect(readSheet([row({ number: "1", task: "x" }), row({ number: "1.1", measure: "y" })], { ...ctx, existing: withChild }).errors).toEqual([]);
    // A number twice in the same sheet still is an error.
    expect(readSheet([row({ number: "2", task: "x" }), row({ number: "2", task: "y" })], ctx).errors.map((e) => e.code)).toEqual(["duplicateNumber"]);
  });

  it("merges a sheet into a plan: rows with a known number update it, the others are added, equal rows change nothing", () => {
    const base = { title: "蓝天", titleEn: "", description: "", leadOffice: "大气处", startDate: "2026-01-01", dueDate: "2026-12-31", weight: 1 };
    const existing = new Map([["1", { ...base, title: "任务" }], ["1.1", base], ["1.2", { ...base, title: "碧水" }]]);
    const { tasks, errors } = readSheet(
      [
        row({ number: "1", task: "任务", leadOffice: "大气处", startDate: "2026-01-01", dueDate: "2026-12-31" }),
        row({ number: "1.1", measure: "蓝天保卫战", leadOffice: "大气处", startDate: "2026-01-01", dueDate: "2026-12-31", weight: "1" }),
        row({ number: "1.3", measure: "净土", leadOffice: "土壤处" }),
      ],
      { ...ctx, existing: new Map([...existing].map(([n, t]) => [n, { startDate: t.startDate, dueDate: t.dueDate, hasAssignments: false }])) },
    );
    expect(errors).toEqual([]);
    const merged = mergeSheet(tasks, existing);
    expect(merged.added.map((t) => t.number)).toEqual(["1.3"]);
    expect(merged.changed.map((c) => [c.task.number, c.changes])).toEqual([["1.1", [{ field: "title", before: "蓝天", after: "蓝天保卫战" }]]]);
    expect(merged.unchanged.map((t) => t.number)).toEqual(["1"]);
  });
});

describe("cells", () => {
  it("read dates in the usual spellings", () => {
    expect(parseDateCell("2026/6/30")).toBe("2026-06-30");
    expect(parseDateCell("2026.06.30")).toBe("2026-06-30");
    expect(parseDateCell(46203)).toBe("2026-06-30");
    expect(parseDateCell("30/06/2026")).toBeNull();
    expect(parseNumberCell("1,234.5")).toBe(1234.5);
    expect(parseNumberCell("12%")).toBe("bad");
    expect(parseNumberCell("")).toBeNull();
  });
  it("match headers in Chinese or English, in any order", () => {
    const m = matchHeader(["目标值", "Number", "具体举措 ", "unknown"]);
    expect(m && Object.fromEntries(m)).toEqual({ 0: "target", 1: "number", 2: "measure" });
    expect(matchHeader(["a", "b"])).toBeNull();
  });
});

it("writes a plan into rows that read back the same", () => {
  const plan = {
    regions,
    allRegionCodes: ctx.allRegionCodes,
    tasks: [
      { number: "1", depth: 1, title: "任务一", titleEn: "Task one", description: "", leadOffice: "大气处", startDate: "2026-01-01", dueDate: "2026-12-31", weight: 1, indicators: [], assignments: [] },
      {
        number: "1.1", depth: 2, title: "举措", titleEn: "", description: "说明", leadOffice: "大气处", startDate: "2026-01-01", dueDate: "2026-06-30", weight: 2,
        indicators: [
          { name: "A", nameEn: "", unit: "%", direction: "higher" as const, baseline: 1, target: 2, regionTargets: [{ regionCode: "150200", target: 3 }] },
          { name: "B", nameEn: "b", unit: "", direction: "lower" as const, baseline: null, target: null, regionTargets: [] },
        ],
        assignments: [{ regionCode: "150100", dueDate: "2026-06-30" }, { regionCode: "150200", dueDate: "2026-05-31" }],
      },
    ],
  };
  const rows = planToRows(plan);
  expect(rows).toHaveLength(3);
  const sheetRows = rows.map((cells, i) => ({ row: i + 2, cells: Object.fromEntries(sheetColumns.map((c, k) => [c.key, cells[k]])) }));
  const { tasks, errors } = readSheet(sheetRows, ctx);
  expect(errors).toEqual([]);
  expect(tasks[1]).toMatchObject({ number: "1.1", weight: 2, description: "说明", regions: ["150100", "150200"], regionDueDates: { "150200": "2026-05-31" } });
  expect(tasks[1]!.indicators.map((i) => [i.name, i.nameEn, i.direction, i.target, i.regionTargets])).toEqual([["A", "", "higher", 2, { "150200": 3 }], ["B", "b", "lower", null, {}]]);
});
