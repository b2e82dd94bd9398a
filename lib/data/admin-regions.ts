import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { assignments, regions, users } from "@/db/schema";
import { regionActiveSchema, regionCreateSchema, regionRenameSchema, type RegionCreateInput } from "@/lib/validation/user";
import { recordAudit } from "./audit";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";

/**
 * Regions are added, renamed and deactivated, never deleted: assignments, reports and the
 * audit log keep naming them. There is deliberately no delete here.
 */

export type AdminRegion = {
  code: string;
  nameZh: string;
  nameEn: string;
  level: "province" | "league_city" | "banner_county";
  parentCode: string | null;
  active: boolean;
  assignmentCount: number;
  userCount: number;
};

/** Every region, province first, each league-city followed by its banner-counties. */
export async function listAdminRegions(): Promise<AdminRegion[]> {
  await requireViewer("region.manage");
  const db = await getDb();
  const rows = await db
    .select({
      code: regions.code,
      nameZh: regions.nameZh,
      nameEn: regions.nameEn,
      level: regions.level,
      parentCode: regions.parentCode,
      active: regions.active,
      sortOrder: regions.sortOrder,
      assignmentCount: sql<number>`(select count(*)::int from ${assignments} where ${assignments.regionCode} = ${regions.code})`,
      userCount: sql<number>`(select count(*)::int from ${users} where ${users.regionCode} = ${regions.code} and ${users.active})`,
    })
    .from(regions)
    .orderBy(asc(regions.sortOrder), asc(regions.code));
  const byParent = new Map<string | null, typeof rows>();
  for (const r of rows) byParent.set(r.parentCode, [...(byParent.get(r.parentCode) ?? []), r]);
  const out: AdminRegion[] = [];
  const walk = (parent: string | null) => {
    for (const { sortOrder: _s, ...r } of byParent.get(parent) ?? []) {
      out.push({ ...r, assignmentCount: Number(r.assignmentCount), userCount: Number(r.userCount) });
      walk(r.code);
    }
  };
  walk(null);
  return out;
}

/** Adds a league-city below the province or a banner-county below a league-city. */
export async function createRegion(input: RegionCreateInput): Promise<{ code: string }> {
  const viewer = await requireViewer("region.manage");
  const d = regionCreateSchema.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [parent] = await tx.select({ level: regions.level, active: regions.active }).from(regions).where(eq(regions.code, d.parentCode));
    if (!parent || !parent.active || parent.level === "banner_county") throw new InvalidInputError({ parentCode: "badParent" });
    const [exists] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, d.code));
    if (exists) throw new InvalidInputError({ code: "codeTaken" });
    const level = parent.level === "province" ? ("league_city" as const) : ("banner_county" as const);
    const [{ next } = { next: 0 }] = await tx
      .select({ next: sql<number>`coalesce(max(${regions.sortOrder}), 0)::int + 1` })
      .from(regions)
      .where(eq(regions.parentCode, d.parentCode));
    const values = { code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, level, parentCode: d.parentCode, sortOrder: Number(next) };
    await tx.insert(regions).values(values);
    await recordAudit(tx, { actorId: viewer.id, action: "region.create", entityType: "region", entityId: d.code, regionCode: d.code, after: values });
    return { code: d.code };
  });
}

export async function renameRegion(input: { code: string; nameZh: string; nameEn?: string }): Promise<void> {
  const viewer = await requireViewer("region.manage");
  const d = regionRenameSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions).where(eq(regions.code, d.code)).for("update");
    if (!before) throw new NotFoundError(`region ${d.code}`);
    await tx.update(regions).set({ nameZh: d.nameZh, nameEn: d.nameEn, updatedAt: new Date() }).where(eq(regions.code, d.code));
    await recordAudit(tx, { actorId: viewer.id, action: "region.rename", entityType: "region", entityId: d.code, regionCode: d.code, before, after: { nameZh: d.nameZh, nameEn: d.nameEn } });
  });
}

/**
 * Deactivates or reactivates a region. The province stays; a region with active regions below
 * it is not deactivated, nor one whose parent is inactive reactivated.
 */
export async function setRegionActive(input: { code: string; active: boolean }): Promise<void> {
  const viewer = await requireViewer("region.manage");
  const d = regionActiveSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ level: regions.level, active: regions.active, parentCode: regions.parentCode }).from(regions).where(eq(regions.code, d.code)).for("update");
    if (!before) throw new NotFoundError(`region ${d.code}`);
    if (before.active === d.active) return;
    if (before.level === "province") throw new ConflictError("province", "provinceFixed");
    if (!d.active) {
      const [child] = await tx.select({ code: regions.code }).from(regions).where(and(eq(regions.parentCode, d.code), eq(regions.active, true))).limit(1);
      if (child) throw new ConflictError("active children", "regionHasActiveChildren");
    } else if (before.parentCode) {
      const [parent] = await tx.select({ active: regions.active }).from(regions).where(eq(regions.code, before.parentCode));
      if (!parent?.active) throw new ConflictError("inactive parent", "parentInactive");
    }
    await tx.update(regions).set({ active: d.active, updatedAt: new Date() }).where(eq(regions.code, d.code));
    await recordAudit(tx, {
      actorId: viewer.id,
      action: d.active ? "region.reactivate" : "region.deactivate",
      entityType: "region",
      entityId: d.code,
      regionCode: d.code,
      before: { active: before.active },
      after: { active: d.active },
    });
  });
}
