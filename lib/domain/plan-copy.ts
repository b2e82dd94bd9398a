import { addYears, isIsoDate } from "./dates";

/** A year's plan carried to the next: titles say the new year, dates move on a year. Pure functions. */

/** Replaces the old year where it stands as a year ("2025年", "2025 ") in a title; other figures stay. */
export function retitleForYear(title: string, fromYear: number, toYear: number): string {
  const re = new RegExp(`(^|[^\\d])${fromYear}(?!\\d)`, "g");
  const replaced = title.replace(re, `$1${toYear}`);
  return replaced;
}

/** An ISO date moved by whole years; null stays null. */
export function shiftDate(d: string | null, years: number): string | null {
  if (d === null) return null;
  return isIsoDate(d) ? addYears(d, years) : d;
}
