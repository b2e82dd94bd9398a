/** Calendar dates as ISO strings ("2025-03-31"), in the Asia/Shanghai time zone. Pure functions. */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
export function dayNumber(d: IsoDate): number {
  const m = ISO_DATE.exec(d);
  if (!m) throw new RangeError(`Not an ISO date: ${d}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(d) + days);
}

/** The same calendar date `years` later; 29 February becomes 28 February in a common year. */
export function addYears(d: IsoDate, years: number): IsoDate {
  const [y, m, day] = d.split("-").map(Number) as [number, number, number];
  const ny = y + years;
  const last = daysInMonth(ny, m);
  return `${ny}-${pad(m)}-${pad(Math.min(day, last))}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Today's date in China (UTC+8, no daylight saving) for an instant. */
export function shanghaiDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}
