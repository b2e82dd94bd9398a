/**
 * A json / jsonb value as the drivers give it: PGlite and node-postgres parse it, but a value
 * built in SQL (json_agg, a json column read through some paths) can arrive as its text.
 */
export function fromJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
