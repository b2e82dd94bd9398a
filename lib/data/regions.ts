import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { regions } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { NotFoundError } from "./errors";
import { requireViewer } from "./guard";

export type RegionSummary = { code: string; nameZh: string; nameEn: string; level: string; parentCode: string | null };

const regionColumns = {
  code: regions.code,
  nameZh: regions.nameZh,
  nameEn: regions.nameEn,
  level: regions.level,
  parentCode: regions.parentCode,
};

/** The league-cities (names are public to every signed-in role). */
export async function listLeagueCities(): Promise<RegionSummary[]> {
  await requireViewer("region.read");
  const db = await getDb();
  return db.select(regionColumns).from(regions).where(eq(regions.level, "league_city")).orderBy(asc(regions.sortOrder), asc(regions.code));
}

/** One region; a bureau may open only its own (another region is "not found"). */
export async function getRegion(code: string): Promise<RegionSummary> {
  const viewer = await requireViewer("region.read");
  if (!can(viewer, "region.read", { regionCode: code })) throw new NotFoundError(`region ${code}`);
  const db = await getDb();
  const [row] = await db.select(regionColumns).from(regions).where(eq(regions.code, code));
  if (!row) throw new NotFoundError(`region ${code}`);
  return row;
}
