import { z } from "zod";

/** Thrown for a query or path value that does not parse: a 400. */
export class BadRequestError extends Error {
  readonly status = 400;
  constructor(
    message: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export type Page<T> = { items: T[]; nextCursor: string | null };

type Key = number | string;
const keySchema = z.object({ k: z.union([z.number(), z.string()]) });

/** Opaque cursor: the sort key of the last item sent. */
export function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify({ k: key }), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | undefined): Key | undefined {
  if (cursor === undefined) return undefined;
  try {
    return keySchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))).k;
  } catch {
    throw new BadRequestError("Bad cursor", [{ field: "cursor", message: "badCursor" }]);
  }
}

export function decodeNumberCursor(cursor: string | undefined): number | undefined {
  const k = decodeCursor(cursor);
  if (k !== undefined && typeof k !== "number") throw new BadRequestError("Bad cursor", [{ field: "cursor", message: "badCursor" }]);
  return k;
}

/**
 * A page of `rows` in ascending order of their unique `key`, after the cursor's key. Stable: a
 * row added or removed between pages never shifts the others.
 */
export function paginate<T>(rows: T[], key: (row: T) => Key, page: { limit: number; cursor?: string }): Page<T> {
  const after = decodeCursor(page.cursor);
  const sorted = [...rows].sort((a, b) => compare(key(a), key(b)));
  const rest = after === undefined ? sorted : sorted.filter((r) => compare(key(r), after) > 0);
  return pageOf(rest, key, page.limit);
}

/** The first `limit` of rows already in key order (fetch limit + 1 to know whether more follow). */
export function pageOf<T>(rows: T[], key: (row: T) => Key, limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(key(items.at(-1)!)) : null };
}

function compare(a: Key, b: Key): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
