/**
 * The reference data a production database needs without the demo: the region tree of Inner
 * Mongolia (the autonomous region, its 12 league-cities and their 103 banner-county units with
 * their GB/T 2260 codes), taken from a maintained package of China's administrative divisions,
 * not typed by hand. Idempotent: what is there (and edited by the administrator) stays.
 */
import { createRequire } from "node:module";
import type { Executor } from "./client";
import { regions } from "./schema";
import { leagueCities, provinceRegion } from "./seed/regions-data";

type DivisionData = Record<string, Record<string, string>>;

export type RegionRow = typeof regions.$inferInsert;

/** The banner-county units below each league-city: "市辖区" placeholders and development zones (x7x) are not units of the tree. */
export function innerMongoliaCounties(data: DivisionData = loadDivisions()): RegionRow[] {
  const out: RegionRow[] = [];
  for (const city of leagueCities) {
    const below = data[city.code] ?? {};
    const codes = Object.keys(below).filter((code) => code.length === 6 && below[code] !== "市辖区" && code[4] !== "7").sort();
    codes.forEach((code, i) => {
      const name = below[code]!;
      // The package names regions in Chinese only; the administrator may add English names.
      out.push({ code, nameZh: name, nameEn: name, level: "banner_county", parentCode: city.code, sortOrder: i + 1 });
    });
  }
  return out;
}

function loadDivisions(): DivisionData {
  return createRequire(import.meta.url)("china-area-data/data.json") as DivisionData;
}

export function referenceRegions(): RegionRow[] {
  return [
    { ...provinceRegion, level: "province", sortOrder: 0 },
    ...leagueCities.map((r, i) => ({ ...r, level: "league_city" as const, parentCode: provinceRegion.code, sortOrder: i + 1 })),
    ...innerMongoliaCounties(),
  ];
}

/** Inserts the region tree where it is missing (level by level, parents first). Returns how many were added. */
export async function ensureReferenceData(tx: Executor): Promise<number> {
  const rows = referenceRegions();
  let added = 0;
  for (const level of ["province", "league_city", "banner_county"] as const) {
    const batch = rows.filter((r) => r.level === level);
    const inserted = await tx.insert(regions).values(batch).onConflictDoNothing().returning({ code: regions.code });
    added += inserted.length;
  }
  return added;
}
