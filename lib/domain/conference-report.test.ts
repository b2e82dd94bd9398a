import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chineseNumeral, MAX_REPORT_CHARS, parseConferenceReport, readReport, type ParsedReport, type SourceSpan } from "./conference-report";

const read = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const report2025 = read("conference-report-2025.txt");
const report2024 = read("conference-report-2024.txt");

/** The trees an officer writes from the two reports, by hand: title and measures of each key task. */
const expected2025 = [
  {
    title: "在协同推进我国北方重要生态安全屏障和美丽内蒙古建设上有作为、见实效",
    measures: ["有力有序推进生态安全屏障建设", "分级分类推进美丽内蒙古建设", "科学系统谋划“十五五”生态环境保护", "确保交出一份满意答卷"],
  },
  {
    title: "在深入打好污染防治攻坚战上有作为、见实效",
    measures: ["坚持精准治污、科学治污、依法治污", "深入打好蓝天、碧水、净土保卫战", "加强固体废物和新污染物治理", "全面完成“十四五”污染防治约束性指标任务"],
  },
  {
    title: "在推动绿色低碳高质量发展上有作为、见实效",
    measures: ["提高行政审批效能", "深化生态环境分区管控成果落地应用", "强化重点行业减污降碳", "积极应对气候变化", "多措并举推进经济社会发展全面绿色转型"],
  },
  {
    title: "在加强生态保护修复监管上有作为、见实效",
    measures: ["强化生态保护修复统一监管", "加强生物多样性保护", "严肃查处生态破坏行为", "不断夯实美丽内蒙古建设的生态根基"],
  },
  {
    title: "在守牢生态环境安全底线上有作为、见实效",
    measures: ["强化风险意识、底线思维", "加强环境应急管理", "深化核与辐射安全监管", "开展环境安全隐患排查整治", "及时消除各类风险隐患"],
  },
  {
    title: "在强化生态环境督察执法上有作为、见实效",
    measures: ["深入推进生态环境保护督察", "优化生态环境执法监管", "加大生态环境保护督察整改和突出问题查处力度", "提升生态环境问题整改质效", "切实发挥生态环境保护督察的利剑作用和环境执法的震慑作用"],
  },
  {
    title: "在健全现代环境治理体系上有作为、见实效",
    measures: ["健全生态环境法规政策标准体系", "提升生态环境支撑保障能力", "推进区域合作深化行动", "不断提高生态环境治理体系和治理能力现代化水平"],
  },
];

const expected2024 = [
  {
    title: "Give full play to the role of taking the lead in building an important ecological security barrier in northern China",
    measures: [
      "Know responsibility, clear responsibility, responsibility, and responsibility",
      'Comprehensively strengthen the "six overall planning" of organization and coordination, laws and regulations, monitoring and evaluation, supervision system, scientific and technological innovation, and foreign cooperation',
      'Do a good job in connecting up and down, communicating left and right, strengthening coordination, scheduling, supervision and management, and doing a solid and effective job of "unification"',
    ],
  },
  {
    title: 'Accelerate the transformation and upgrading of ecological environmental protection in the new era to a "big ecology"',
    measures: [
      'Adapt to the new situation of ecological environmental protection work from focusing on pollution prevention and control to the construction of a beautiful China and the protection and supervision of "big ecology"',
      "Strengthen the overall thinking, system concept, and dialectical method",
      'Work "elevating, expanding, and deepening"',
      'Achieve practical results in "precision, science, and law"',
      'Make a fuss about "issuing policies, building mechanisms, and grasping overall planning"',
      "Adhere to the policy of adapting measures to local conditions and classifying policies",
      "Accelerate the transformation and upgrading of the ecological environment work of league cities and banner counties (cities and districts)",
      "Play a new role and highlight new achievements in building an important ecological security barrier in northern China",
    ],
  },
  {
    title: "Promote the comprehensive and strict governance of the party with a high sense of political responsibility",
    measures: [
      'Always maintain the sobriety and firmness of "two forever on the road"',
      "Focus on enhancing political leadership",
      "Comprehensively strengthen the party's political construction",
      "Focus on enhancing the implementation of the party",
      "Comprehensively strengthen the party's style construction",
      "Focus on enhancing the combat effectiveness of the team",
      "Comprehensively strengthen the party's organizational construction",
      "Focus on enhancing the anti-corrosion and anti-degeneration force",
      "Comprehensively strengthen the party's discipline construction, so as to provide a strong political, discipline and style guarantee for building an important ecological security barrier in northern China and building a beautiful Inner Mongolia",
    ],
  },
  {
    title: "Focus on important areas of work and do a good job in the implementation of key tasks",
    measures: [
      "Coordinate the adjustment of industrial structure, pollution control, ecological protection, and response to climate change",
      "Coordinate the promotion of carbon reduction, pollution reduction, green expansion, and growth",
      "Solidly promote the rectification of the central ecological and environmental protection inspectors",
      "Comprehensively investigate and rectify outstanding ecological and environmental problems in key areas",
      "Accelerate the rectification of ecological and environmental problems in the Yellow River Basin",
      "Rigorously and meticulously do a good job in safety production in the field of ecological environment",
      "Carefully organize the formulation and implementation of annual work points",
      "Have the courage to take responsibility",
      // The paragraph's closing sentence runs on after the fourth point; the officer drops these in the editor.
      "Make concerted efforts to create a new situation in the ecological and environmental protection work of the whole region in the new era",
      "Promote high-quality economic and social development with high-level protection of the ecological environment",
      "Effectively build an important ecological security barrier in northern China more firmly for the people of all ethnic groups in the region to enjoymoreAchievements of beautiful ecological environment",
    ],
  },
];

const tree = (r: ParsedReport) => r.tasks.map((t) => ({ title: t.title, measures: t.measures.map((m) => m.title) }));

/** Every span of a report: fields, tasks, titles, measures, indicators, enumerations and their items. */
function spansOf(r: ParsedReport): SourceSpan[] {
  return [
    ...Object.values(r.fieldSpans),
    ...r.tasks.flatMap((t) => [t.span, t.titleSpan, ...t.measures.map((m) => m.span), ...t.indicators.map((i) => i.span)]),
    ...r.enumerations.flatMap((e) => [e.span, ...e.items.map((i) => i.span)]),
    ...r.indicators.map((i) => i.span),
  ];
}

describe("the 2025 report (Chinese)", () => {
  const r = parseConferenceReport(report2025);

  it("finds the year, the meeting date and the issuing body", () => {
    expect(r).toMatchObject({ language: "zh", year: 2025, meetingDate: "2025-02-18", issuingBody: "内蒙古自治区生态环境厅", title: "2025年全区生态环境保护暨全面从严治党工作会议重点任务", message: null });
    expect(report2025.slice(r.fieldSpans.meetingDate!.start, r.fieldSpans.meetingDate!.end)).toBe("2月18日");
    expect(report2025.slice(r.fieldSpans.issuingBody!.start, r.fieldSpans.issuingBody!.end)).toBe("自治区生态环境厅");
  });

  it("gives the seven key tasks with their measures, the count checked against 七项", () => {
    expect(r.declaredCount).toBe(7);
    expect(r.warnings).toEqual([]);
    expect(tree(r)).toEqual(expected2025);
    expect(r.tasks.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("keeps a guiding clause as the task's description, not a measure", () => {
    expect(r.tasks[6]!.description).toBe("以深化生态文明体制改革为根本动力");
    expect(r.tasks.slice(0, 6).every((t) => t.description === "")).toBe(true);
  });

  it("points every item at its source text", () => {
    const t2 = r.tasks[1]!;
    expect(report2025.slice(t2.span.start, t2.span.end)).toMatch(/^二是在深入打好污染防治攻坚战上有作为、见实效。坚持精准治污.*约束性指标任务。?$/);
    expect(report2025.slice(t2.titleSpan.start, t2.titleSpan.end)).toBe(t2.title);
    for (const t of r.tasks) for (const m of t.measures) expect(report2025.slice(m.span.start, m.span.end)).toBe(m.title);
  });

  it("suggests the binding indicator of task 2 and keeps the one outside the tasks apart", () => {
    expect(r.tasks[1]!.indicators).toEqual([
      { name: "“十四五”污染防治约束性指标", unit: "", target: null, direction: "higher", kind: "binding", span: expect.any(Object) },
    ]);
    const span = r.tasks[1]!.indicators[0]!.span;
    expect(report2025.slice(span.start, span.end)).toBe("“十四五”污染防治约束性指标");
    expect(r.tasks.filter((t) => t !== r.tasks[1]).every((t) => t.indicators.length === 0)).toBe(true);
    expect(r.indicators.map((i) => i.kind)).toEqual(["binding"]);
    expect(r.indicators[0]!.span.end).toBeLessThan(r.tasks[0]!.span.start);
  });

  it("warns when the enumeration does not match its announced count", () => {
    const six = report2025.replace("2025年重点落实好七项任务", "2025年重点落实好六项任务");
    const parsed = parseConferenceReport(six);
    expect(parsed.tasks).toHaveLength(7);
    expect(parsed.warnings).toEqual([{ code: "countMismatch", declared: 6, found: 7 }]);
  });
});

describe("the 2024 report (English)", () => {
  const r = parseConferenceReport(report2024);

  it("finds the year, the meeting date and the issuing body", () => {
    expect(r).toMatchObject({ language: "en", year: 2024, meetingDate: "2024-01-27", issuingBody: "Department of Ecology and Environment of the Autonomous Region", message: null });
    expect(r.title).toContain("2024 Regional Ecological and Environmental Protection");
  });

  it("gives the four key points of work", () => {
    expect(tree(r)).toEqual(expected2024);
    expect(r.declaredCount).toBeNull();
    expect(r.warnings).toEqual([]);
    expect(r.tasks[0]!.description).toMatch(/^In line with the spirit of General Secretary/);
  });

  it("recognises the seven systems (and the six overall planning, and the discipline inspection's five points) as enumerations of their own", () => {
    const systems = r.enumerations.find((e) => e.label === '"seven systems"');
    expect(systems).toMatchObject({ declared: 7 });
    expect(systems!.items.map((i) => i.title)).toEqual([
      "leadership responsibility",
      "rule of law construction",
      "monitoring and evaluation",
      "all-round supervision",
      "scientific and technological innovation",
      "capital investment",
      "national action",
    ]);
    for (const i of systems!.items) expect(report2024.slice(i.span.start, i.span.end)).toBe(i.title);
    expect(r.enumerations.find((e) => e.label === '"six overall planning"')?.items).toHaveLength(6);
    const discipline = r.enumerations.find((e) => e.label.startsWith("Li Jianjun"));
    expect(discipline?.items.map((i) => i.title.split(" ")[0])).toEqual(["Deepen", "Deepen", "Deepen", "Deepen", "Deepen"]);
    // None of them is taken for a key task.
    expect(r.tasks).toHaveLength(4);
  });
});

describe("texts it cannot structure", () => {
  it.each([
    ["empty", "", "empty"],
    ["blank", " \n\t ", "empty"],
    ["not a string", 42 as unknown as string, "empty"],
    ["a news item about something else", "本报讯 昨日，某市举办了一场马拉松比赛，共有三万名跑者参加。比赛在上午七点鸣枪起跑，天气晴朗。", "notAReport"],
    ["an unrelated English story", "The football club announced a new coach on Tuesday. Fans welcomed the decision.", "notAReport"],
    ["a meeting without an enumeration", "3月5日，自治区生态环境厅在呼和浩特召开2026年全区生态环境保护工作会议，总结工作，部署任务。", "noEnumeration"],
  ])("%s: a message and an empty tree", (_name, text, message) => {
    const r = parseConferenceReport(text);
    expect(r.message).toBe(message);
    expect(r.tasks).toEqual([]);
  });

  it("refuses a text longer than the limit with a message", () => {
    const r = parseConferenceReport("一是".repeat(MAX_REPORT_CHARS));
    expect(r).toMatchObject({ message: "tooLong", tasks: [] });
  });

  it("reads a report padded to 50,000 characters the same way", () => {
    const padding = "会议强调，要坚决扛起生态环境保护政治责任。".repeat(Math.ceil((50_000 - report2025.length) / 21));
    const big = `${report2025}\n${padding}`.slice(0, 50_000);
    expect(big.length).toBe(50_000);
    expect(tree(parseConferenceReport(big))).toEqual(expected2025);
  });
});

describe("enumeration styles", () => {
  it("reads （一） headings and 一要 lists, and counts in 一 … 九十九", () => {
    const r = parseConferenceReport("2026年重点抓好三方面工作：（一）强化大气治理。开展扬尘整治，推进清洁取暖。（二）加强水环境保护。（三）推进土壤修复。\n");
    expect(r.declaredCount).toBe(3);
    expect(tree(r)).toEqual([
      { title: "强化大气治理", measures: ["开展扬尘整治", "推进清洁取暖"] },
      { title: "加强水环境保护", measures: [] },
      { title: "推进土壤修复", measures: [] },
    ]);
    expect([chineseNumeral("一"), chineseNumeral("十"), chineseNumeral("十二"), chineseNumeral("二十"), chineseNumeral("九十九"), chineseNumeral("十十"), chineseNumeral("甲")]).toEqual([1, 10, 12, 20, 99, null, null]);
  });

  it("suggests named indicators with their targets", () => {
    const r = parseConferenceReport("2026年重点落实好两项任务：一是打好蓝天保卫战。优良天数比例达到85%，PM2.5浓度控制在28微克/立方米以内。二是打好碧水保卫战。新建污水管网120公里。\n");
    expect(r.tasks[0]!.indicators).toMatchObject([
      { name: "优良天数比例", unit: "%", target: 85, direction: "higher", kind: "named" },
      { name: "PM2.5浓度", unit: "微克/立方米", target: 28, direction: "lower", kind: "named" },
    ]);
    expect(r.tasks[1]!.indicators).toMatchObject([{ name: "新建污水管网", unit: "公里", target: 120, direction: "higher", kind: "quantity" }]);
  });
});

describe("properties", () => {
  const pieces = fc.constantFrom("一是", "二是", "三是", "七项任务：", "。", "，", "、", "“", "”", "The first is ", "Second, ", ". ", "2025年", "2月18日", "约束性指标", "优良天数比例", "PM2.5", "85%", "\n", "（一）", "一、", "自治区生态环境厅在呼和浩特召开");
  const texts = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 80 }).map((a) => a.join("")),
    fc.tuple(fc.integer({ min: 0, max: report2025.length }), fc.integer({ min: 0, max: report2025.length })).map(([a, b]) => report2025.slice(Math.min(a, b), Math.max(a, b))),
  );

  it("never throws (not even unguarded), and every span lies within the text", () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(() => readReport(text)).not.toThrow();
        const r = parseConferenceReport(text);
        for (const s of spansOf(r)) {
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.end).toBeGreaterThanOrEqual(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
        }
        for (const t of r.tasks) for (const m of t.measures) expect(m.span.start >= t.span.start && m.span.end <= t.span.end).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(parseConferenceReport(text)).toEqual(parseConferenceReport(text));
      }),
      { numRuns: 100 },
    );
    expect(parseConferenceReport(report2024)).toEqual(parseConferenceReport(report2024));
  });
});
