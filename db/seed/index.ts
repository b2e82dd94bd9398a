import bcrypt from "bcryptjs";
import { and, eq, inArray } from "drizzle-orm";
import type { Database, Executor } from "../client";
import * as s from "../schema";
import { refreshAssignmentStates } from "../derived-state";
import { addYears, shanghaiDate, type IsoDate } from "../../lib/domain/dates";
import { isPeriodClosed, periodDueDate, periodRange, periodsBetween, type Cadence } from "../../lib/domain/periods";
import { expectedProgress } from "../../lib/domain/progress";
import { plan2024, plan2025, type SeedPlan, type SeedTask } from "./plans-data";
import { demoPace, leagueCities, provinceRegion } from "./regions-data";

export type SeedOptions = {
  /** The demo history runs up to the last period closed on this instant. */
  now?: Date;
  password: string;
};

export const demoAccounts = [
  { username: "admin", name: "系统管理员", role: "admin" as const, office: "办公室" },
  { username: "staff", name: "综合处 王晓东", role: "staff" as const, office: "综合处" },
  { username: "leader", name: "厅领导 李明", role: "leader" as const, office: "厅领导" },
];

/** 三员分立: the security and the audit administrator beside the system administrator (after the bureaus, so earlier ids stay). */
export const demoSecurityAccounts = [
  { username: "secadmin", name: "安全管理员", role: "secadmin" as const, office: "办公室" },
  { username: "auditor", name: "审计管理员", role: "auditor" as const, office: "办公室" },
];

type PlanSpec = {
  seed: SeedPlan;
  year: number;
  title: string;
  titleEn: string;
  cadence: Cadence;
  state: "draft" | "published" | "closed";
  isDemo: boolean;
  sourceText: string;
  /** Years added to every date of the seed (the demo current-year plan is the 2025 one, a year on). */
  shiftYears: number;
};

/** Loads the demo data. Safe to run again: what is there already is left as it is. */
export async function seedDemo(db: Database, opts: SeedOptions): Promise<void> {
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const currentYear = Math.max(2026, Number(today.slice(0, 4)));
  const passwordHash = await bcrypt.hash(opts.password, 10);

  await db.transaction(async (tx) => {
    await tx
      .insert(s.regions)
      .values([
        { ...provinceRegion, level: "province" as const, sortOrder: 0 },
        ...leagueCities.map((r, i) => ({ ...r, level: "league_city" as const, parentCode: provinceRegion.code, sortOrder: i + 1 })),
      ])
      .onConflictDoNothing();
    await tx
      .insert(s.users)
      .values([
        ...demoAccounts.map((a) => ({ ...a, passwordHash, isDemo: true })),
        ...leagueCities.map((r) => ({
          username: `bureau-${r.code}`,
          name: `${r.nameZh}生态环境局`,
          role: "bureau" as const,
          regionCode: r.code,
          passwordHash,
          isDemo: true,
        })),
        ...demoSecurityAccounts.map((a) => ({ ...a, passwordHash, isDemo: true })),
      ])
      .onConflictDoNothing();
  });

  const plans: PlanSpec[] = [
    { seed: plan2024, year: 2024, title: plan2024.title, titleEn: plan2024.titleEn, cadence: "quarterly", state: "closed", isDemo: false, sourceText: plan2024.sourceSummary, shiftYears: 0 },
    { seed: plan2025, year: 2025, title: plan2025.title, titleEn: plan2025.titleEn, cadence: "monthly", state: "closed", isDemo: false, sourceText: plan2025.sourceSummary, shiftYears: 0 },
    {
      seed: plan2025,
      year: currentYear,
      title: `${currentYear}年全区生态环境保护重点任务（示例）`,
      titleEn: `Key tasks ${currentYear} (demo, carried over from 2025)`,
      cadence: "monthly",
      state: "published",
      isDemo: true,
      sourceText: `示例数据：没有${currentYear}年会议文件，本计划由2025年重点任务顺延一年生成，仅供演示。`,
      shiftYears: currentYear - 2025,
    },
  ];
  for (const spec of plans) {
    await db.transaction((tx) => seedPlan(tx, spec, today));
  }
}

async function seedPlan(tx: Executor, spec: PlanSpec, today: IsoDate): Promise<void> {
  const issuingBody = spec.seed.issuingBody;
  const existing = await tx
    .select({ id: s.plans.id })
    .from(s.plans)
    .where(and(eq(s.plans.year, spec.year), eq(s.plans.issuingBody, issuingBody), eq(s.plans.title, spec.title)));
  if (existing.length > 0) return;

  const meetingDate = addYears(spec.seed.meetingDate, spec.shiftYears);
  const yearEnd = `${spec.year}-12-31`;
  const [plan] = await tx
    .insert(s.plans)
    .values({
      year: spec.year,
      title: spec.title,
      titleEn: spec.titleEn,
      issuingBody,
      meetingDate,
      sourceText: spec.sourceText,
      cadence: spec.cadence,
      dueDay: 25,
      graceDays: 5,
      state: spec.state,
      isDemo: spec.isDemo,
    })
    .returning({ id: s.plans.id });
  if (!plan) throw new Error("plan insert returned nothing");

  // Task tree: leaves get staggered due dates so that some fall due in the middle of the year.
  type Leaf = { id: number; start: IsoDate; due: IsoDate; indicatorIds: { id: number; baseline: number; target: number; regionTargets: Record<string, number> }[]; difficulty: number; index: number };
  const leaves: Leaf[] = [];
  let leafIndex = 0;
  const insertTasks = async (nodes: SeedTask[], parentId: number | null, prefix: string) => {
    for (const [i, node] of nodes.entries()) {
      const number = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      const isLeaf = !node.children?.length;
      const due = isLeaf ? [`${spec.year}-06-30`, `${spec.year}-09-30`, yearEnd, yearEnd, yearEnd][leafIndex % 5]! : yearEnd;
      const [task] = await tx
        .insert(s.tasks)
        .values({
          planId: plan.id,
          parentId,
          number,
          sortOrder: i,
          title: node.title,
          titleEn: node.titleEn,
          description: node.description ?? "",
          leadOffice: node.leadOffice,
          startDate: meetingDate,
          dueDate: due,
        })
        .returning({ id: s.tasks.id });
      if (!task) throw new Error("task insert returned nothing");
      const indicatorIds: Leaf["indicatorIds"] = [];
      for (const [k, ind] of (node.indicators ?? []).entries()) {
        const [row] = await tx
          .insert(s.indicators)
          .values({ taskId: task.id, name: ind.name, nameEn: ind.nameEn, unit: ind.unit, direction: ind.direction, baseline: ind.baseline, target: ind.target, sortOrder: k })
          .returning({ id: s.indicators.id });
        if (!row) throw new Error("indicator insert returned nothing");
        const targets = ind.regionTargets ?? {};
        const entries = Object.entries(targets);
        if (entries.length) {
          await tx.insert(s.indicatorRegionTargets).values(entries.map(([regionCode, target]) => ({ indicatorId: row.id, regionCode, target })));
        }
        indicatorIds.push({ id: row.id, baseline: ind.baseline, target: ind.target, regionTargets: targets });
      }
      if (isLeaf) {
        leaves.push({ id: task.id, start: meetingDate, due, indicatorIds, difficulty: 0.9 + rand(`${spec.year}:${number}`) * 0.2, index: leafIndex });
        leafIndex++;
      } else {
        await insertTasks(node.children!, task.id, number);
      }
    }
  };
  await insertTasks(spec.seed.tasks, null, "");

  // Every leaf goes to all twelve league-cities.
  const assignmentRows = leaves.flatMap((leaf) =>
    leagueCities.map((r) => ({ taskId: leaf.id, regionCode: r.code, startDate: leaf.start, dueDate: leaf.due, contactName: `${r.nameZh}局联络员`, acknowledgedAt: new Date(`${leaf.start}T10:00:00+08:00`) })),
  );
  const assignmentIds = await tx.insert(s.assignments).values(assignmentRows).returning({ id: s.assignments.id, taskId: s.assignments.taskId, regionCode: s.assignments.regionCode });

  const leafById = new Map(leaves.map((l) => [l.id, l]));
  const history = buildHistory(spec, today, assignmentIds.map((a) => ({ ...a, leaf: leafById.get(a.taskId)! })));

  for (const batch of chunks(history.reports, 500)) {
    const inserted = await tx
      .insert(s.reports)
      .values(batch.map((r) => r.row))
      .returning({ id: s.reports.id, assignmentId: s.reports.assignmentId, period: s.reports.period });
    const idOf = new Map(inserted.map((r) => [`${r.assignmentId}|${r.period}`, r.id]));
    const versions = batch.flatMap((r) => r.versions.map((v) => ({ ...v, reportId: idOf.get(`${r.row.assignmentId}|${r.row.period}`)! })));
    for (const vb of chunks(versions, 1000)) await tx.insert(s.reportVersions).values(vb);
    const values = batch.flatMap((r) => r.indicatorValues.map((v) => ({ reportId: idOf.get(`${r.row.assignmentId}|${r.row.period}`)!, indicatorId: v.indicatorId, value: v.value })));
    for (const ib of chunks(values, 2000)) await tx.insert(s.reportIndicatorValues).values(ib);
  }
  if (history.closed.length) {
    for (const [closedAt, ids] of groupBy(history.closed, (c) => c.closedAt.toISOString())) {
      await tx.update(s.assignments).set({ closedAt: new Date(closedAt) }).where(inArray(s.assignments.id, ids.map((c) => c.id)));
    }
  }
  await refreshAssignmentStates(tx, assignmentIds.map((a) => a.id), new Date(`${today}T12:00:00+08:00`));
  await tx.insert(s.auditLog).values({
    action: "demo.seed",
    entityType: "plan",
    entityId: String(plan.id),
    after: { year: spec.year, title: spec.title, tasks: leafIndex, assignments: assignmentIds.length, reports: history.reports.length },
  });
}

type HistoryReport = {
  row: typeof s.reports.$inferInsert;
  versions: Omit<typeof s.reportVersions.$inferInsert, "reportId">[];
  indicatorValues: { indicatorId: number; value: number }[];
};

/**
 * A plausible history: each bureau moves at its own pace (regions-data demoPace) on measures of
 * differing difficulty; past periods are approved, a few went through a return; in the latest
 * closed period some reports still wait for review and a few slow bureaus have not reported.
 */
function buildHistory(
  spec: PlanSpec,
  today: IsoDate,
  assignments: { id: number; regionCode: string; leaf: { start: IsoDate; due: IsoDate; difficulty: number; index: number; indicatorIds: { id: number; baseline: number; target: number; regionTargets: Record<string, number> }[] } }[],
): { reports: HistoryReport[]; closed: { id: number; closedAt: Date }[] } {
  const reports: HistoryReport[] = [];
  const closed: { id: number; closedAt: Date }[] = [];
  const dueDay = 25;
  const closedPeriods = (a: (typeof assignments)[number]) =>
    periodsBetween(a.leaf.start, a.leaf.due, spec.cadence).filter((p) => isPeriodClosed(p, today, dueDay, 5));
  const openPeriod = (a: (typeof assignments)[number]) =>
    periodsBetween(a.leaf.start, a.leaf.due, spec.cadence).find((p) => !isPeriodClosed(p, today, dueDay, 5) && periodRange(p).start <= today);
  const latestClosed = assignments.flatMap(closedPeriods).sort().at(-1);

  for (const a of assignments) {
    const key = `${spec.year}:${a.regionCode}:${a.leaf.index}`;
    const pace = (demoPace[a.regionCode] ?? 1) * a.leaf.difficulty * (1 + (rand(`${spec.year}:${a.regionCode}`) - 0.5) * 0.08);
    let progress = 0;
    for (const period of closedPeriods(a)) {
      const pkey = `${key}:${period}`;
      const dueOn = periodDueDate(period, dueDay);
      const end = periodRange(period).end < a.leaf.due ? periodRange(period).end : a.leaf.due;
      const isLatest = period === latestClosed && spec.state !== "closed";
      if (isLatest && pace < 0.9 && rand(`${pkey}:missing`) < 0.35) continue; // not reported
      const expected = expectedProgress(a.leaf.start, a.leaf.due, end);
      const target = Math.round(expected * pace + (rand(`${pkey}:noise`) - 0.5) * 8);
      progress = Math.min(100, Math.max(progress, target, 0));
      // At the due date the brisker bureaus finish; the slower ones mostly fall short.
      if (end === a.leaf.due && rand(`${pkey}:finish`) < Math.min(1, Math.max(0, (pace - 0.75) / 0.3))) progress = 100;
      else if (end === a.leaf.due) progress = Math.min(progress, 97);
      const behind = expected - progress;
      const status = progress >= 100 ? "complete" : behind <= 10 ? "on_track" : behind <= 25 ? "at_risk" : "behind";
      const late = pace < 0.92 && rand(`${pkey}:late`) < 0.3;
      const submittedAt = atShanghai(dueOn, late ? 1 + Math.floor(rand(`${pkey}:ld`) * 4) : -Math.floor(rand(`${pkey}:ed`) * 6), 17);
      const reviewedAt = new Date(submittedAt.getTime() + (1 + Math.floor(rand(`${pkey}:rv`) * 3)) * 86_400_000);
      const pending = isLatest && rand(`${pkey}:pending`) < 0.3;
      const returnedOnce = !pending && rand(`${pkey}:ret`) < 0.05;
      const text = reportText(a.regionCode, progress, status, pkey);
      const values = a.leaf.indicatorIds.map((ind) => {
        const target = ind.regionTargets[a.regionCode] ?? ind.target;
        const share = Math.min(1, (progress / 100) * (0.9 + rand(`${pkey}:${ind.id}`) * 0.2));
        return { indicatorId: ind.id, value: Math.round((ind.baseline + (target - ind.baseline) * share) * 10) / 10 };
      });
      const snapshot = { progress, status, ...text, indicatorValues: values } as const;
      const versions: HistoryReport["versions"] = [];
      let v = 0;
      const add = (action: string, state: "draft" | "submitted" | "returned" | "approved", reviewComment: string | null, at: Date) =>
        versions.push({ version: ++v, action, state, ...snapshot, reviewComment, createdAt: at });
      add("submit", "submitted", null, submittedAt);
      if (returnedOnce) {
        add("return", "returned", "请补充佐证材料并细化下步计划。", new Date(submittedAt.getTime() + 86_400_000));
        add("submit", "submitted", null, new Date(submittedAt.getTime() + 2 * 86_400_000));
      }
      const state = pending ? "submitted" : "approved";
      if (!pending) add("approve", "approved", null, returnedOnce ? new Date(reviewedAt.getTime() + 2 * 86_400_000) : reviewedAt);
      const last = versions.at(-1)!;
      reports.push({
        row: {
          assignmentId: a.id,
          period,
          dueOn,
          state,
          version: v,
          progress,
          status,
          ...text,
          reviewComment: null,
          submittedAt: versions.findLast((x) => x.action === "submit")!.createdAt!,
          firstSubmittedAt: versions.find((x) => x.action === "submit")!.createdAt!,
          reviewedAt: pending ? null : last.createdAt!,
          createdAt: submittedAt,
          updatedAt: last.createdAt!,
        },
        versions,
        indicatorValues: values,
      });
      if (progress >= 100 && !pending) {
        closed.push({ id: a.id, closedAt: last.createdAt! });
        break;
      }
    }
    // A few diligent bureaus have started on the current period.
    const open = openPeriod(a);
    if (open && progress < 100 && (demoPace[a.regionCode] ?? 1) >= 1.04) {
      const text = reportText(a.regionCode, progress, "on_track", `${key}:${open}`);
      const draftProgress = Math.min(99, progress + 5);
      reports.push({
        row: { assignmentId: a.id, period: open, dueOn: periodDueDate(open, dueDay), state: "draft", version: 1, progress: draftProgress, status: "on_track", ...text },
        versions: [{ version: 1, action: "save", state: "draft", progress: draftProgress, status: "on_track", ...text, indicatorValues: [] }],
        indicatorValues: [],
      });
    }
  }
  return { reports, closed };
}

const workDoneTemplates = [
  "召开专题推进会，细化分解本期任务，明确责任科室和完成时限，按计划推进。",
  "联合相关部门开展现场检查，督促重点企业落实整改措施，建立问题清单和整改台账。",
  "完成阶段性调度，汇总各旗县（市、区）进展，对滞后事项逐项跟踪督办。",
  "组织开展专项行动，完成年度任务的阶段目标，相关资料已归档备查。",
];
const problemTemplates = [
  "部分旗县资金保障不足，项目推进较慢。",
  "基层技术力量薄弱，监测能力有待提升。",
  "个别企业整改进度滞后，需进一步压实责任。",
  "",
];
const nextStepTemplates = [
  "下一步将加大调度频次，确保按期完成年度目标。",
  "继续跟踪重点项目进展，及时协调解决存在的问题。",
  "强化部门协同，推动问题整改清单动态清零。",
];

function reportText(regionCode: string, progress: number, status: string, key: string) {
  const pick = <T,>(list: T[], salt: string) => list[Math.floor(rand(`${key}:${salt}`) * list.length)]!;
  return {
    workDone: `${pick(workDoneTemplates, "w")}累计完成${progress}%。`,
    problems: status === "on_track" || status === "complete" ? pick(problemTemplates.slice(2), "p") : pick(problemTemplates.slice(0, 3), "p"),
    nextSteps: pick(nextStepTemplates, "n"),
  };
}

function atShanghai(date: IsoDate, dayOffset: number, hour: number): Date {
  return new Date(Date.parse(`${date}T${String(hour).padStart(2, "0")}:00:00+08:00`) + dayOffset * 86_400_000);
}

/** A deterministic number in [0, 1) from a string (FNV-1a then an xorshift mix). */
function rand(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

function* chunks<T>(list: T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

function groupBy<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const arr = out.get(k);
    if (arr) arr.push(item);
    else out.set(k, [item]);
  }
  return out;
}
