import ExcelJS from "exceljs";
import type { Dashboard } from "@/lib/data/dashboard";
import type { Light } from "@/lib/domain/progress";

/** Texts of the workbook, under the "exports" messages namespace; `{name}` placeholders are filled here. */
export const workbookLabelKeys = [
  "workbook.title",
  "workbook.fileName",
  "workbook.sheetByRegion",
  "workbook.sheetByTask",
  "workbook.sheetMatrix",
  "workbook.sheetBehind",
  "workbook.matrixCorner",
  "workbook.behindTruncated",
  "filters",
  "filtersNone",
  "filterPlan",
  "filterTask",
  "filterRegion",
  "asOf",
  "total",
  "yes",
  "no",
  "lightGreen",
  "lightYellow",
  "lightRed",
  "col.rank",
  "col.change",
  "col.region",
  "col.number",
  "col.task",
  "col.measure",
  "col.assigned",
  "col.completed",
  "col.completionRate",
  "col.meanProgress",
  "col.green",
  "col.yellow",
  "col.red",
  "col.dueDate",
  "col.progress",
  "col.expected",
  "col.behind",
  "col.overdue",
  "col.light",
] as const;

export type WorkbookLabels = Record<(typeof workbookLabelKeys)[number], string>;

/** Fills `{name}` placeholders of a message. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The download's file name (without extension). */
export function workbookFileName(d: Dashboard, labels: WorkbookLabels): string {
  return fill(labels["workbook.fileName"], { year: d.filter.year });
}

// Excel's own "good / neutral / bad" colours: readable in print and on screen.
const LIGHT_STYLE: Record<Light, { fill: string; font: string }> = {
  green: { fill: "FFC6EFCE", font: "FF006100" },
  yellow: { fill: "FFFFEB9C", font: "FF9C5700" },
  red: { fill: "FFFFC7CE", font: "FF9C0006" },
};

const PERCENT = "0.0%";
const ONE_DECIMAL = "0.0";
// Positive: moved up; negative: moved down (shown without the sign); zero: unchanged.
const RANK_CHANGE = '"↑"0;"↓"0;"–"';

type Column = { header: string; width: number; numFmt?: string; align?: "left" | "center" | "right" };

/**
 * The leaders' dashboard as an Excel workbook: by region (ranked), by key task, the light matrix
 * and the list of what is overdue or behind. Each sheet opens with a title row naming the year,
 * the filters and the date of the data.
 */
export async function buildDashboardWorkbook(d: Dashboard, labels: WorkbookLabels, locale: string): Promise<Buffer> {
  const en = locale === "en";
  const name = (zh: string, english: string | null | undefined) => (en && english ? english : zh);
  const title = [
    fill(labels["workbook.title"], { year: d.filter.year }),
    fill(labels.filters, { filters: describeFilter(d, labels, en) }),
    fill(labels.asOf, { date: d.asOf }),
  ].join(en ? "  |  " : "　　");

  const wb = new ExcelJS.Workbook();
  wb.creator = "task-tracker";
  wb.created = new Date(`${d.asOf}T00:00:00Z`);

  // 按地区
  {
    const ws = sheet(wb, labels["workbook.sheetByRegion"], title, [
      { header: labels["col.rank"], width: 7, align: "center" },
      { header: labels["col.change"], width: 9, numFmt: RANK_CHANGE, align: "center" },
      { header: labels["col.region"], width: en ? 18 : 14, align: "left" },
      { header: labels["col.assigned"], width: 11 },
      { header: labels["col.completed"], width: 11 },
      { header: labels["col.completionRate"], width: 11, numFmt: PERCENT },
      { header: labels["col.meanProgress"], width: 13, numFmt: ONE_DECIMAL },
      { header: labels["col.green"], width: 8 },
      { header: labels["col.yellow"], width: 8 },
      { header: labels["col.red"], width: 8 },
    ]);
    for (const r of d.byRegion) {
      ws.addRow([r.rank, r.previousRank === null ? null : r.previousRank - r.rank, name(r.nameZh, r.nameEn), r.total, r.completed, r.completionRate, r.meanProgress, r.green, r.yellow, r.red]);
    }
    const h = d.headline;
    const total = ws.addRow([null, null, labels.total, h.total, h.completed, h.completionRate, h.meanProgress, h.green, h.yellow, h.red]);
    total.font = { bold: true };
    finish(ws, { filterLastRow: ws.rowCount - 1 });
  }

  // 按任务
  {
    const ws = sheet(wb, labels["workbook.sheetByTask"], title, [
      { header: labels["col.number"], width: 7, align: "center" },
      { header: labels["col.task"], width: 48, align: "left" },
      { header: labels["col.assigned"], width: 11 },
      { header: labels["col.completed"], width: 11 },
      { header: labels["col.completionRate"], width: 11, numFmt: PERCENT },
      { header: labels["col.meanProgress"], width: 13, numFmt: ONE_DECIMAL },
      { header: labels["col.green"], width: 8 },
      { header: labels["col.yellow"], width: 8 },
      { header: labels["col.red"], width: 8 },
    ]);
    for (const t of d.byTask) ws.addRow([t.number, name(t.title, t.titleEn), t.total, t.completed, t.completionRate, t.meanProgress, t.green, t.yellow, t.red]);
    finish(ws);
  }

  // 红黄绿灯: regions down, key tasks across.
  {
    const regionsInOrder = [...d.byRegion].sort((a, b) => a.regionCode.localeCompare(b.regionCode));
    const ws = sheet(wb, labels["workbook.sheetMatrix"], title, [
      { header: labels["workbook.matrixCorner"], width: en ? 18 : 14, align: "left" },
      ...d.byTask.map((t): Column => ({ header: `${t.number} ${name(t.title, t.titleEn)}`, width: 14, align: "center" })),
    ]);
    ws.getRow(2).height = 90;
    const cells = new Map(d.matrix.map((c) => [`${c.regionCode}|${c.taskId}`, c]));
    const lightText: Record<Light, string> = { green: labels.lightGreen, yellow: labels.lightYellow, red: labels.lightRed };
    for (const r of regionsInOrder) {
      const row = ws.addRow([name(r.nameZh, r.nameEn), ...d.byTask.map((t) => {
        const c = cells.get(`${r.regionCode}|${t.taskId}`);
        return c ? lightText[c.light] : null;
      })]);
      d.byTask.forEach((t, i) => {
        const c = cells.get(`${r.regionCode}|${t.taskId}`);
        if (!c) return;
        const cell = row.getCell(i + 2);
        const style = LIGHT_STYLE[c.light];
        cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: style.fill } };
        cell.font = { color: { argb: style.font }, bold: c.light !== "green" };
        cell.note = `${labels["col.completed"]} ${c.completed}/${c.total}`;
      });
    }
    finish(ws, { xSplit: 1, autoFilter: false });
  }

  // 逾期滞后
  {
    const ws = sheet(wb, labels["workbook.sheetBehind"], title, [
      { header: labels["col.region"], width: en ? 18 : 14, align: "left" },
      { header: labels["col.measure"], width: 52, align: "left" },
      { header: labels["col.dueDate"], width: 12, numFmt: "yyyy-mm-dd", align: "center" },
      { header: labels["col.progress"], width: 11, numFmt: ONE_DECIMAL },
      { header: labels["col.expected"], width: 11, numFmt: ONE_DECIMAL },
      { header: labels["col.behind"], width: 12, numFmt: ONE_DECIMAL },
      { header: labels["col.overdue"], width: 10, align: "center" },
      { header: labels["col.light"], width: 8, align: "center" },
    ]);
    const lightText: Record<Light, string> = { green: labels.lightGreen, yellow: labels.lightYellow, red: labels.lightRed };
    for (const b of d.behind) {
      const row = ws.addRow([
        name(b.regionName, b.regionNameEn),
        `${b.taskNumber} ${b.taskTitle}`,
        new Date(`${b.dueDate}T00:00:00Z`),
        b.progress,
        b.expected,
        b.behind,
        b.overdue ? labels.yes : labels.no,
        lightText[b.light],
      ]);
      const style = LIGHT_STYLE[b.light];
      const cell = row.getCell(8);
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: style.fill } };
      cell.font = { color: { argb: style.font } };
    }
    finish(ws);
    // The dashboard carries the worst 100; say so when there are more.
    if (d.behindCount > d.behind.length) {
      const note = ws.addRow([fill(labels["workbook.behindTruncated"], { shown: d.behind.length, count: d.behindCount })]);
      ws.mergeCells(note.number, 1, note.number, 8);
      note.getCell(1).font = { italic: true, color: { argb: "FF595959" } };
    }
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** "计划：…；重点任务：…；地区：…", or the words for no filter. */
function describeFilter(d: Dashboard, labels: WorkbookLabels, en: boolean): string {
  const parts: string[] = [];
  const sep = en ? ": " : "：";
  const plan = d.filter.planId ? d.plans.find((p) => p.id === d.filter.planId) : undefined;
  if (d.filter.planId) parts.push(`${labels.filterPlan}${sep}${plan ? (en && plan.titleEn ? plan.titleEn : plan.title) : d.filter.planId}`);
  const task = d.filter.taskId ? d.byTask.find((t) => t.taskId === d.filter.taskId) : undefined;
  if (d.filter.taskId) parts.push(`${labels.filterTask}${sep}${task ? `${task.number} ${en && task.titleEn ? task.titleEn : task.title}` : d.filter.taskId}`);
  const region = d.filter.regionCode ? d.byRegion.find((r) => r.regionCode === d.filter.regionCode) : undefined;
  if (d.filter.regionCode) parts.push(`${labels.filterRegion}${sep}${region ? (en ? region.nameEn : region.nameZh) : d.filter.regionCode}`);
  return parts.length ? parts.join(en ? "; " : "；") : labels.filtersNone;
}

const THIN = { style: "thin" as const, color: { argb: "FFBFBFBF" } };

/** A sheet with its title row (1) and header row (2). */
function sheet(wb: ExcelJS.Workbook, sheetName: string, title: string, columns: Column[]): ExcelJS.Worksheet {
  // Excel refuses : \ / ? * [ ] in sheet names and cuts them at 31 characters.
  const ws = wb.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, " ").slice(0, 31));
  ws.columns = columns.map((c) => ({
    width: c.width,
    style: { ...(c.numFmt ? { numFmt: c.numFmt } : {}), alignment: { horizontal: c.align ?? "right", vertical: "middle", wrapText: c.align === "left" } },
  }));
  const titleRow = ws.addRow([title]);
  ws.mergeCells(1, 1, 1, Math.max(columns.length, 1));
  titleRow.height = 36;
  const titleCell = titleRow.getCell(1);
  titleCell.font = { bold: true, size: 13 };
  titleCell.alignment = { horizontal: "left", vertical: "middle", wrapText: true };
  const header = ws.addRow(columns.map((c) => c.header));
  header.height = 32;
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
  });
  return ws;
}

/** Freezes the title and header rows, borders the data, and lets the header filter. */
function finish(ws: ExcelJS.Worksheet, opts: { xSplit?: number; autoFilter?: boolean; filterLastRow?: number } = {}): void {
  ws.views = [{ state: "frozen", xSplit: opts.xSplit ?? 0, ySplit: 2, topLeftCell: opts.xSplit ? "B3" : "A3", activeCell: "A3" }];
  const columns = ws.columnCount;
  if (opts.autoFilter !== false && ws.rowCount > 2) ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: opts.filterLastRow ?? ws.rowCount, column: columns } };
  for (let r = 3; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= columns; c++) row.getCell(c).border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
  }
  ws.pageSetup = { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:2" };
}
