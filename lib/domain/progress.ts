import { dayNumber, type IsoDate } from "./dates";

export type Light = "green" | "yellow" | "red";

export type Thresholds = {
  /** At most this many points behind expected is still green (DESIGN: 10). */
  greenMaxBehind: number;
  /** At most this many points behind is yellow; more is red (DESIGN: 25). */
  yellowMaxBehind: number;
};

export const DEFAULT_THRESHOLDS: Thresholds = { greenMaxBehind: 10, yellowMaxBehind: 25 };

/**
 * The share of an assignment's window (start → due) that has passed on a date, 0–100.
 * The start day counts as 0 % and the due day as 100 %.
 */
export function expectedProgress(start: IsoDate, due: IsoDate, on: IsoDate): number {
  const s = dayNumber(start);
  const d = dayNumber(due);
  const t = dayNumber(on);
  if (t >= d) return 100;
  if (t <= s) return 0;
  // One division of integers, so that SQL's numeric arithmetic gives the same figure.
  return Math.round(((t - s) * 1000) / (d - s)) / 10;
}

/**
 * Where a measure that runs the whole year (1 January → 31 December) should stand on a day: the
 * dashboard's 应达进度 reference. On a day after the year, 100; before it, 0.
 */
export function yearExpectedProgress(year: number, on: IsoDate): number {
  return expectedProgress(`${year}-01-01`, `${year}-12-31`, on);
}

/** The year's 应达进度 at the end of each of the given periods, never later than today (the current period stands at today). */
export function yearExpectedCurve(year: number, periodEnds: IsoDate[], today: IsoDate): number[] {
  return periodEnds.map((end) => yearExpectedProgress(year, end < today ? end : today));
}

/** Complete only when the latest approved report says 100 % or "complete". */
export function isComplete(latestApproved: { progress: number; status?: string } | null): boolean {
  if (!latestApproved) return false;
  return latestApproved.progress >= 100 || latestApproved.status === "complete";
}

export type LightInput = {
  /** Latest approved progress, 0–100; null when nothing is approved yet. */
  progress: number | null;
  completed: boolean;
  start: IsoDate;
  due: IsoDate;
  on: IsoDate;
  /** The last closed period's report is missing. */
  lastPeriodMissing?: boolean;
  thresholds?: Thresholds;
};

/** 红黄绿灯 of DESIGN.md. */
export function statusLight(input: LightInput): Light {
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  if (input.completed) return "green";
  if (input.on > input.due) return "red";
  const behind = expectedProgress(input.start, input.due, input.on) - (input.progress ?? 0);
  if (behind > t.yellowMaxBehind) return "red";
  if (behind > t.greenMaxBehind || input.lastPeriodMissing) return "yellow";
  return "green";
}
