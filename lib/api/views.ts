import type { Dashboard } from "@/lib/data/dashboard";
import type { ReportDetail } from "@/lib/data/reports";

/** The JSON the API sends for data-layer results, where it is narrower than what the pages get. */

export function reportView(r: ReportDetail) {
  return {
    id: r.id,
    assignmentId: r.assignmentId,
    regionCode: r.regionCode,
    period: r.period,
    version: r.version,
    state: r.state,
    progress: r.progress,
    status: r.status,
    workDone: r.workDone,
    problems: r.problems,
    nextSteps: r.nextSteps,
    dropReason: r.dropReason,
    indicatorValues: r.indicatorValues,
    reviewComment: r.reviewComment,
    submittedAt: r.submittedAt,
    reviewedAt: r.reviewedAt,
  };
}

export function dashboardView(d: Dashboard) {
  const { total, completed, completionRate, meanProgress, onTimeRate, green, yellow, red, onTime, missingThisPeriod, currentPeriod } = d.headline;
  return {
    filter: d.filter,
    asOf: d.asOf,
    headline: { total, completed, completionRate, meanProgress, onTimeRate, green, yellow, red, onTime, missingThisPeriod, currentPeriod },
    byRegion: d.byRegion.map((r) => ({
      regionCode: r.regionCode,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      total: r.total,
      completed: r.completed,
      completionRate: r.completionRate,
      meanProgress: r.meanProgress,
      green: r.green,
      yellow: r.yellow,
      red: r.red,
      rank: r.rank,
    })),
    byTask: d.byTask.map((t) => ({
      taskId: t.taskId,
      number: t.number,
      title: t.title,
      titleEn: t.titleEn,
      total: t.total,
      completed: t.completed,
      completionRate: t.completionRate,
      meanProgress: t.meanProgress,
      green: t.green,
      yellow: t.yellow,
      red: t.red,
    })),
    byPeriod: d.byPeriod,
  };
}
