/**
 * The reporting rules, each written once: which plans count, handed in, punctuality, complete,
 * latest approved progress as of a period, and what an assignment's reports add up to (its kept
 * state). Every reader — dashboard, region and task pages, bureau home, review, bulletin, exports,
 * API — goes through these functions or through the SQL builders in lib/data/progress-core that
 * spell the same rules for aggregates (and are tested against these).
 */
import { shanghaiDate, type IsoDate } from "./dates";
import { isPeriodClosed, isPeriodKey, parsePeriod, periodDueDate, periodsOfYear, type Cadence, type PeriodKey } from "./periods";
import { expectedProgress, isComplete, statusLight, type Light, type Thresholds } from "./progress";

export type ReportState = "draft" | "submitted" | "returned" | "approved";
export type ReportStatus = "on_track" | "at_risk" | "behind" | "complete";
export type PlanState = "draft" | "published" | "closed";

/** Only published and closed plans count in any figure; a draft plan is staff's work in progress. */
export const COUNTING_PLAN_STATES = ["published", "closed"] as const satisfies readonly PlanState[];
export function planCounts(state: PlanState): boolean {
  return (COUNTING_PLAN_STATES as readonly string[]).includes(state);
}

/**
 * Handed in (已报送): the bureau submitted it. A returned report was handed in and is being
 * corrected; a draft was not. The "not handed in" lists, the missing-period light and the
 * bulletin all use this one rule.
 */
export const HANDED_IN_STATES = ["submitted", "returned", "approved"] as const satisfies readonly ReportState[];
export function isHandedIn(state: ReportState | null | undefined): boolean {
  return state !== null && state !== undefined && (HANDED_IN_STATES as readonly string[]).includes(state);
}

/** Punctual: first submitted on or before the period's due day (China time). */
export function isOnTime(firstSubmittedAt: Date | null | undefined, dueOn: IsoDate): boolean {
  return firstSubmittedAt != null && shanghaiDate(firstSubmittedAt) <= dueOn;
}

export { isComplete };

/** Progress as it counts in sums: 100 once complete, else the approved figure (0 when none). */
export function effectiveProgress(approved: { progress: number; status?: string | null } | null): number {
  if (!approved) return 0;
  return isComplete({ progress: approved.progress, status: approved.status ?? undefined }) ? 100 : approved.progress;
}

export type ReportFacts = {
  period: PeriodKey;
  state: ReportState;
  progress: number;
  status: ReportStatus;
  dueOn: IsoDate;
  firstSubmittedAt: Date | null;
};

/** The latest approved report with a period at or before `period` (all periods when null). */
export function latestApprovedAsOf<R extends Pick<ReportFacts, "period" | "state">>(reports: readonly R[], period: PeriodKey | null = null): R | null {
  let best: R | null = null;
  for (const r of reports) {
    if (r.state !== "approved") continue;
    if (period !== null && r.period > period) continue;
    if (!best || r.period > best.period) best = r;
  }
  return best;
}

export type AssignmentFacts = {
  planYear: number;
  cadence: Cadence;
  startDate: IsoDate;
  dueDate: IsoDate;
  /** Set when an approved completion closed the assignment (办结). */
  closedAt: Date | null;
  /** The plan's due day: a period whose report was due before the assignment started is not asked of it. */
  dueDay?: number;
};

export const FLAG_HANDED_IN = 1;
export const FLAG_ON_TIME = 2;
export const FLAG_APPROVED = 4;

export type AssignmentState = {
  approvedPeriod: PeriodKey | null;
  approvedProgress: number | null;
  approvedStatus: ReportStatus | null;
  completed: boolean;
  completedOnTime: boolean;
  lastPeriod: PeriodKey | null;
  lastState: ReportState | null;
  /** Periods of the plan's year inside the window, 1-based; null when the window misses the year. */
  firstIndex: number | null;
  lastIndex: number | null;
  asOf: number[];
  periodFlags: number[];
};

/** The 1-based index of a period within its year. */
export function periodIndex(period: PeriodKey): number {
  return parsePeriod(period).index;
}

/** The window's periods within the plan's year, as 1-based indices (clamped to the year). */
export function windowIndices(year: number, cadence: Cadence, start: IsoDate, due: IsoDate, dueDay?: number): { first: number; last: number } | null {
  const n = cadence === "monthly" ? 12 : 4;
  const yStart = `${year}-01-01`;
  const yEnd = `${year}-12-31`;
  if (due < yStart || start > yEnd) return null;
  const idx = (d: IsoDate) => {
    const month = Number(d.slice(5, 7));
    return cadence === "monthly" ? month : Math.ceil(month / 3);
  };
  let first = start < yStart ? 1 : idx(start);
  const last = due > yEnd ? n : idx(due);
  // Given after its first period's due day (a measure added mid-period): that period is not asked of it.
  if (dueDay !== undefined && first <= last && periodDueDate(periodsOfYear(year, cadence)[first - 1]!, dueDay) < start) first++;
  if (first > last) return null;
  return { first, last };
}

/** What an assignment's reports add up to: the state kept in assignment_states. */
export function deriveAssignmentState(a: AssignmentFacts, allReports: readonly ReportFacts[]): AssignmentState {
  // Only reports of the plan's own periods count (a period key of another cadence never does).
  const reports = allReports.filter((r) => isPeriodKey(r.period, a.cadence));
  const latest = latestApprovedAsOf(reports);
  let last: ReportFacts | null = null;
  for (const r of reports) if (!last || r.period > last.period) last = r;
  const completed = a.closedAt !== null || isComplete(latest ? { progress: latest.progress, status: latest.status } : null);
  const periods = periodsOfYear(a.planYear, a.cadence);
  const byPeriod = new Map(reports.map((r) => [r.period, r]));
  const approvedSorted = reports.filter((r) => r.state === "approved").sort((x, y) => (x.period < y.period ? -1 : 1));
  const asOf: number[] = [];
  const periodFlags: number[] = [];
  let j = -1;
  for (const p of periods) {
    while (j + 1 < approvedSorted.length && approvedSorted[j + 1]!.period <= p) j++;
    asOf.push(effectiveProgress(j >= 0 ? approvedSorted[j]! : null));
    const r = byPeriod.get(p);
    let flags = 0;
    if (r && isHandedIn(r.state)) flags |= FLAG_HANDED_IN;
    if (r && isHandedIn(r.state) && isOnTime(r.firstSubmittedAt, r.dueOn)) flags |= FLAG_ON_TIME;
    if (r && r.state === "approved") flags |= FLAG_APPROVED;
    periodFlags.push(flags);
  }
  const w = windowIndices(a.planYear, a.cadence, a.startDate, a.dueDate, a.dueDay);
  return {
    approvedPeriod: latest?.period ?? null,
    approvedProgress: latest?.progress ?? null,
    approvedStatus: latest?.status ?? null,
    completed,
    completedOnTime: a.closedAt !== null && shanghaiDate(a.closedAt) <= a.dueDate,
    lastPeriod: last?.period ?? null,
    lastState: last?.state ?? null,
    firstIndex: w?.first ?? null,
    lastIndex: w?.last ?? null,
    asOf,
    periodFlags,
  };
}

/** The last period of the plan's year that is closed today (0 when none yet). */
export function lastClosedIndex(year: number, cadence: Cadence, today: IsoDate, dueDay: number, graceDays: number): number {
  let k = 0;
  periodsOfYear(year, cadence).forEach((p, i) => {
    if (isPeriodClosed(p, today, dueDay, graceDays)) k = i + 1;
  });
  return k;
}

/** The last period of the plan's year whose due day has passed today (0 when none yet). */
export function lastDueIndex(year: number, cadence: Cadence, today: IsoDate, dueDay: number): number {
  let k = 0;
  periodsOfYear(year, cadence).forEach((p, i) => {
    if (periodDueDate(p, dueDay) < today) k = i + 1;
  });
  return k;
}

/** The last period of the plan's year that has begun today (0 when none yet). */
export function lastStartedIndex(year: number, cadence: Cadence, today: IsoDate): number {
  const n = cadence === "monthly" ? 12 : 4;
  if (today < `${year}-01-01`) return 0;
  if (today > `${year}-12-31`) return n;
  const month = Number(today.slice(5, 7));
  return cadence === "monthly" ? month : Math.ceil(month / 3);
}

/**
 * The missing-report rule of the light: the last closed period inside the window was not
 * handed in (never for a closed assignment).
 */
export function lastPeriodMissing(s: Pick<AssignmentState, "firstIndex" | "lastIndex" | "periodFlags" | "completed">, closedIndex: number): boolean {
  if (s.completed || s.firstIndex === null || s.lastIndex === null) return false;
  const k = Math.min(closedIndex, s.lastIndex);
  if (k < s.firstIndex) return false;
  return ((s.periodFlags[k - 1] ?? 0) & FLAG_HANDED_IN) === 0;
}

/** An assignment's light today, from its kept state. */
export function stateLight(
  s: Pick<AssignmentState, "approvedProgress" | "completed" | "firstIndex" | "lastIndex" | "periodFlags">,
  window: { start: IsoDate; due: IsoDate },
  today: IsoDate,
  closedIndex: number,
  thresholds?: Thresholds,
): Light {
  return statusLight({
    progress: s.approvedProgress,
    completed: s.completed,
    start: window.start,
    due: window.due,
    on: today,
    lastPeriodMissing: lastPeriodMissing(s, closedIndex),
    thresholds,
  });
}

/**
 * An assignment's light on a day, kept with its state so that no read evaluates it row by row:
 * the light, its place in the "behind" list (null when green) and the last day both still hold
 * (null: every later day — a complete or overdue assignment no longer changes until a write does;
 * otherwise the expected progress moves every day, so they hold for `today` only).
 *
 * The order key sorts the list as the dashboard does: overdue first, then red, then furthest
 * behind (in tenths of a point; assignment id breaks ties outside). Its parts: 20000 overdue,
 * 10000 red, plus behind tenths + 2000 (behind is −1000…1000, so the parts never overlap).
 */
export type DayLight = { light: Light; behindKey: number | null; until: IsoDate | null };

export function dayLight(
  s: Pick<AssignmentState, "approvedProgress" | "completed" | "firstIndex" | "lastIndex" | "periodFlags">,
  window: { start: IsoDate; due: IsoDate },
  today: IsoDate,
  closedIndex: number,
  thresholds?: Thresholds,
): DayLight {
  const light = stateLight(s, window, today, closedIndex, thresholds);
  const overdue = today > window.due;
  const until = s.completed || overdue ? null : today;
  if (light === "green") return { light, behindKey: null, until };
  const expected10 = Math.round(expectedProgress(window.start, window.due, today) * 10);
  const behind10 = expected10 - 10 * (s.approvedProgress ?? 0);
  return { light, behindKey: (overdue ? 20000 : 0) + (light === "red" ? 10000 : 0) + behind10 + 2000, until };
}

/** The behind tenths an order key carries (see dayLight). */
export function behindTenthsOfKey(key: number): number {
  return (key % 10000) - 2000;
}

/** Reports due and reports handed in by their due day, over the window's periods due by today. */
export function punctuality(s: Pick<AssignmentState, "firstIndex" | "lastIndex" | "periodFlags">, dueIndex: number): { due: number; onTime: number } {
  if (s.firstIndex === null || s.lastIndex === null) return { due: 0, onTime: 0 };
  let due = 0;
  let onTime = 0;
  for (let i = s.firstIndex; i <= Math.min(s.lastIndex, dueIndex); i++) {
    due++;
    if (((s.periodFlags[i - 1] ?? 0) & FLAG_ON_TIME) !== 0) onTime++;
  }
  return { due, onTime };
}

export { expectedProgress };

/**
 * The start of an assignment given now: the day it is given (Shanghai), unless the task's own
 * window starts later; never after its due day. Staff may choose another start explicitly.
 */
export function assignedStart(task: { startDate: IsoDate; dueDate: IsoDate }, now: Date): IsoDate {
  const today = shanghaiDate(now);
  const start = today > task.startDate ? today : task.startDate;
  return start > task.dueDate ? task.dueDate : start;
}
