/** The year a page shows: the one asked for if it exists, else the current year, else the latest. */
export function pickYear(requested: string | undefined, available: number[], currentYear: number): number | null {
  const asked = Number(requested);
  if (requested && Number.isInteger(asked) && available.includes(asked)) return asked;
  if (available.includes(currentYear)) return currentYear;
  return available.length ? Math.max(...available) : null;
}
