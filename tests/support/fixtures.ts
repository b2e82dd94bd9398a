import { eq, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { setClaims } from "./session-mock";

/** The instant the demo history is built for in tests: 22 November 2026, noon in Shanghai. */
export const NOW = new Date("2026-11-22T04:00:00Z");

export async function seed(): Promise<void> {
  await seedDemo(await getDb(), { password: "demo2025", now: NOW });
}

/** Acts as a demo user for the data-layer calls that follow; null signs out. */
export async function actAs(username: string | null): Promise<void> {
  if (username === null) return setClaims(null);
  const db = await getDb();
  const [u] = await db.select({ id: users.id, sv: users.sessionVersion }).from(users).where(eq(users.username, username));
  if (!u) throw new Error(`no user ${username}`);
  setClaims({ userId: u.id, sessionVersion: u.sv });
}

/** Rows of a raw SQL query (both drivers answer with { rows }). */
export async function query<T = Record<string, unknown>>(q: SQL): Promise<T[]> {
  const db = await getDb();
  const res = (await db.execute(q)) as unknown as { rows: T[] };
  return res.rows;
}
