import type { Light } from "./progress";

export type RollupInput = {
  total: number;
  completed: number;
  /** Sum of latest approved progress over all assignments (none approved counts 0). */
  progressSum: number;
  /** Completed by their due date. */
  completedOnTime?: number;
  lights?: Partial<Record<Light, number>>;
  reportsDue?: number;
  reportsOnTime?: number;
};

export type Rollup = {
  total: number;
  completed: number;
  /** 0–1 */
  completionRate: number;
  /** 0–100, one decimal */
  meanProgress: number;
  /** 0–1: share of completed measures that were completed by their due date */
  onTimeRate: number | null;
  green: number;
  yellow: number;
  red: number;
  /** 0–1: reports submitted by their due day out of those due; null when none were due */
  punctuality: number | null;
};

export function rollup(r: RollupInput): Rollup {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    total: r.total,
    completed: r.completed,
    completionRate: ratio(r.completed, r.total),
    meanProgress: Math.round(ratio(r.progressSum, r.total) * 10) / 10,
    onTimeRate: r.completed > 0 && r.completedOnTime !== undefined ? r.completedOnTime / r.completed : null,
    green: r.lights?.green ?? 0,
    yellow: r.lights?.yellow ?? 0,
    red: r.lights?.red ?? 0,
    punctuality: r.reportsDue && r.reportsDue > 0 ? (r.reportsOnTime ?? 0) / r.reportsDue : null,
  };
}

/** Lights counted over a list. */
export function countLights(lights: Light[]): Record<Light, number> {
  const out: Record<Light, number> = { green: 0, yellow: 0, red: 0 };
  for (const l of lights) out[l]++;
  return out;
}

/** Ranking: completion rate, then mean progress, both descending; ties share a rank. */
export function rank<T extends { completionRate: number; meanProgress: number }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort(
    (a, b) => b.completionRate - a.completionRate || b.meanProgress - a.meanProgress,
  );
  let rankNo = 0;
  return sorted.map((row, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.completionRate !== row.completionRate || prev.meanProgress !== row.meanProgress) rankNo = i + 1;
    return { ...row, rank: rankNo };
  });
}

/** The worst of several lights (red before yellow before green); green for none. */
export function worstLight(lights: Light[]): Light {
  if (lights.includes("red")) return "red";
  if (lights.includes("yellow")) return "yellow";
  return "green";
}
