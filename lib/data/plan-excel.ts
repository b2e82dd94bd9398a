import "server-only";
import ExcelJS from "exceljs";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { lockPlanFigures, refreshAssignmentStatesWhere } from "@/db/derived-state";
import { getDb, type Executor } from "@/db";
import { assignments, plans, regions, tasks } from "@/db/schema";
import { matchHeader, mergeSheet, planToRows, readSheet, sheetColumns, type FieldChange, type SheetError, type SheetMerge, type SheetRow, type SheetTask, type TaskFieldValues } from "@/lib/domain/plan-sheet";
import { MAX_SHEET_BYTES, MAX_SHEET_ROWS } from "@/lib/validation/plan";
import { recordAudit, recordEvent, recordExport } from "./audit";
import { readSheetRows, SheetReadError, type SheetRows } from "@/lib/excel/read-sheet";
import { InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { getPlanEditor } from "./plan-editor";
import { insertTaskTree, lockWritablePlan, recordAuditMany, renumberPlan, type NewTask } from "./plan-store";

/**
 * The task breakdown sheet as an Excel workbook: template, export of a plan, and import with a
 * preview. An import writes nothing unless every row is valid, then everything in one transaction.
 */

const SHEET_NAME = "任务分解";
const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export type ImportPreview = {
  /** True when the sheet can be imported as it is. */
  valid: boolean;
  rowCount: number;
  errors: SheetError[];
  tasks: { row: number; number: string; title: string; regions: number; indicators: number; dueDate: string }[];
  /**
   * What applying the sheet does to the plan: rows whose number is in the plan update that task
   * (title, dates, lead office, weight, description), the others are added; nothing is duplicated.
   */
  counts: { added: number; changed: number; unchanged: number };
  changes: { row: number; number: string; title: string; kind: "added" | "changed"; fields: FieldChange[] }[];
};

export type ImportResult = ImportPreview & { written: boolean; created: { tasks: number; indicators: number; assignments: number }; updated: number };

/** The empty template: the header row, and a second sheet explaining the columns. */
export async function planTemplateWorkbook(): Promise<Uint8Array> {
  const viewer = await requireViewer("plan.write");
  await recordEvent({ actorId: viewer.id, action: "export.planTemplate", entityType: "export", entityId: "template" });
  const wb = newWorkbook();
  const ws = dataSheet(wb);
  ws.addRow([]);
  addHelpSheet(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A plan in the import format: its file name and bytes. */
export async function exportPlanWorkbook(planId: number): Promise<{ fileName: string; bytes: Uint8Array }> {
  await requireViewer("plan.write");
  const editor = await getPlanEditor(planId);
  const assignmentsOf = new Map<number, { regionCode: string; dueDate: string }[]>();
  for (const a of editor.assignments) {
    const list = assignmentsOf.get(a.taskId) ?? [];
    list.push({ regionCode: a.regionCode, dueDate: a.dueDate });
    assignmentsOf.set(a.taskId, list);
  }
  const order = new Map(editor.regions.map((r, i) => [r.code, i]));
  const rows = planToRows({
    regions: editor.regions,
    allRegionCodes: editor.regions.map((r) => r.code),
    tasks: editor.tasks.map((t) => ({
      ...t,
      indicators: t.indicators,
      assignments: (assignmentsOf.get(t.id) ?? []).sort((a, b) => (order.get(a.regionCode) ?? 999) - (order.get(b.regionCode) ?? 999) || a.regionCode.localeCompare(b.regionCode)),
    })),
  });
  const wb = newWorkbook();
  const ws = dataSheet(wb);
  for (const r of rows) ws.addRow(r);
  addHelpSheet(wb);
  await recordExport("plan", planId, { year: editor.plan.year, title: editor.plan.title });
  return { fileName: `${editor.plan.year}-${editor.plan.title}.xlsx`, bytes: new Uint8Array(await wb.xlsx.writeBuffer()) };
}

/** Checks a sheet against a plan without writing anything. */
export async function previewPlanImport(planId: number, bytes: Uint8Array): Promise<ImportPreview> {
  await requireViewer("plan.write");
  const sheet = await readWorkbook(bytes);
  const db = await getDb();
  const ctx = await importContext(db, planId);
  const read = readSheet(sheet, ctx);
  return preview(read, mergeSheet(read.tasks, ctx.fields));
}

/** Imports a sheet into a plan: all rows or, when any row is bad, none (the errors come back). */
export async function importPlanSheet(planId: number, bytes: Uint8Array): Promise<ImportResult> {
  const viewer = await requireViewer("plan.write");
  const sheet = await readWorkbook(bytes);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockWritablePlan(tx, planId);
    // The plan's counters in one round before its states are refreshed task by task (db/derived-state lockPlanFigures).
    await lockPlanFigures(tx, planId);
    const ctx = await importContext(tx, planId);
    const read = readSheet(sheet, ctx);
    const merged = mergeSheet(read.tasks, ctx.fields);
    const result = preview(read, merged);
    const nothing = { tasks: 0, indicators: 0, assignments: 0 };
    if (!result.valid) return { ...result, written: false, created: nothing, updated: 0 };
    if (merged.added.length === 0 && merged.changed.length === 0) return { ...result, written: false, created: nothing, updated: 0 };
    // Changed tasks: their own fields; assignments that kept the task's dates follow them (as in the editor).
    const updates = [];
    for (const { task, changes } of merged.changed) {
      const id = ctx.existingIds.get(task.number)!;
      const before = ctx.fields.get(task.number)!;
      const data = { title: task.title, titleEn: task.titleEn, description: task.description, leadOffice: task.leadOffice, startDate: task.startDate, dueDate: task.dueDate, weight: task.weight };
      await tx.update(tasks).set({ ...data, updatedAt: new Date() }).where(eq(tasks.id, id));
      if (before.startDate !== data.startDate || before.dueDate !== data.dueDate) {
        const start = sql`case when ${assignments.startDate} = ${before.startDate} then ${data.startDate}::date else ${assignments.startDate} end`;
        const due = sql`case when ${assignments.dueDate} = ${before.dueDate} then ${data.dueDate}::date else ${assignments.dueDate} end`;
        await tx
          .update(assignments)
          .set({ startDate: sql`${start}`, dueDate: sql`${due}`, updatedAt: new Date() })
          .where(and(eq(assignments.taskId, id), sql`(${assignments.startDate} = ${before.startDate} or ${assignments.dueDate} = ${before.dueDate})`, sql`${start} <= ${due}`));
        await refreshAssignmentStatesWhere(tx, eq(assignments.taskId, id));
      }
      updates.push({
        actorId: viewer.id,
        action: "task.update",
        entityType: "task",
        entityId: id,
        before: Object.fromEntries(changes.map((c) => [c.field, c.before])),
        after: { ...Object.fromEntries(changes.map((c) => [c.field, c.after])), imported: true },
      });
    }
    const nodes: NewTask[] = merged.added.map((t) => toNewTask(t));
    const inserted = nodes.length ? await insertTaskTree(tx, planId, nodes, ctx.existingIds) : { tasks: [], indicators: 0, assignments: 0 };
    const numbers = await renumberPlan(tx, planId);
    await recordAudit(tx, { actorId: viewer.id, action: "plan.import", entityType: "plan", entityId: planId, after: { rows: sheet.length, tasks: inserted.tasks.length, indicators: inserted.indicators, assignments: inserted.assignments, updated: merged.changed.length } });
    const byNumber = new Map(read.tasks.map((t) => [t.number, t]));
    await recordAuditMany(tx, [
      ...updates,
      ...inserted.tasks.map((t) => {
        const src = byNumber.get(t.number)!;
        return { actorId: viewer.id, action: "task.create", entityType: "task", entityId: t.id, after: { number: numbers.get(t.id), title: t.title, leadOffice: src.leadOffice, startDate: src.startDate, dueDate: src.dueDate, regions: src.regions, indicators: src.indicators.map((i) => i.name), imported: true } };
      }),
    ]);
    return { ...result, written: true, created: { tasks: inserted.tasks.length, indicators: inserted.indicators, assignments: inserted.assignments }, updated: merged.changed.length };
  });
}

function toNewTask(t: SheetTask): NewTask {
  const last = t.number.split(".").at(-1)!;
  return {
    number: t.number,
    parentNumber: t.parentNumber,
    sortOrder: Number(last),
    title: t.title,
    titleEn: t.titleEn,
    description: t.description,
    leadOffice: t.leadOffice,
    startDate: t.startDate,
    dueDate: t.dueDate,
    weight: t.weight,
    indicators: t.indicators.map((i) => ({ ...i, regionTargets: Object.entries(i.regionTargets).map(([regionCode, target]) => ({ regionCode, baseline: null, target })) })),
    assignments: t.regions.map((regionCode) => ({ regionCode, startDate: t.startDate, dueDate: t.regionDueDates[regionCode] ?? t.dueDate, contactName: null, contactPhone: null })),
  };
}

function preview(read: ReturnType<typeof readSheet>, merged: SheetMerge): ImportPreview {
  const ok = read.errors.length === 0;
  const changes: ImportPreview["changes"] = ok
    ? [
        ...merged.changed.map(({ task, changes }) => ({ row: task.row, number: task.number, title: task.title, kind: "changed" as const, fields: changes })),
        ...merged.added.map((t) => ({ row: t.row, number: t.number, title: t.title, kind: "added" as const, fields: [] })),
      ].sort((a, b) => a.row - b.row).slice(0, 1000)
    : [];
  return {
    counts: { added: merged.added.length, changed: merged.changed.length, unchanged: merged.unchanged.length },
    changes,
    valid: read.errors.length === 0 && read.tasks.length > 0,
    rowCount: read.tasks.length,
    errors: read.tasks.length === 0 && read.errors.length === 0 ? [{ row: 0, column: "sheet", code: "badHeader" }] : read.errors,
    tasks: read.tasks.slice(0, 1000).map((t) => ({ row: t.row, number: t.number, title: t.title, regions: t.regions.length, indicators: t.indicators.length, dueDate: t.dueDate })),
  };
}

/** What the sheet is checked against: the plan's year, the regions, and the tasks already there. */
async function importContext(db: Executor, planId: number) {
  const [plan] = await db.select({ year: plans.year }).from(plans).where(eq(plans.id, planId));
  if (!plan) throw new NotFoundError(`plan ${planId}`);
  const regionRows = await db
    .select({ code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn, level: regions.level })
    .from(regions)
    .where(eq(regions.active, true))
    .orderBy(asc(regions.sortOrder), asc(regions.code));
  const existingRows = await db
    .select({ id: tasks.id, number: tasks.number, title: tasks.title, titleEn: tasks.titleEn, description: tasks.description, leadOffice: tasks.leadOffice, startDate: tasks.startDate, dueDate: tasks.dueDate, weight: tasks.weight })
    .from(tasks)
    .where(and(eq(tasks.planId, planId), isNull(tasks.archivedAt)));
  const assigned = new Set<number>();
  if (existingRows.length) {
    for (const r of await db.selectDistinct({ taskId: assignments.taskId }).from(assignments).where(inArray(assignments.taskId, existingRows.map((t) => t.id)))) assigned.add(r.taskId);
  }
  return {
    year: plan.year,
    regions: regionRows.filter((r) => r.level !== "province"),
    allRegionCodes: regionRows.filter((r) => r.level === "league_city").map((r) => r.code),
    existing: new Map(existingRows.map((t) => [t.number, { startDate: t.startDate, dueDate: t.dueDate, hasAssignments: assigned.has(t.id) }])),
    existingIds: new Map(existingRows.map((t) => [t.number, t.id])),
    fields: new Map<string, TaskFieldValues>(existingRows.map(({ id: _id, number, ...f }) => [number, f])),
  };
}

/**
 * The data sheet's rows (任务分解, else the first sheet) keyed by column; refuses what is not an
 * .xlsx workbook, has no rows, or is too large once unpacked. Read in a worker thread with a memory
 * limit (lib/excel/read-sheet.ts): a decompression bomb is refused without stalling anyone.
 */
async function readWorkbook(bytes: Uint8Array): Promise<SheetRow[]> {
  if (bytes.byteLength === 0) throw new InvalidInputError({ file: "emptyFile" });
  if (bytes.byteLength > MAX_SHEET_BYTES) throw new InvalidInputError({ file: "fileTooLarge" });
  if (!XLSX_MAGIC.every((b, i) => bytes[i] === b)) throw new InvalidInputError({ file: "notASpreadsheet" });
  let sheet: SheetRows;
  try {
    sheet = await readSheetRows(bytes, { sheetName: SHEET_NAME, maxRows: MAX_SHEET_ROWS + 1 });
  } catch (err) {
    if (err instanceof SheetReadError) throw new InvalidInputError({ file: err.code });
    throw err;
  }
  const [first, ...rest] = sheet.rows;
  if (!first) throw new InvalidInputError({ file: "emptySheet" });
  const header = first.row === 1 ? matchHeader(first.values) : null;
  if (!header) throw new InvalidInputError({ file: "badHeader" });
  const out: SheetRow[] = rest.map(({ row, values }) => {
    const cells: SheetRow["cells"] = {};
    for (const [index, key] of header) cells[key] = values[index] ?? null;
    return { row, cells };
  });
  if (out.every((r) => Object.values(r.cells).every((c) => c === null || c === undefined || c === ""))) throw new InvalidInputError({ file: "emptySheet" });
  return out;
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "annual key task tracker";
  wb.created = new Date(0);
  return wb;
}

function dataSheet(wb: ExcelJS.Workbook): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  // Text columns, so that "1.10" and dates stay as typed.
  ws.columns = sheetColumns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: ["baseline", "target", "weight"].includes(c.key) ? {} : { numFmt: "@" } }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

function addHelpSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet("填写说明");
  ws.columns = [{ header: "列", width: 14 }, { header: "说明", width: 90 }];
  const help: Record<string, string> = {
    number: "大纲编号：1、2 为重点任务，1.1、1.2 为其具体举措，可多级（如 1.1.1）。上级编号须在前面出现。同一编号只能出现一次。",
    task: "重点任务名称（一级编号的行填写）。",
    measure: "具体举措名称（多级编号的行填写）。",
    leadOffice: "牵头处室。",
    regions: "责任地区：盟市代码或名称，多个用逗号或顿号分隔；填“全区”表示全部12个盟市。只能填在最末级举措上。",
    startDate: "开始日期，如 2026-01-01；不填则沿用上级或全年。",
    dueDate: "完成时限，如 2026-06-30；不填则沿用上级或年底。",
    indicator: "量化指标名称；一项举措有多个指标时，在下一行只填指标各列（编号留空）。",
    unit: "指标单位，如 %、µg/m³。",
    direction: "越高越好 或 越低越好。",
    baseline: "基准值（数字）。",
    target: "全区目标值（数字）。",
    regionTargets: "与全区目标不同的地区目标，如：包头市:91; 乌海市:90",
    regionDueDates: "与完成时限不同的地区时限，如：呼和浩特市:2026-05-31",
    weight: "权重（数字，默认 1）。",
    description: "说明。",
    titleEn: "英文标题（可选）。",
    indicatorEn: "指标英文名（可选）。",
  };
  for (const c of sheetColumns) ws.addRow([c.header, help[c.key] ?? ""]);
  ws.getRow(1).font = { bold: true };
}

/** The plan an import page is for: staff and admin only. */
export async function getImportTarget(planId: number): Promise<{ id: number; year: number; title: string; state: "draft" | "published" | "closed" }> {
  await requireViewer("plan.write");
  const db = await getDb();
  const [plan] = await db.select({ id: plans.id, year: plans.year, title: plans.title, state: plans.state }).from(plans).where(eq(plans.id, planId));
  if (!plan) throw new NotFoundError(`plan ${planId}`);
  return plan;
}
