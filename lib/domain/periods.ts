import { daysInMonth, pad, type IsoDate } from "./dates";

/** Reporting periods: "2025-03" (monthly) or "2025-Q1" (quarterly). */
export type Cadence = "monthly" | "quarterly";
export type PeriodKey = string;

const MONTHLY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTERLY = /^(\d{4})-Q([1-4])$/;

export function isPeriodKey(key: string, cadence: Cadence): boolean {
  return (cadence === "monthly" ? MONTHLY : QUARTERLY).test(key);
}

export function parsePeriod(key: PeriodKey): { year: number; cadence: Cadence; index: number } {
  let m = MONTHLY.exec(key);
  if (m) return { year: Number(m[1]), cadence: "monthly", index: Number(m[2]) };
  m = QUARTERLY.exec(key);
  if (m) return { year: Number(m[1]), cadence: "quarterly", index: Number(m[2]) };
  throw new RangeError(`Not a period: ${key}`);
}

export function periodKey(year: number, cadence: Cadence, index: number): PeriodKey {
  return cadence === "monthly" ? `${year}-${pad(index)}` : `${year}-Q${index}`;
}

export function periodsOfYear(year: number, cadence: Cadence): PeriodKey[] {
  const n = cadence === "monthly" ? 12 : 4;
  return Array.from({ length: n }, (_, i) => periodKey(year, cadence, i + 1));
}

/** First and last day of a period. */
export function periodRange(key: PeriodKey): { start: IsoDate; end: IsoDate } {
  const { year, cadence, index } = parsePeriod(key);
  const firstMonth = cadence === "monthly" ? index : (index - 1) * 3 + 1;
  const lastMonth = cadence === "monthly" ? index : index * 3;
  return {
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${year}-${pad(lastMonth)}-${pad(daysInMonth(year, lastMonth))}`,
  };
}

/** The day a period's report is due: `dueDay` of the period's (last) month. */
export function periodDueDate(key: PeriodKey, dueDay: number): IsoDate {
  const { year, cadence, index } = parsePeriod(key);
  const month = cadence === "monthly" ? index : index * 3;
  return `${year}-${pad(month)}-${pad(Math.min(dueDay, daysInMonth(year, month)))}`;
}

/** The period a date falls in. */
export function periodOf(date: IsoDate, cadence: Cadence): PeriodKey {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return periodKey(year, cadence, cadence === "monthly" ? month : Math.ceil(month / 3));
}

export function previousPeriod(key: PeriodKey): PeriodKey {
  const { year, cadence, index } = parsePeriod(key);
  if (index > 1) return periodKey(year, cadence, index - 1);
  return periodKey(year - 1, cadence, cadence === "monthly" ? 12 : 4);
}

/** Periods of a window (start → due) for which reports are asked, in order. */
export function periodsBetween(start: IsoDate, end: IsoDate, cadence: Cadence): PeriodKey[] {
  const out: PeriodKey[] = [];
  let key = periodOf(start, cadence);
  const last = periodOf(end, cadence);
  for (let guard = 0; guard < 1200; guard++) {
    out.push(key);
    if (key === last) break;
    key = nextPeriod(key);
  }
  return out;
}

export function nextPeriod(key: PeriodKey): PeriodKey {
  const { year, cadence, index } = parsePeriod(key);
  const n = cadence === "monthly" ? 12 : 4;
  return index < n ? periodKey(year, cadence, index + 1) : periodKey(year + 1, cadence, 1);
}

/** A period is closed for drafting once its due day plus the grace days has passed. */
export function isPeriodClosed(key: PeriodKey, today: IsoDate, dueDay: number, graceDays: number): boolean {
  const due = periodDueDate(key, dueDay);
  const closesAfter = new Date(Date.parse(`${due}T00:00:00Z`) + graceDays * 86_400_000).toISOString().slice(0, 10);
  return today > closesAfter;
}
