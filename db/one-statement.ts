import { sql, type SQL } from "drizzle-orm";

/**
 * Writes that go to the database with another statement, as data-modifying WITH items of it: one
 * round trip instead of one each. They share that statement's snapshot, so none sees another's
 * effect, and PostgreSQL runs them in no set order: only writes to different rows (or tables) that
 * need nothing of each other go together.
 */
export type Alongside = readonly SQL[];

/** `body` preceded by WITH items: named ones (`[name, query]`, which body and later items may read) and the writes run alongside (w1, w2…). */
export function withItems(alongside: Alongside, named: readonly (readonly [string, SQL])[], body: SQL): SQL {
  const items = [...alongside.map((w, i) => [`w${i + 1}`, w] as const), ...named];
  if (items.length === 0) return body;
  return sql`with ${sql.join(
    items.map(([name, query]) => {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`bad WITH item name ${name}`);
      return sql`${sql.raw(name)} as (${query})`;
    }),
    sql`, `,
  )} ${body}`;
}
