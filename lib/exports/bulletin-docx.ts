import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import type { BulletinData } from "@/lib/data/bulletin";
import { parsePeriod } from "@/lib/domain/periods";
import { fill } from "./dashboard-workbook";

/** Texts of the bulletin, under the "exports" messages namespace; `{name}` placeholders are filled here. */
export const bulletinLabelKeys = [
  "bulletin.title",
  "bulletin.fileName",
  "bulletin.recipients",
  "bulletin.intro",
  "bulletin.section1",
  "bulletin.overview",
  "bulletin.overviewPeriod",
  "bulletin.section2",
  "bulletin.rankingNote",
  "bulletin.rankingChangeNote",
  "bulletin.section3",
  "bulletin.completedIntro",
  "bulletin.completedNone",
  "bulletin.regionItems",
  "bulletin.section4",
  "bulletin.behindIntro",
  "bulletin.behindNone",
  "bulletin.behindByRegion",
  "bulletin.behindSeeAnnex",
  "bulletin.annexNote",
  "bulletin.annexLabel",
  "bulletin.annexTitle",
  "bulletin.section5",
  "bulletin.missingIntro",
  "bulletin.missingItem",
  "bulletin.missingNone",
  "bulletin.closing",
  "lightYellow",
  "lightRed",
  "col.rank",
  "col.change",
  "col.region",
  "col.measure",
  "col.assigned",
  "col.completed",
  "col.completionRate",
  "col.meanProgress",
  "col.yellow",
  "col.red",
  "col.dueDate",
  "col.progress",
  "col.expected",
  "col.light",
] as const;

export type BulletinLabels = Record<(typeof bulletinLabelKeys)[number], string>;

// GB/T 9704 (党政机关公文格式): A4, 37 mm top and 28 mm inner margins, body in 3号 仿宋 on a 28 pt grid.
const MM = 56.7; // twips per millimetre
const PAGE = { width: 11906, height: 16838, margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) } };
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;
const BODY_SIZE = 32; // half-points: 16 pt, 3号
const TABLE_SIZE = 24; // 12 pt, 小四
const TITLE_SIZE = 44; // 22 pt, 2号
const LINE = 560; // 28 pt exact
const INDENT = 2 * BODY_SIZE * 10; // two characters of body text, in twips
const LATIN = "Times New Roman";
const font = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia });
const FANGSONG = font("仿宋");
const HEITI = font("黑体");
const SONGTI = font("宋体");

/** The period as written in a bulletin: 2026年10月 / October 2026; 2026年第四季度 / Q4 2026. */
export function periodName(period: string, locale: string): string {
  const { year, cadence, index } = parsePeriod(period);
  if (cadence === "quarterly") return locale === "en" ? `Q${index} ${year}` : `${year}年第${"一二三四"[index - 1]}季度`;
  if (locale === "en") return `${new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(year, index - 1, 1)))} ${year}`;
  return `${year}年${index}月`;
}

function dateName(iso: string, locale: string): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  if (locale === "en") return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
  return `${y}年${m}月${d}日`;
}

/** The download's file name (without extension). */
export function bulletinFileName(b: BulletinData, labels: BulletinLabels, locale: string): string {
  return fill(labels["bulletin.fileName"], { period: periodName(b.period, locale) });
}

const percent = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

/**
 * The 通报 of one reporting period as a Word document: the red header (issuing body's mark, 文号),
 * title, addressees, 一、总体情况, 二、各盟市推进情况排名 (a table), 三、已完成事项, 四、进度滞后事项
 * (one line per league-city), 五、未按时报送情况, the annex note, the issuing body and the date, and
 * on a page of its own the annex: every lagging item in a table.
 */
export async function buildBulletinDocx(b: BulletinData, labels: BulletinLabels, locale: string): Promise<Buffer> {
  const en = locale === "en";
  const name = (zh: string, english: string | null | undefined) => (en && english ? english : zh);
  const period = periodName(b.period, locale);
  const periodEnd = dateName(b.periodEnd, locale);
  const list = (items: string[]) => items.join(en ? "; " : "；");
  const planTitle = name(b.plan.title, b.plan.titleEn);
  const h = b.headline;

  const children: (Paragraph | Table)[] = [
    ...header(b.header),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: LINE, line: 700, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: fill(labels["bulletin.title"], { period }), font: SONGTI, bold: true, size: TITLE_SIZE })],
    }),
    body(labels["bulletin.recipients"], { indent: false }),
    body(fill(labels["bulletin.intro"], { plan: planTitle, period })),

    heading(labels["bulletin.section1"]),
    body(
      fill(labels["bulletin.overview"], {
        period,
        date: periodEnd,
        total: h.total,
        completed: h.completed,
        rate: percent(h.completionRate),
        mean: h.meanProgress.toFixed(1),
        green: h.green,
        yellow: h.yellow,
        red: h.red,
      }),
    ),
    body(fill(labels["bulletin.overviewPeriod"], { period, due: h.reportsDue, reported: h.reportsDue - h.reportsMissing, missing: h.reportsMissing, done: h.completedInPeriod })),

    heading(labels["bulletin.section2"]),
    body(labels["bulletin.rankingNote"] + (b.ranking.some((r) => r.previousRank !== null) ? labels["bulletin.rankingChangeNote"] : "")),
    table(
      [
        { header: labels["col.rank"], width: 8 },
        { header: labels["col.change"], width: 9 },
        { header: labels["col.region"], width: 19, align: AlignmentType.LEFT },
        { header: labels["col.assigned"], width: 11 },
        { header: labels["col.completed"], width: 10 },
        { header: labels["col.completionRate"], width: 12 },
        { header: labels["col.meanProgress"], width: 13 },
        { header: labels["col.yellow"], width: 9 },
        { header: labels["col.red"], width: 9 },
      ],
      b.ranking.map((r) => [
        String(r.rank),
        r.previousRank === null ? "—" : r.previousRank > r.rank ? `↑${r.previousRank - r.rank}` : r.previousRank < r.rank ? `↓${r.rank - r.previousRank}` : "–",
        name(r.nameZh, r.nameEn),
        String(r.total),
        String(r.completed),
        percent(r.completionRate),
        r.meanProgress.toFixed(1),
        String(r.yellow),
        String(r.red),
      ]),
    ),

    heading(labels["bulletin.section3"]),
    ...(b.completed.length === 0
      ? [body(fill(labels["bulletin.completedNone"], { period }))]
      : [
          body(fill(labels["bulletin.completedIntro"], { period, count: b.completed.length })),
          ...groupByRegion(b.completed).map((g) =>
            body(fill(labels["bulletin.regionItems"], { region: name(g.regionName, g.regionNameEn), count: g.items.length, items: list(g.items.map((i) => `${i.taskNumber} ${name(i.taskTitle, i.taskTitleEn)}`)) })),
          ),
        ]),

    heading(labels["bulletin.section4"]),
    ...(b.behind.length === 0
      ? [body(fill(labels["bulletin.behindNone"], { date: periodEnd }))]
      : [
          body(
            fill(labels["bulletin.behindIntro"], {
              date: periodEnd,
              count: b.behind.length,
              red: b.behind.filter((x) => x.light === "red").length,
              overdue: b.behind.filter((x) => x.overdue).length,
              yellow: b.behind.filter((x) => x.light === "yellow").length,
            }),
          ),
          // One line per league-city in the body; the items themselves go to the annex table.
          ...groupByRegion(b.behind).map((g) =>
            body(
              fill(labels["bulletin.behindByRegion"], {
                region: name(g.regionName, g.regionNameEn),
                red: g.items.filter((x) => x.light === "red").length,
                yellow: g.items.filter((x) => x.light === "yellow").length,
              }),
            ),
          ),
          body(labels["bulletin.behindSeeAnnex"]),
        ]),

    heading(labels["bulletin.section5"]),
    ...(b.missing.length === 0
      ? [body(fill(labels["bulletin.missingNone"], { period }))]
      : [
          body(fill(labels["bulletin.missingIntro"], { period, regions: b.missing.length, missing: b.missing.reduce((n, m) => n + m.missing, 0) })),
          ...b.missing.map((m) => body(fill(labels["bulletin.missingItem"], { region: name(m.nameZh, m.nameEn), count: m.missing, items: m.taskNumbers.join(en ? ", " : "、") }))),
        ]),

    body(labels["bulletin.closing"]),
    new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [] }),
    ...(b.behind.length === 0 ? [] : [body(fill(labels["bulletin.annexNote"], { title: labels["bulletin.annexTitle"] })), new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [] })]),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: INDENT }, spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [new TextRun({ text: b.plan.issuingBody, font: FANGSONG, size: BODY_SIZE })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: INDENT }, spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [new TextRun({ text: dateName(b.asOf, locale), font: FANGSONG, size: BODY_SIZE })] }),
    ...(b.behind.length === 0 ? [] : annex(b, labels, name)),
  ];

  const doc = new Document({
    creator: b.plan.issuingBody,
    title: fill(labels["bulletin.title"], { period }),
    styles: { default: { document: { run: { font: FANGSONG, size: BODY_SIZE }, paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT } } } } },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: SONGTI, size: 28 })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const RED = "FF0000";

/**
 * The red header of GB/T 9704: the issuing body's mark, centred in red, the document number under
 * it, and the red rule that separates them from the title.
 */
function header(h: BulletinData["header"]): Paragraph[] {
  const rule = { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } };
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 0, line: 1100, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: h.agencyMark, font: SONGTI, bold: true, color: RED, size: 60 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: LINE, after: 0, line: LINE, lineRule: LineRuleType.EXACT },
      border: rule,
      children: [new TextRun({ text: h.docNumber, font: FANGSONG, size: BODY_SIZE })],
    }),
    new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [] }),
  ];
}

/** The annex on a page of its own: 附件 in 黑体 at the top left, its title, and the table of every lagging item. */
function annex(b: BulletinData, labels: BulletinLabels, name: (zh: string, en: string | null | undefined) => string): (Paragraph | Table)[] {
  return [
    new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [new PageBreak(), new TextRun({ text: labels["bulletin.annexLabel"], font: HEITI, size: BODY_SIZE })] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: LINE / 2, after: LINE / 2, line: 700, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: labels["bulletin.annexTitle"], font: SONGTI, bold: true, size: TITLE_SIZE })],
    }),
    table(
      [
        { header: labels["col.region"], width: 15, align: AlignmentType.LEFT },
        { header: labels["col.measure"], width: 41, align: AlignmentType.LEFT },
        { header: labels["col.dueDate"], width: 13 },
        { header: labels["col.progress"], width: 10 },
        { header: labels["col.expected"], width: 11 },
        { header: labels["col.light"], width: 10 },
      ],
      b.behind.map((x) => [
        name(x.regionName, x.regionNameEn),
        `${x.taskNumber} ${name(x.taskTitle, x.taskTitleEn)}`,
        x.dueDate,
        x.progress === null ? "—" : `${x.progress}%`,
        `${x.expected.toFixed(1)}%`,
        x.light === "red" ? labels.lightRed : labels.lightYellow,
      ]),
    ),
  ];
}

function body(text: string, opts: { indent?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: INDENT },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    children: [new TextRun({ text, font: FANGSONG, size: BODY_SIZE })],
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({
    indent: { firstLine: INDENT },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    keepNext: true,
    children: [new TextRun({ text, font: HEITI, size: BODY_SIZE })],
  });
}

type TableColumn = { header: string; /** share of the text width, in per cent */ width: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] };

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: "000000" };

function table(columns: TableColumn[], rows: string[][]): Table {
  const widths = columns.map((c) => Math.round((TEXT_WIDTH * c.width) / 100));
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : (columns[i]!.align ?? AlignmentType.CENTER),
          spacing: { line: 360, lineRule: LineRuleType.AT_LEAST },
          children: [new TextRun({ text, font: header ? HEITI : FANGSONG, size: TABLE_SIZE })],
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER, insideHorizontal: CELL_BORDER, insideVertical: CELL_BORDER },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.header, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((text, i) => cell(text, i, false)) })),
    ],
  });
}

function groupByRegion<T extends { regionCode: string; regionName: string; regionNameEn: string }>(items: T[]): { regionName: string; regionNameEn: string; items: T[] }[] {
  const groups = new Map<string, { regionName: string; regionNameEn: string; items: T[] }>();
  for (const item of items) {
    const g = groups.get(item.regionCode);
    if (g) g.items.push(item);
    else groups.set(item.regionCode, { regionName: item.regionName, regionNameEn: item.regionNameEn, items: [item] });
  }
  return [...groups.values()];
}
