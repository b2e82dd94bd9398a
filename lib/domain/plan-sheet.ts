/**
 * The task breakdown sheet (任务分解表): its columns, reading its rows into tasks with an error per
 * bad cell, and writing a plan back into rows. Pure functions over cell values; the workbook
 * itself is read and written in lib/data.
 */
import { dayNumber, fromDayNumber, isIsoDate } from "./dates";
import { OUTLINE_NUMBER, parentNumber } from "./task-tree";

export type Cell = string | number | boolean | Date | null | undefined;

export const sheetColumns = [
  { key: "number", header: "编号", aliases: ["序号", "number", "no", "no."], width: 10 },
  { key: "task", header: "任务", aliases: ["重点任务", "task"], width: 36 },
  { key: "measure", header: "具体举措", aliases: ["举措", "measure"], width: 40 },
  { key: "leadOffice", header: "牵头处室", aliases: ["lead office", "leadoffice"], width: 14 },
  { key: "regions", header: "责任地区", aliases: ["地区", "regions"], width: 24 },
  { key: "startDate", header: "开始日期", aliases: ["开始时间", "start", "start date"], width: 12 },
  { key: "dueDate", header: "完成时限", aliases: ["截止日期", "due", "due date"], width: 12 },
  { key: "indicator", header: "量化指标", aliases: ["指标", "indicator"], width: 24 },
  { key: "unit", header: "单位", aliases: ["unit"], width: 8 },
  { key: "direction", header: "方向", aliases: ["指标方向", "direction"], width: 10 },
  { key: "baseline", header: "基准值", aliases: ["baseline"], width: 10 },
  { key: "target", header: "目标值", aliases: ["target"], width: 10 },
  { key: "regionTargets", header: "分地区目标", aliases: ["region targets"], width: 30 },
  { key: "regionDueDates", header: "分地区时限", aliases: ["region due dates"], width: 30 },
  { key: "weight", header: "权重", aliases: ["weight"], width: 8 },
  { key: "description", header: "说明", aliases: ["描述", "description"], width: 30 },
  { key: "titleEn", header: "英文标题", aliases: ["title (english)", "title en"], width: 30 },
  { key: "indicatorEn", header: "指标英文名", aliases: ["indicator (english)", "indicator en"], width: 24 },
] as const;

export type ColumnKey = (typeof sheetColumns)[number]["key"];
export type SheetRow = { row: number; cells: Partial<Record<ColumnKey, Cell>> };

export type SheetError = { row: number; column: ColumnKey | "sheet"; code: SheetErrorCode; value?: string };
export type SheetErrorCode =
  | "badHeader"
  | "missingNumber"
  | "badNumber"
  | "duplicateNumber"
  | "missingParent"
  | "missingTitle"
  | "unknownRegion"
  | "badDate"
  | "dateOrder"
  | "badWeight"
  | "missingIndicator"
  | "badDirection"
  | "notANumber"
  | "indicatorWithoutTask"
  | "regionsOnParent"
  | "parentHasAssignments"
  | "regionNotAssigned"
  | "tooLong";

export type SheetIndicator = {
  row: number;
  name: string;
  nameEn: string;
  unit: string;
  direction: "higher" | "lower";
  baseline: number | null;
  target: number | null;
  regionTargets: Record<string, number>;
};

export type SheetTask = {
  row: number;
  number: string;
  parentNumber: string | null;
  title: string;
  titleEn: string;
  description: string;
  leadOffice: string;
  startDate: string;
  dueDate: string;
  weight: number;
  regions: string[];
  regionDueDates: Record<string, string>;
  indicators: SheetIndicator[];
};

export type SheetRegion = { code: string; nameZh: string; nameEn: string };

export type SheetContext = {
  year: number;
  /** Regions a cell may name. */
  regions: readonly SheetRegion[];
  /** What 全区 stands for: the league-cities. */
  allRegionCodes: readonly string[];
  /**
   * Tasks already in the plan, by number: a row with such a number stands for that task (an
   * export edited and imported again updates it); a new number under an assigned task is refused.
   */
  existing?: ReadonlyMap<string, { startDate: string; dueDate: string; hasAssignments: boolean }>;
};

/** Maps a header row to column keys; null when the row names neither the number nor a title column. */
export function matchHeader(header: readonly Cell[]): Map<number, ColumnKey> | null {
  const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase().replace(/[（(].*[)）]$/, "").trim();
  const byName = new Map<string, ColumnKey>();
  for (const c of sheetColumns) for (const name of [c.header, c.key, ...c.aliases]) byName.set(norm(name), c.key);
  const out = new Map<number, ColumnKey>();
  header.forEach((cell, i) => {
    const key = byName.get(norm(text(cell)));
    if (key && ![...out.values()].includes(key)) out.set(i, key);
  });
  const keys = new Set(out.values());
  return keys.has("number") && (keys.has("task") || keys.has("measure")) ? out : null;
}

/** A cell as trimmed text; dates as ISO dates. */
export function text(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH = dayNumber("1899-12-30");

/** A date cell: a Date, an Excel serial number, or text like 2025-06-30, 2025/6/30, 2025.6.30, 2025年6月30日. */
export function parseDateCell(cell: Cell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  if (typeof cell === "number") {
    if (!Number.isInteger(cell) || cell < 1 || cell > 2958465) return null;
    return fromDayNumber(EXCEL_EPOCH + cell);
  }
  const s = text(cell);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/** A number cell: a number, or text of one (thousands separators allowed). */
export function parseNumberCell(cell: Cell): number | null | "bad" {
  if (cell === null || cell === undefined || cell === "") return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : "bad";
  const s = text(cell).replace(/,/g, "");
  if (s === "") return null;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return "bad";
  return Number(s);
}

const directionWords: Record<string, "higher" | "lower"> = {
  越高越好: "higher", 越大越好: "higher", 高: "higher", 不低于: "higher", "≥": "higher", ">=": "higher", higher: "higher", up: "higher",
  越低越好: "lower", 越小越好: "lower", 低: "lower", 不高于: "lower", "≤": "lower", "<=": "lower", lower: "lower", down: "lower",
};

export const directionLabel = { higher: "越高越好", lower: "越低越好" } as const;

const ALL_REGIONS = new Set(["全区", "全部", "all"]);
const LIST_SEPARATORS = /[,，、;；\n]+/;

function regionFinder(regions: readonly SheetRegion[]): (token: string) => string | null {
  const map = new Map<string, string>();
  for (const r of regions) {
    map.set(r.code, r.code);
    map.set(r.nameZh, r.code);
    map.set(r.nameEn.toLowerCase(), r.code);
  }
  return (token) => map.get(token) ?? map.get(token.toLowerCase()) ?? null;
}

const MAX_TEXT = 2000;

/** Reads the sheet's rows into a task list; any error means nothing should be written. */
export function readSheet(rows: readonly SheetRow[], ctx: SheetContext): { tasks: SheetTask[]; errors: SheetError[] } {
  const errors: SheetError[] = [];
  const tasks: SheetTask[] = [];
  const byNumber = new Map<string, SheetTask>();
  const findRegion = regionFinder(ctx.regions);
  const fail = (row: number, column: SheetError["column"], code: SheetErrorCode, value?: string) => errors.push(value === undefined ? { row, column, code } : { row, column, code, value });

  const regionList = (row: number, column: ColumnKey, cell: Cell): string[] => {
    const out: string[] = [];
    for (const raw of text(cell).split(LIST_SEPARATORS)) {
      const token = raw.trim();
      if (!token) continue;
      if (ALL_REGIONS.has(token.toLowerCase())) out.push(...ctx.allRegionCodes);
      else {
        const code = findRegion(token);
        if (code) out.push(code);
        else fail(row, column, "unknownRegion", token);
      }
    }
    return [...new Set(out)];
  };

  /** "呼和浩特市:95; 150200:90" → { "150100": 95, "150200": 90 }. */
  const regionPairs = <T>(row: number, column: ColumnKey, cell: Cell, parse: (v: string) => T | null, badCode: SheetErrorCode): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const raw of text(cell).split(/[;；\n]+/)) {
      const entry = raw.trim();
      if (!entry) continue;
      const m = /^(.+?)\s*[:：=]\s*(.+)$/.exec(entry);
      if (!m) {
        fail(row, column, badCode, entry);
        continue;
      }
      const code = findRegion(m[1]!.trim());
      const value = parse(m[2]!.trim());
      if (!code) fail(row, column, "unknownRegion", m[1]!.trim());
      else if (value === null) fail(row, column, badCode, m[2]!.trim());
      else out[code] = value;
    }
    return out;
  };

  const readIndicator = (r: SheetRow): SheetIndicator | null => {
    const c = r.cells;
    const name = text(c.indicator);
    const rest = [c.unit, c.direction, c.baseline, c.target, c.regionTargets, c.indicatorEn].some((v) => text(v) !== "");
    if (!name) {
      if (rest) fail(r.row, "indicator", "missingIndicator");
      return null;
    }
    const dirText = text(c.direction);
    const direction = dirText === "" ? "higher" : directionWords[dirText] ?? directionWords[dirText.toLowerCase()];
    if (!direction) fail(r.row, "direction", "badDirection", dirText);
    const num = (column: "baseline" | "target") => {
      const v = parseNumberCell(c[column]);
      if (v === "bad") {
        fail(r.row, column, "notANumber", text(c[column]));
        return null;
      }
      return v;
    };
    const regionTargets = regionPairs(r.row, "regionTargets", c.regionTargets, (v) => {
      const n = parseNumberCell(v);
      return n === "bad" || n === null ? null : n;
    }, "notANumber");
    if (name.length > MAX_TEXT) fail(r.row, "indicator", "tooLong");
    return { row: r.row, name, nameEn: text(c.indicatorEn), unit: text(c.unit).slice(0, 32), direction: direction ?? "higher", baseline: num("baseline"), target: num("target"), regionTargets };
  };

  let last: SheetTask | null = null;
  // Indicator rows under a row that failed already have their error there.
  let afterBadRow = false;
  for (const r of rows) {
    const c = r.cells;
    if (Object.values(c).every((v) => text(v) === "")) continue;
    const number = text(c.number);
    const taskTitle = text(c.task);
    const measureTitle = text(c.measure);
    if (!number) {
      if (taskTitle || measureTitle) {
        fail(r.row, "number", "missingNumber");
        [last, afterBadRow] = [null, true];
        continue;
      }
      // An indicator row under the task above (a task may have several indicators).
      const hasIndicatorFields = [c.indicator, c.unit, c.direction, c.baseline, c.target, c.regionTargets, c.indicatorEn].some((v) => text(v) !== "");
      const ind = readIndicator(r);
      if (ind && last) last.indicators.push(ind);
      else if (ind && !afterBadRow) fail(r.row, "indicator", "indicatorWithoutTask");
      else if (!hasIndicatorFields) fail(r.row, "number", "missingNumber");
      continue;
    }
    if (!OUTLINE_NUMBER.test(number)) {
      fail(r.row, "number", "badNumber", number);
      [last, afterBadRow] = [null, true];
      continue;
    }
    if (byNumber.has(number)) {
      fail(r.row, "number", "duplicateNumber", number);
      [last, afterBadRow] = [null, true];
      continue;
    }
    const parent = parentNumber(number);
    const parentTask = parent === null ? undefined : byNumber.get(parent);
    const existingParent = parent === null ? undefined : ctx.existing?.get(parent);
    if (parent !== null && !parentTask && !existingParent) fail(r.row, "number", "missingParent", parent);
    if (existingParent?.hasAssignments && !ctx.existing?.has(number)) fail(r.row, "number", "parentHasAssignments", parent ?? "");
    const depth = number.split(".").length;
    const title = depth === 1 ? taskTitle || measureTitle : measureTitle || taskTitle;
    if (!title) fail(r.row, depth === 1 ? "task" : "measure", "missingTitle");
    if (title.length > MAX_TEXT) fail(r.row, depth === 1 ? "task" : "measure", "tooLong");

    const date = (column: "startDate" | "dueDate", fallback: string) => {
      if (text(c[column]) === "") return fallback;
      const d = parseDateCell(c[column]);
      if (d === null) fail(r.row, column, "badDate", text(c[column]));
      return d ?? fallback;
    };
    const inherited = parentTask ?? existingParent;
    const startDate = date("startDate", inherited?.startDate ?? `${ctx.year}-01-01`);
    const dueDate = date("dueDate", inherited?.dueDate ?? `${ctx.year}-12-31`);
    if (startDate > dueDate) fail(r.row, "dueDate", "dateOrder", `${startDate} > ${dueDate}`);
    const weightCell = parseNumberCell(c.weight);
    if (weightCell === "bad" || (weightCell !== null && weightCell < 0)) fail(r.row, "weight", "badWeight", text(c.weight));
    const regions = regionList(r.row, "regions", c.regions);
    const regionDueDates = regionPairs(r.row, "regionDueDates", c.regionDueDates, (v) => parseDateCell(v), "badDate");
    for (const code of Object.keys(regionDueDates)) {
      if (!regions.includes(code)) fail(r.row, "regionDueDates", "regionNotAssigned", code);
      else if (regionDueDates[code]! < startDate) fail(r.row, "regionDueDates", "dateOrder", regionDueDates[code]);
    }
    const task: SheetTask = {
      row: r.row,
      number,
      parentNumber: parent,
      title,
      titleEn: text(c.titleEn),
      description: text(c.description).slice(0, 10_000),
      leadOffice: text(c.leadOffice).slice(0, 200),
      startDate,
      dueDate,
      weight: typeof weightCell === "number" && weightCell >= 0 ? weightCell : 1,
      regions,
      regionDueDates,
      indicators: [],
    };
    const ind = readIndicator(r);
    if (ind) task.indicators.push(ind);
    tasks.push(task);
    byNumber.set(number, task);
    [last, afterBadRow] = [task, false];
  }
  // Assignments go to leaves only: a row with regions may not have measures under it.
  const parents = new Set(tasks.map((t) => t.parentNumber).filter((p): p is string => p !== null));
  for (const t of tasks) if (parents.has(t.number) && t.regions.length > 0) fail(t.row, "regions", "regionsOnParent", t.number);
  errors.sort((a, b) => a.row - b.row);
  return { tasks, errors };
}

export type PlanForSheet = {
  tasks: {
    number: string;
    depth: number;
    title: string;
    titleEn: string;
    description: string;
    leadOffice: string;
    startDate: string;
    dueDate: string;
    weight: number;
    indicators: { name: string; nameEn: string; unit: string; direction: "higher" | "lower"; baseline: number | null; target: number | null; regionTargets: { regionCode: string; target: number }[] }[];
    assignments: { regionCode: string; dueDate: string }[];
  }[];
  regions: readonly SheetRegion[];
  allRegionCodes: readonly string[];
};

/** A plan as sheet rows (in column order), tasks in outline order: the import format. */
export function planToRows(plan: PlanForSheet): Cell[][] {
  const name = new Map(plan.regions.map((r) => [r.code, r.nameZh]));
  const all = [...plan.allRegionCodes].sort().join(",");
  const rows: Cell[][] = [];
  const toRow = (v: Partial<Record<ColumnKey, Cell>>): Cell[] => sheetColumns.map((c) => v[c.key] ?? null);
  for (const t of plan.tasks) {
    const codes = t.assignments.map((a) => a.regionCode);
    const regions = codes.length > 0 && [...codes].sort().join(",") === all ? "全区" : codes.map((c) => name.get(c) ?? c).join(",");
    const dueDates = t.assignments.filter((a) => a.dueDate !== t.dueDate).map((a) => `${name.get(a.regionCode) ?? a.regionCode}:${a.dueDate}`).join("; ");
    const indicatorCells = (i: PlanForSheet["tasks"][number]["indicators"][number] | undefined): Partial<Record<ColumnKey, Cell>> =>
      i
        ? {
            indicator: i.name,
            indicatorEn: i.nameEn || null,
            unit: i.unit || null,
            direction: directionLabel[i.direction],
            baseline: i.baseline,
            target: i.target,
            regionTargets: i.regionTargets.map((x) => `${name.get(x.regionCode) ?? x.regionCode}:${x.target}`).join("; ") || null,
          }
        : {};
    rows.push(
      toRow({
        number: t.number,
        task: t.depth === 1 ? t.title : null,
        measure: t.depth === 1 ? null : t.title,
        leadOffice: t.leadOffice || null,
        regions: regions || null,
        startDate: t.startDate,
        dueDate: t.dueDate,
        regionDueDates: dueDates || null,
        weight: t.weight,
        description: t.description || null,
        titleEn: t.titleEn || null,
        ...indicatorCells(t.indicators[0]),
      }),
    );
    for (const i of t.indicators.slice(1)) rows.push(toRow(indicatorCells(i)));
  }
  return rows;
}

/** A task's own fields as an import compares and updates them (indicators and assignments aside). */
export const mergedTaskFields = ["title", "titleEn", "description", "leadOffice", "startDate", "dueDate", "weight"] as const;
export type MergedTaskField = (typeof mergedTaskFields)[number];
export type TaskFieldValues = Record<MergedTaskField, string | number>;
export type FieldChange = { field: MergedTaskField; before: string | number; after: string | number };

export type SheetMerge = {
  added: SheetTask[];
  changed: { task: SheetTask; changes: FieldChange[] }[];
  unchanged: SheetTask[];
};

/**
 * What importing the sheet's tasks into a plan does: rows whose number is already in the plan
 * update that task's fields when they differ; the other rows are added. Nothing is duplicated and
 * tasks the sheet leaves out stay as they are.
 */
export function mergeSheet(sheet: readonly SheetTask[], existing: ReadonlyMap<string, TaskFieldValues>): SheetMerge {
  const out: SheetMerge = { added: [], changed: [], unchanged: [] };
  for (const task of sheet) {
    const current = existing.get(task.number);
    if (!current) {
      out.added.push(task);
      continue;
    }
    const changes: FieldChange[] = [];
    for (const field of mergedTaskFields) {
      const [before, after] = [current[field], task[field]];
      if (field === "weight" ? Number(before) !== Number(after) : String(before ?? "") !== String(after ?? "")) changes.push({ field, before, after });
    }
    if (changes.length > 0) out.changed.push({ task, changes });
    else out.unchanged.push(task);
  }
  return out;
}
