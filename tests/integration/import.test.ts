import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getPlanEditor } from "@/lib/data/plan-editor";
import { exportPlanWorkbook, importPlanSheet, previewPlanImport } from "@/lib/data/plan-excel";
import { createPlan } from "@/lib/data/plans";
import { sheetColumns, type ColumnKey } from "@/lib/domain/plan-sheet";
import { actAs, query, seed } from "../support/fixtures";

const BODY = "内蒙古自治区生态环境厅";
let seq = 0;
const newPlan = async (year = 2030) => (await createPlan({ year, title: `导入计划${++seq}`, issuingBody: BODY, cadence: "monthly", dueDay: 25, graceDays: 5, greenMaxBehind: 10, yellowMaxBehind: 25 })).id;

type Row = Partial<Record<ColumnKey, string | number | Date>>;

/** A task breakdown workbook as a person would fill it in. */
async function workbook(rows: Row[], header: readonly string[] = sheetColumns.map((c) => c.header)): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("任务分解");
  ws.addRow([...header]);
  for (const r of rows) ws.addRow(sheetColumns.map((c) => r[c.key] ?? null));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function counts(planId: number) {
  const [row] = await query<{ tasks: number; indicators: number; assignments: number; audit: number }>(sql`
    select (select count(*)::int from tasks where plan_id = ${planId}) as tasks,
           (select count(*)::int from indicators i join tasks t on t.id = i.task_id where t.plan_id = ${planId}) as indicators,
           (select count(*)::int from assignments a join tasks t on t.id = a.task_id where t.plan_id = ${planId}) as assignments,
           (select count(*)::int from audit_log) as audit`);
  return row!;
}

const valid: Row[] = [
  { number: "1", task: "在深入打好污染防治攻坚战上有作为", leadOffice: "综合处", startDate: "2030-02-01", dueDate: "2030-12-31" },
  { number: "1.1", measure: "深入打好蓝天保卫战", leadOffice: "大气处", regions: "全区", dueDate: "2030-11-30", indicator: "优良天数比例", unit: "%", direction: "越高越好", baseline: 90.1, target: 92, regionTargets: "包头市:91; 150300:89" },
  { indicator: "PM2.5平均浓度", unit: "µg/m³", direction: "越低越好", baseline: "28", target: "27" },
  { number: "1.2", measure: "深入打好碧水保卫战", leadOffice: "水处", regions: "呼和浩特市，150200、Wuhai", startDate: new Date(Date.UTC(2030, 2, 1)), dueDate: "2030/9/30", regionDueDates: "乌海市:2030-06-30" },
  { number: "2", task: "在推动绿色低碳发展上有作为" },
  { number: "2.1", measure: "推进减污降碳协同增效", regions: "鄂尔多斯市", weight: 2 },
];

beforeAll(async () => {
  await seed();
});

describe("importing a task breakdown sheet", () => {
  it("previews a valid sheet without writing, then writes all of it in one transaction", async () => {
    await actAs("staff");
    const plan = await newPlan();
    const bytes = await workbook(valid);
    const before = await counts(plan);
    const preview = await previewPlanImport(plan, bytes);
    expect(preview).toMatchObject({ valid: true, rowCount: 5, errors: [] });
    expect(preview.tasks.map((t) => [t.number, t.regions, t.indicators])).toEqual([["1", 0, 0], ["1.1", 12, 2], ["1.2", 3, 0], ["2", 0, 0], ["2.1", 1, 0]]);
    expect(await counts(plan)).toEqual(before);

    const result = await importPlanSheet(plan, bytes);
    expect(result).toMatchObject({ written: true, created: { tasks: 5, indicators: 2, assignments: 16 } });
    const editor = await getPlanEditor(plan);
    expect(editor.tasks.map((t) => [t.number, t.title, t.startDate, t.dueDate])).toEqual([
      ["1", "在深入打好污染防治攻坚战上有作为", "2030-02-01", "2030-12-31"],
      ["1.1", "深入打好蓝天保卫战", "2030-02-01", "2030-11-30"],
      ["1.2", "深入打好碧水保卫战", "2030-03-01", "2030-09-30"],
      ["2", "在推动绿色低碳发展上有作为", "2030-01-01", "2030-12-31"],
      ["2.1", "推进减污降碳协同增效", "2030-01-01", "2030-12-31"],
    ]);
    const blueSky = editor.tasks[1]!;
    expect(blueSky.indicators.map((i) => [i.name, i.direction, i.baseline, i.target, i.regionTargets.map((r) => `${r.regionCode}:${r.target}`)])).toEqual([
      ["优良天数比例", "higher", 90.1, 92, ["150200:91", "150300:89"]],
      ["PM2.5平均浓度", "lower", 28, 27, []],
    ]);
    const water = editor.assignments.filter((a) => a.taskId === editor.tasks[2]!.id).map((a) => `${a.regionCode}:${a.dueDate}`).sort();
    expect(water).toEqual(["150100:2030-09-30", "150200:2030-09-30", "150300:2030-06-30"]);
    const audit = await query<{ action: string }>(sql`select action from audit_log where entity_type = 'plan' and entity_id = ${String(plan)} order by id`);
    expect(audit.map((a) => a.action)).toEqual(["plan.create", "plan.import"]);
    // Importing the same sheet again finds every row already there: nothing is written or duplicated.
    const again = await importPlanSheet(plan, bytes);
    expect(again).toMatchObject({ valid: true, written: false, errors: [], counts: { added: 0, changed: 0, unchanged: 5 }, updated: 0 });
    expect((await counts(plan)).tasks).toBe(5);
  });

  it("adds measures under tasks already in the plan", async () => {
    await actAs("staff");
    const plan = await newPlan();
    await importPlanSheet(plan, await workbook(valid));
    const res = await importPlanSheet(plan, await workbook([{ number: "2.2", measure: "新增举措", regions: "兴安盟" }, { number: "3", task: "新任务" }]));
    expect(res).toMatchObject({ written: true, created: { tasks: 2 } });
    const editor = await getPlanEditor(plan);
    expect(editor.tasks.map((t) => t.number)).toEqual(["1", "1.1", "1.2", "2", "2.1", "2.2", "3"]);
  });

  const bad: [string, Row, { column: string; code: string; value?: string }][] = [
    ["an unknown region", { number: "3", task: "x", regions: "北京市" }, { column: "regions", code: "unknownRegion", value: "北京市" }],
    ["a duplicate number", { number: "1.1", measure: "again" }, { column: "number", code: "duplicateNumber", value: "1.1" }],
    ["a bad date", { number: "3", task: "x", dueDate: "2030-13-01" }, { column: "dueDate", code: "badDate", value: "2030-13-01" }],
    ["a start after the due date", { number: "3", task: "x", startDate: "2030-12-01", dueDate: "2030-01-01" }, { column: "dueDate", code: "dateOrder" }],
    ["a missing title", { number: "3", leadOffice: "综合处" }, { column: "task", code: "missingTitle" }],
    ["a missing number", { task: "无编号的任务" }, { column: "number", code: "missingNumber" }],
    ["a target that is not a number", { number: "3", task: "x", indicator: "指标", target: "九十二" }, { column: "target", code: "notANumber", value: "九十二" }],
    ["a baseline that is not a number", { number: "3", task: "x", indicator: "指标", baseline: "n/a" }, { column: "baseline", code: "notANumber" }],
    ["a region target that is not a number", { number: "3", task: "x", indicator: "指标", regionTargets: "包头市:高" }, { column: "regionTargets", code: "notANumber" }],
    ["an unknown direction", { number: "3", task: "x", indicator: "指标", direction: "左" }, { column: "direction", code: "badDirection" }],
    ["a measure without its task", { number: "9.1", measure: "x" }, { column: "number", code: "missingParent", value: "9" }],
    ["a malformed number", { number: "1..2", measure: "x" }, { column: "number", code: "badNumber" }],
    ["regions on a task that has measures", { number: "2", task: "x", regions: "全区" }, { column: "regions", code: "regionsOnParent" }],
    ["a negative weight", { number: "3", task: "x", weight: -2 }, { column: "weight", code: "badWeight" }],
    ["indicator values without an indicator", { number: "3", task: "x", target: 5 }, { column: "indicator", code: "missingIndicator" }],
  ];
  it.each(bad)("a sheet with %s gets that row's message and nothing is written", async (_name, row, expected) => {
    await actAs("staff");
    const plan = await newPlan();
    const rows = row.number === "2" ? [...valid.slice(0, 4), row, valid[5]!] : [...valid, row];
    const before = await counts(plan);
    const preview = await previewPlanImport(plan, await workbook(rows));
    const result = await importPlanSheet(plan, await workbook(rows));
    const rowNumber = rows.indexOf(row) + 2;
    for (const r of [preview, result]) {
      expect(r.valid).toBe(false);
      expect(r.errors).toEqual([{ row: rowNumber, ...expected, ...(expected.value === undefined && r.errors[0]?.value !== undefined ? { value: r.errors[0].value } : {}) }]);
    }
    expect(result.written).toBe(false);
    expect(await counts(plan)).toEqual(before);
  });

  it("reports every bad row at once", async () => {
    await actAs("staff");
    const plan = await newPlan();
    const res = await importPlanSheet(plan, await workbook([...valid, ...bad.filter(([, r]) => r.number !== "2").map(([, r]) => r)]));
    expect(res.written).toBe(false);
    expect(res.errors.length).toBeGreaterThanOrEqual(bad.length - 1);
  });

  it("refuses a file that is not a spreadsheet, an empty file, an empty sheet and a sheet without the header", async () => {
    await actAs("staff");
    const plan = await newPlan();
    const code = async (bytes: Uint8Array) => {
      try {
        await importPlanSheet(plan, bytes);
        return "ok";
      } catch (err) {
        return `${(err as { status?: number }).status} ${Object.values((err as { fields?: Record<string, string> }).fields ?? {})[0]}`;
      }
    };
    expect(await code(new TextEncoder().encode("编号,任务\n1,蓝天"))).toBe("422 notASpreadsheet");
    expect(await code(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toBe("422 notASpreadsheet");
    expect(await code(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]))).toBe("422 notASpreadsheet");
    expect(await code(new Uint8Array())).toBe("422 emptyFile");
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet("Sheet1");
    expect(await code(new Uint8Array(await empty.xlsx.writeBuffer()))).toBe("422 emptySheet");
    expect(await code(await workbook([]))).toBe("422 emptySheet");
    expect(await code(await workbook(valid, ["甲", "乙", "丙"]))).toBe("422 badHeader");
    expect((await counts(plan)).tasks).toBe(0);
  });

  // Its speed is the bench's business; on a busy 2-core machine the two 5,000-row imports take minutes.
  it("imports a 5,000-row sheet in one transaction, and writes none of it when its last row is bad", { timeout: 300_000 }, async () => {
    await actAs("staff");
    const rows: Row[] = [];
    for (let i = 1; i <= 250; i++) {
      rows.push({ number: String(i), task: `重点任务${i}`, leadOffice: "综合处" });
      for (let j = 1; j <= 19; j++) rows.push({ number: `${i}.${j}`, measure: `举措${i}.${j}`, regions: j % 2 ? "全区" : "包头市,乌海市", indicator: j % 5 === 0 ? "指标" : "", target: j % 5 === 0 ? j : "" });
    }
    expect(rows).toHaveLength(5000);
    const bad = await newPlan();
    const broken = await importPlanSheet(bad, await workbook([...rows.slice(0, -1), { ...rows.at(-1)!, regions: "火星" }]));
    expect(broken.written).toBe(false);
    expect(broken.errors).toEqual([{ row: 5001, column: "regions", code: "unknownRegion", value: "火星" }]);
    expect((await counts(bad)).tasks).toBe(0);

    const plan = await newPlan();
    const result = await importPlanSheet(plan, await workbook(rows));
    expect(result).toMatchObject({ written: true, created: { tasks: 5000 } });
    const c = await counts(plan);
    expect(c.tasks).toBe(5000);
    expect(c.assignments).toBe(250 * (10 * 12 + 9 * 2));
    // now() is the transaction's start: one value for every row means one transaction.
    const [tx] = await query<{ n: number }>(sql`select count(distinct created_at)::int as n from tasks where plan_id = ${plan}`);
    expect(tx!.n).toBe(1);
    const [last] = await query<{ number: string; title: string }>(sql`select number, title from tasks where plan_id = ${plan} order by id desc limit 1`);
    expect(last).toEqual({ number: "250.19", title: "举措250.19" });
  });
});

describe("export and import", () => {
  it("export → import into an empty plan gives the same plan back", async () => {
    await actAs("staff");
    const [source] = await query<{ id: number }>(sql`select id from plans where year = 2025 order by id limit 1`);
    const { bytes, fileName } = await exportPlanWorkbook(source!.id);
    expect(fileName).toMatch(/^2025-.*\.xlsx$/);
    const plan = await newPlan(2025);
    const result = await importPlanSheet(plan, bytes);
    expect(result.errors).toEqual([]);
    const shape = async (id: number) => {
      const e = await getPlanEditor(id);
      return e.tasks.map((t) => ({
        number: t.number,
        depth: t.depth,
        title: t.title,
        titleEn: t.titleEn,
        description: t.description,
        leadOffice: t.leadOffice,
        startDate: t.startDate,
        dueDate: t.dueDate,
        weight: t.weight,
        indicators: t.indicators.map(({ id: _i, taskId: _t, ...i }) => i),
        assignments: e.assignments.filter((a) => a.taskId === t.id).map((a) => `${a.regionCode}:${a.startDate}:${a.dueDate}`).sort(),
      }));
    };
    const [before, after] = [await shape(source!.id), await shape(plan)];
    expect(before.length).toBeGreaterThan(20);
    expect(before.some((t) => t.indicators.some((i) => i.regionTargets.length > 0))).toBe(true);
    expect(after).toEqual(before);
    // And the copy exports to the same rows.
    const again = await exportPlanWorkbook(plan);
    const rowsOf = async (b: Uint8Array) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(b) as unknown as ExcelJS.Buffer);
      return wb.worksheets[0]!.getSheetValues();
    };
    expect(await rowsOf(again.bytes)).toEqual(await rowsOf(bytes));
  });

  it("the template imports nothing but says so", async () => {
    await actAs("staff");
    const plan = await newPlan();
    const { planTemplateWorkbook } = await import("@/lib/data/plan-excel");
    await expect(importPlanSheet(plan, await planTemplateWorkbook())).rejects.toMatchObject({ status: 422, fields: { file: "emptySheet" } });
  });
});

describe("export → edit → import into the same plan", () => {
  it("updates the changed measure, adds the new row, previews both first, and a second import changes nothing", async () => {
    await actAs("staff");
    const [demo] = await query<{ id: number }>(sql`select id from plans where is_demo and state = 'published' order by id limit 1`);
    const planId = demo!.id;
    const { bytes } = await exportPlanWorkbook(planId);
    const before = await getPlanEditor(planId);

    // Edit the workbook as a person would: one measure's title, and one new measure at the end of a task without assignments.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet("任务分解")!;
    const col = (key: ColumnKey) => sheetColumns.findIndex((c) => c.key === key) + 1;
    let measureRow: ExcelJS.Row | undefined;
    ws.eachRow((r, i) => {
      if (!measureRow && i > 1 && String(r.getCell(col("number")).value ?? "").includes(".")) measureRow = r;
    });
    const measureNumber = String(measureRow!.getCell(col("number")).value);
    const oldTitle = String(measureRow!.getCell(col("measure")).value);
    measureRow!.getCell(col("measure")).value = `${oldTitle}（修订）`;
    const parentNumber = measureNumber.split(".").slice(0, -1).join(".");
    const siblings = before.tasks.filter((t) => t.number.startsWith(`${parentNumber}.`) && t.number.split(".").length === measureNumber.split(".").length);
    const newNumber = `${parentNumber}.${siblings.length + 1}`;
    const added = ws.addRow(sheetColumns.map((c) => ({ number: newNumber, measure: "新增举措：导入测试", leadOffice: "综合处", regions: "包头市" } as Partial<Record<ColumnKey, string>>)[c.key] ?? null));
    const edited = new Uint8Array(await wb.xlsx.writeBuffer());

    const audit = async () => (await query<{ n: number }>(sql`select count(*)::int as n from audit_log where action in ('task.update', 'task.create', 'plan.import')`))[0]!.n;
    const [tasksBefore, auditBefore] = [(await counts(planId)).tasks, await audit()];
    const preview = await previewPlanImport(planId, edited);
    expect(preview).toMatchObject({ valid: true, errors: [], counts: { added: 1, changed: 1, unchanged: before.tasks.length - 1 } });
    expect(preview.changes).toEqual([
      { row: measureRow!.number, number: measureNumber, title: `${oldTitle}（修订）`, kind: "changed", fields: [{ field: "title", before: oldTitle, after: `${oldTitle}（修订）` }] },
      { row: added.number, number: newNumber, title: "新增举措：导入测试", kind: "added", fields: [] },
    ]);
    // The preview wrote nothing.
    expect((await counts(planId)).tasks).toBe(tasksBefore);
    expect((await getPlanEditor(planId)).tasks.find((t) => t.number === measureNumber)!.title).toBe(oldTitle);

    const result = await importPlanSheet(planId, edited);
    expect(result).toMatchObject({ written: true, updated: 1, created: { tasks: 1, assignments: 1 } });
    const after = await getPlanEditor(planId);
    expect(after.tasks).toHaveLength(before.tasks.length + 1);
    expect(after.tasks.find((t) => t.number === measureNumber)!.title).toBe(`${oldTitle}（修订）`);
    const created = after.tasks.find((t) => t.number === newNumber)!;
    expect(created).toMatchObject({ title: "新增举措：导入测试", leadOffice: "综合处" });
    expect(after.assignments.filter((a) => a.taskId === created.id).map((a) => a.regionCode)).toEqual(["150200"]);
    // Everything else is as it was: same ids, titles and assignments.
    const rest = (e: typeof before) => e.tasks.filter((t) => t.number !== measureNumber && t.number !== newNumber).map((t) => [t.id, t.number, t.title, t.dueDate]);
    expect(rest(after)).toEqual(rest(before));
    expect(after.assignments.length).toBe(before.assignments.length + 1);
    expect(await audit()).toBe(auditBefore + 3);

    // The same file again: everything is already there.
    const again = await previewPlanImport(planId, edited);
    expect(again).toMatchObject({ valid: true, counts: { added: 0, changed: 0, unchanged: before.tasks.length + 1 }, changes: [] });
    const second = await importPlanSheet(planId, edited);
    expect(second).toMatchObject({ written: false, updated: 0, created: { tasks: 0 } });
    expect((await getPlanEditor(planId)).tasks).toHaveLength(before.tasks.length + 1);
    expect(await audit()).toBe(auditBefore + 3);
  });
});
