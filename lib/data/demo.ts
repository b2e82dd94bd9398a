import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { regions, users } from "@/db/schema";
import { getEnv } from "@/lib/env";

/** In demo mode the sign-in page lists the demo accounts (their password is public); otherwise nothing. */
export async function listDemoLogins(): Promise<{ username: string; name: string; role: string; regionName: string | null }[]> {
  const env = getEnv();
  if (!env.seedDemo) return [];
  const db = await getDb();
  return db
    .select({ username: users.username, name: users.name, role: users.role, regionName: regions.nameZh })
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .where(eq(users.isDemo, true))
    .orderBy(asc(users.id));
}

export function isDemoMode(): { demo: boolean; password: string | null } {
  const env = getEnv();
  return { demo: env.seedDemo, password: env.seedDemo ? env.demoPassword : null };
}
