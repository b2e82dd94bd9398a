import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { leagueCities } from "@/db/seed/regions-data";
import { getBulletinChoices, getBulletinData } from "@/lib/data/bulletin";
import { getBulletinSettings, updateBulletinSettings } from "@/lib/data/bulletin-settings";
import { getDashboard } from "@/lib/data/dashboard";
import { buildBulletinDocx, periodName, type BulletinLabels } from "@/lib/exports/bulletin-docx";
import { buildDashboardWorkbook, type WorkbookLabels } from "@/lib/exports/dashboard-workbook";
import { NOW, actAs, query, seed } from "../support/fixtures";

/** The "exports" messages as the route passes them (messages/zh-CN.json and en.json hold the same). */
const shared = {
  filters: "筛选条件：{filters}",
  filtersNone: "全部",
  filterPlan: "计划",
  filterTask: "重点任务",
  filterRegion: "盟市",
  asOf: "数据截至 {date}",
  total: "合计",
  yes: "是",
  no: "否",
  lightGreen: "绿",
  lightYellow: "黄",
  lightRed: "红",
  "col.rank": "排名",
  "col.change": "较上期",
  "col.region": "盟市",
  "col.number": "序号",
  "col.task": "重点任务",
  "col.measure": "具体举措",
  "col.assigned": "交办举措",
  "col.completed": "已办结",
  "col.completionRate": "完成率",
  "col.meanProgress": "平均进度（%）",
  "col.green": "绿灯",
  "col.yellow": "黄灯",
  "col.red": "红灯",
  "col.dueDate": "完成时限",
  "col.progress": "当前进度（%）",
  "col.expected": "应达进度（%）",
  "col.behind": "滞后（百分点）",
  "col.overdue": "是否逾期",
  "col.light": "灯色",
};

const zhWorkbook: WorkbookLabels = {
  ...shared,
  "workbook.title": "{year}年度重点任务完成情况",
  "workbook.fileName": "{year}年重点任务完成情况",
  "workbook.sheetByRegion": "按地区",
  "workbook.sheetByTask": "按任务",
  "workbook.sheetMatrix": "红黄绿灯",
  "workbook.sheetBehind": "逾期滞后",
  "workbook.matrixCorner": "盟市＼重点任务",
  "workbook.behindTruncated": "仅列出滞后最严重的{shown}项，共{count}项。",
};

const enWorkbook: WorkbookLabels = {
  ...zhWorkbook,
  "workbook.title": "Key tasks {year}: progress",
  "workbook.sheetByRegion": "By region",
  "workbook.sheetByTask": "By key task",
  "workbook.sheetMatrix": "Lights",
  "workbook.sheetBehind": "Overdue and behind",
  filtersNone: "none",
  filters: "Filters: {filters}",
  asOf: "Data as of {date}",
};

const zhBulletin: BulletinLabels = {
  ...shared,
  "bulletin.title": "关于{period}全区生态环境保护重点任务推进情况的通报",
  "bulletin.fileName": "{period}重点任务推进情况通报",
  "bulletin.recipients": "各盟市生态环境局：",
  "bulletin.intro": "为推动《{plan}》各项任务落地见效，现将截至{period}各盟市推进情况通报如下。",
  "bulletin.section1": "一、总体情况",
  "bulletin.overview": "截至{date}，全区共交办具体举措{total}项，已办结{completed}项，完成率{rate}，平均进度{mean}%。对照应达进度，绿灯{green}项、黄灯{yellow}项、红灯{red}项。",
  "bulletin.overviewPeriod": "{period}应报送进展的举措{due}项，已报送{reported}项，未报送{missing}项；本期新办结{done}项。",
  "bulletin.section2": "二、各盟市推进情况排名",
  "bulletin.rankingNote": "按完成率排序，完成率相同的按平均进度排序。",
  "bulletin.rankingChangeNote": "“较上期”为与上一报送期末排名相比的变化。",
  "bulletin.section3": "三、已完成事项",
  "bulletin.completedIntro": "{period}共有{count}项举措经审核确认办结：",
  "bulletin.completedNone": "{period}无新办结事项。",
  "bulletin.regionItems": "{region}（{count}项）：{items}。",
  "bulletin.section4": "四、进度滞后事项",
  "bulletin.behindIntro": "截至{date}，进度滞后的举措共{count}项，其中红灯{red}项（含逾期未完成{overdue}项）、黄灯{yellow}项，具体如下：",
  "bulletin.behindNone": "截至{date}，各项举措均按计划推进。",
  "bulletin.behindByRegion": "{region}：红灯{red}项、黄灯{yellow}项。",
  "bulletin.behindSeeAnnex": "各项滞后事项的进度、应达进度和完成时限见附件。",
  "bulletin.annexNote": "附件：{title}",
  "bulletin.annexLabel": "附件",
  "bulletin.annexTitle": "进度滞后事项清单",
  "bulletin.section5": "五、未按时报送情况",
  "bulletin.missingIntro": "{period}应报送进展的举措中，{regions}个盟市共{missing}项未报送：",
  "bulletin.missingItem": "{region}：{count}项（{items}）。",
  "bulletin.missingNone": "{period}各盟市均已按时报送。",
  "bulletin.closing": "请各盟市生态环境局对照本通报，逐项分析滞后原因，明确整改措施和时限，加快推进，并按时报送进展情况。",
};

const regionNames = leagueCities.map((r) => r.nameZh);

beforeAll(async () => {
  await seed();
});

async function open(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

describe("the dashboard workbook", () => {
  it("2025: four sheets, each titled with the year, the filters and the date of the data", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2025 }, NOW);
    const wb = await open(await buildDashboardWorkbook(d, zhWorkbook, "zh-CN"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["按地区", "按任务", "红黄绿灯", "逾期滞后"]);
    expect(d.asOf).toBe("2026-11-22");
    for (const ws of wb.worksheets) {
      const title = String(ws.getCell("A1").value);
      expect(title, ws.name).toContain("2025年度重点任务完成情况");
      expect(title, ws.name).toContain("筛选条件：全部");
      expect(title, ws.name).toContain("数据截至 2026-11-22");
      expect(ws.views[0], ws.name).toMatchObject({ state: "frozen", ySplit: 2 });
    }
  });

  it("2025: the region sheet has the 12 league-cities with getDashboard's figures, in rank order", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2025 }, NOW);
    const ws = (await open(await buildDashboardWorkbook(d, zhWorkbook, "zh-CN"))).getWorksheet("按地区")!;
    expect(ws.getRow(2).values).toEqual([undefined, "排名", "较上期", "盟市", "交办举措", "已办结", "完成率", "平均进度（%）", "绿灯", "黄灯", "红灯"]);
    const rows = [];
    for (let r = 3; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (regionNames.includes(String(row.getCell(3).value) as never)) rows.push(row);
    }
    expect(rows).toHaveLength(12);
    rows.forEach((row, i) => {
      const e = d.byRegion[i]!;
      expect({ rank: row.getCell(1).value, region: row.getCell(3).value, total: row.getCell(4).value, completed: row.getCell(5).value, meanProgress: row.getCell(7).value }).toEqual({
        rank: e.rank,
        region: e.nameZh,
        total: e.total,
        completed: e.completed,
        meanProgress: e.meanProgress,
      });
      expect(row.getCell(6).value as number).toBeCloseTo(e.completionRate, 10);
      expect(row.getCell(6).numFmt).toContain("%");
      expect([row.getCell(8).value, row.getCell(9).value, row.getCell(10).value]).toEqual([e.green, e.yellow, e.red]);
    });
    const total = ws.getRow(15);
    expect([total.getCell(3).value, total.getCell(4).value, total.getCell(5).value]).toEqual(["合计", d.headline.total, d.headline.completed]);
  });

  it("the light matrix is regions × key tasks with coloured 红/黄/绿 cells; the behind sheet lists the dashboard's list", async () => {
    await actAs("staff");
    const d = await getDashboard({ year: 2026 }, NOW);
    const wb = await open(await buildDashboardWorkbook(d, zhWorkbook, "zh-CN"));
    const matrix = wb.getWorksheet("红黄绿灯")!;
    expect(matrix.rowCount).toBe(2 + 12);
    expect(matrix.columnCount).toBe(1 + d.byTask.length);
    const fills = { 红: "FFFFC7CE", 黄: "FFFFEB9C", 绿: "FFC6EFCE" } as Record<string, string>;
    const seen = new Set<string>();
    for (let r = 3; r <= matrix.rowCount; r++) {
      for (let c = 2; c <= matrix.columnCount; c++) {
        const cell = matrix.getRow(r).getCell(c);
        const text = String(cell.value);
        expect(Object.keys(fills)).toContain(text);
        expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(fills[text]);
        seen.add(text);
      }
    }
    expect(seen.has("红") || seen.has("黄")).toBe(true);
    const behind = wb.getWorksheet("逾期滞后")!;
    expect(behind.rowCount).toBe(2 + d.behind.length + (d.behindCount > d.behind.length ? 1 : 0));
    const first = d.behind[0]!;
    expect(behind.getRow(3).getCell(1).value).toBe(first.regionName);
    expect(behind.getRow(3).getCell(7).value).toBe(first.overdue ? "是" : "否");
  });

  it("in English: English sheet names, region names and filters in the title", async () => {
    await actAs("leader");
    const d = await getDashboard({ year: 2025, regionCode: "150600" }, NOW);
    const wb = await open(await buildDashboardWorkbook(d, enWorkbook, "en"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["By region", "By key task", "Lights", "Overdue and behind"]);
    const ws = wb.getWorksheet("By region")!;
    expect(String(ws.getCell("A1").value)).toContain("Filters: 盟市: Ordos");
    expect(String(ws.getCell("A1").value)).toContain("Data as of 2026-11-22");
    expect(ws.getRow(3).getCell(3).value).toBe("Ordos");
  });
});

describe("the bulletin of a period", () => {
  it("2026-10: 12 ranked league-cities, what was completed, what is behind, who has not reported", async () => {
    await actAs("leader");
    const b = await getBulletinData({ year: 2026, period: "2026-10" }, NOW);
    expect(b.period).toBe("2026-10");
    expect(b.periodEnd).toBe("2026-10-31");
    expect(b.plan.issuingBody).toBe("内蒙古自治区生态环境厅");
    expect(b.ranking).toHaveLength(12);
    expect(b.ranking[0]!.rank).toBe(1);
    for (let i = 1; i < b.ranking.length; i++) {
      const [x, y] = [b.ranking[i - 1]!, b.ranking[i]!];
      expect(x.completionRate > y.completionRate || (x.completionRate === y.completionRate && x.meanProgress >= y.meanProgress)).toBe(true);
    }
    expect(b.ranking.reduce((n, r) => n + r.total, 0)).toBe(b.headline.total);
    expect(b.behind.length).toBe(b.headline.red + b.headline.yellow);
    expect(b.behind.every((x) => x.light === "red" || x.light === "yellow")).toBe(true);
    // The demo history leaves some October reports missing for the slow bureaus.
    expect(b.missing.length).toBeGreaterThan(0);
    expect(b.headline.reportsMissing).toBe(b.missing.reduce((n, m) => n + m.missing, 0));
    for (const m of b.missing) expect(m.taskNumbers).toHaveLength(m.missing);
  });

  it("2026-10: who has not reported equals a recount from the rows", async () => {
    await actAs("leader");
    const b = await getBulletinData({ year: 2026, period: "2026-10" }, NOW);
    const rows = await query<{ region_code: string; n: number }>(sql`
      select a.region_code, count(*)::int as n
      from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      where p.year = 2026 and a.start_date <= '2026-10-25' and a.due_date >= '2026-10-01'
        and not exists (select 1 from reports c where c.assignment_id = a.id and c.state = 'approved' and c.period < '2026-10' and (c.progress >= 100 or c.status = 'complete'))
        and not exists (select 1 from reports r where r.assignment_id = a.id and r.period = '2026-10' and r.state in ('submitted', 'approved'))
      group by a.region_code order by a.region_code`);
    expect(b.missing.map((m) => [m.regionCode, m.missing])).toEqual(rows.map((r) => [r.region_code, r.n]));
    const completed = await query<{ n: number }>(sql`
      select count(*)::int as n from reports r join assignments a on a.id = r.assignment_id join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      where p.year = 2026 and r.period = '2026-10' and r.state = 'approved' and (r.progress >= 100 or r.status = 'complete')`);
    expect(b.completed).toHaveLength(completed[0]!.n);
  });

  it("completions are counted in the period of their report: none fall due in October, those due 30 September in 2026-09", async () => {
    await actAs("leader");
    const oct = await getBulletinData({ year: 2026, period: "2026-10" }, NOW);
    expect(oct.completed).toEqual([]);
    const sep = await getBulletinData({ year: 2026, period: "2026-09" }, NOW);
    expect(sep.completed.length).toBeGreaterThan(0);
    expect(sep.headline.completedInPeriod).toBe(sep.completed.length);
    expect(sep.completed.every((c) => c.dueDate === "2026-09-30" && c.progress === 100)).toBe(true);
  });

  it("the ranking as of a period agrees with the dashboard: 2025-12 with the year's figures, 2026-09 with the ranking change", async () => {
    await actAs("leader");
    const year = await getBulletinData({ year: 2025, period: "2025-12" }, NOW);
    const d2025 = await getDashboard({ year: 2025 }, NOW);
    const pick = (r: { regionCode: string; rank: number; total: number; completed: number; meanProgress: number }) => [r.regionCode, r.rank, r.total, r.completed, r.meanProgress];
    expect(year.ranking.map(pick)).toEqual(d2025.byRegion.map(pick));
    const oct = await getBulletinData({ year: 2026, period: "2026-10" }, NOW);
    const d2026 = await getDashboard({ year: 2026 }, NOW);
    expect(d2026.rankingPeriods.previous).toBe("2026-09");
    const previous = new Map(d2026.byRegion.map((r) => [r.regionCode, r.previousRank]));
    for (const r of oct.ranking) expect(r.previousRank, r.regionCode).toBe(previous.get(r.regionCode));
  });

  it("defaults to the last closed period, and refuses a period outside the plan's cadence, year or past today", async () => {
    await actAs("staff");
    expect((await getBulletinData({ year: 2026 }, NOW)).period).toBe("2026-10");
    expect((await getBulletinData({ year: 2024 }, NOW)).period).toBe("2024-Q4");
    for (const period of ["2026-Q3", "2025-10", "2026-12"]) {
      await expect(getBulletinData({ year: 2026, period }, NOW), period).rejects.toMatchObject({ status: 422, fields: { period: "badPeriod" } });
    }
    await expect(getBulletinData({ year: 2031 }, NOW)).rejects.toMatchObject({ status: 404 });
  });

  it("its Word document unzips and names the bulletin and every league-city", async () => {
    await actAs("leader");
    const b = await getBulletinData({ year: 2026, period: "2026-10" }, NOW);
    const bytes = await buildBulletinDocx(b, zhBulletin, "zh-CN");
    const files = unzipSync(new Uint8Array(bytes));
    const xml = strFromU8(files["word/document.xml"]!);
    expect(xml).toContain("关于2026年10月全区生态环境保护重点任务推进情况的通报");
    for (const heading of ["一、总体情况", "二、各盟市推进情况排名", "三、已完成事项", "四、进度滞后事项", "五、未按时报送情况"]) expect(xml).toContain(heading);
    for (const name of regionNames) expect(xml, name).toContain(name);
    expect(xml).toContain("内蒙古自治区生态环境厅");
    expect(xml).toContain("2026年11月22日");
    expect(xml).toContain('w:eastAsia="仿宋"');
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it.each([
    ["2026-10", "zh-CN", "2026年10月"],
    ["2026-10", "en", "October 2026"],
    ["2024-Q4", "zh-CN", "2024年第四季度"],
    ["2024-Q4", "en", "Q4 2024"],
  ])("names the period %s in %s as %s", (period, locale, name) => {
    expect(periodName(period, locale)).toBe(name);
  });
});

describe("the bulletin's header and annex", () => {
  const docXml = async (b: Awaited<ReturnType<typeof getBulletinData>>) => strFromU8(unzipSync(new Uint8Array(await buildBulletinDocx(b, zhBulletin, "zh-CN")))["word/document.xml"]!);

  it("prints the issuing body's mark and no 文号 until the administrator sets a prefix", async () => {
    await actAs("leader");
    const b = await getBulletinData({ year: 2026, period: "2026-10" }, NOW);
    expect(b.header).toEqual({ agencyMark: "内蒙古自治区生态环境厅", docNumber: "" });
    const xml = await docXml(b);
    expect(xml).toContain('w:color w:val="FF0000"');
  });

  it.each([
    ["staff", 403],
    ["leader", 403],
    ["bureau-150100", 403],
    [null, 401],
  ] as const)("%s may not change the header", async (who, status) => {
    await actAs(who);
    await expect(updateBulletinSettings({ agencyMark: "某某", docNumberPrefix: "某" })).rejects.toMatchObject({ status });
    await expect(getBulletinSettings()).rejects.toMatchObject({ status });
  });

  it("the system administrator sets the mark and the numbering; each period gets its number, and a typed 文号 wins", async () => {
    await actAs("admin");
    await expect(updateBulletinSettings({ agencyMark: "厅".repeat(41) })).rejects.toThrow();
    await updateBulletinSettings({ agencyMark: "内蒙古自治区生态环境厅文件", docNumberPrefix: "内环督" });
    expect(await getBulletinSettings()).toEqual({ agencyMark: "内蒙古自治区生态环境厅文件", docNumberPrefix: "内环督" });
    await actAs("leader");
    const oct = await getBulletinData({ year: 2026, period: "2026-10" }, NOW);
    expect(oct.header).toEqual({ agencyMark: "内蒙古自治区生态环境厅文件", docNumber: "内环督〔2026〕10号" });
    expect((await getBulletinData({ year: 2024, period: "2024-Q3" }, NOW)).header.docNumber).toBe("内环督〔2024〕3号");
    const typed = await getBulletinData({ year: 2026, period: "2026-10", docNumber: "内环督通〔2026〕7号" }, NOW);
    expect(typed.header.docNumber).toBe("内环督通〔2026〕7号");
    const xml = await docXml(typed);
    expect(xml).toContain("内蒙古自治区生态环境厅文件");
    expect(xml).toContain("内环督通〔2026〕7号");
    const choices = await getBulletinChoices({ year: 2026 }, NOW);
    expect(choices).toMatchObject({ defaultPeriod: "2026-10", agencyMark: "内蒙古自治区生态环境厅文件" });
    expect(choices!.periods).toEqual(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
    expect(choices!.docNumbers["2026-09"]).toBe("内环督〔2026〕9号");
  });

  it("lists the lagging items once, in the annex table on a page of its own, and one line per league-city in the body", async () => {
    await actAs("leader");
    const b = await getBulletinData({ year: 2026, period: "2026-10" }, NOW);
    expect(b.behind.length).toBeGreaterThan(20);
    const xml = await docXml(b);
    const annexAt = xml.indexOf("附件：进度滞后事项清单");
    const pageBreak = xml.indexOf('<w:br w:type="page"/>');
    expect(annexAt).toBeGreaterThan(xml.indexOf("五、未按时报送情况"));
    expect(pageBreak).toBeGreaterThan(annexAt);
    const item = b.behind[0]!;
    const label = `${item.taskNumber} ${item.taskTitle}`.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    expect(xml.indexOf(label)).toBeGreaterThan(pageBreak);
    const regionsBehind = new Set(b.behind.map((x) => x.regionCode));
    expect((xml.slice(0, annexAt).match(/红灯\d+项、黄灯\d+项。/g) ?? []).length).toBe(regionsBehind.size);
  });
});

describe("who may export", () => {
  it.each([
    ["bureau-150100", 403],
    [null, 401],
  ] as const)("%s is refused both the dashboard and the bulletin data", async (who, status) => {
    await actAs(who);
    await expect(getDashboard({ year: 2025 }, NOW)).rejects.toMatchObject({ status });
    await expect(getBulletinData({ year: 2026, period: "2026-10" }, NOW)).rejects.toMatchObject({ status });
  });
});
