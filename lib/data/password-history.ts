import "server-only";
import { and, desc, eq, notInArray } from "drizzle-orm";
import type { Executor } from "@/db";
import { passwordHistory } from "@/db/schema";
import { PASSWORD_HISTORY } from "@/lib/validation/security-policy";

/**
 * Keeps a password's hash when it is replaced (by its user or by an administrator's reset), and
 * only the newest few: a new password may not repeat the last PASSWORD_HISTORY.
 */
export async function rememberPassword(tx: Executor, userId: number, oldHash: string, now: Date = new Date()): Promise<void> {
  await tx.insert(passwordHistory).values({ userId, passwordHash: oldHash, createdAt: now });
  const keep = await tx
    .select({ id: passwordHistory.id })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id))
    .limit(PASSWORD_HISTORY);
  await tx.delete(passwordHistory).where(and(eq(passwordHistory.userId, userId), notInArray(passwordHistory.id, keep.map((k) => k.id))));
}
