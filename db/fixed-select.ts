import { Column, getTableColumns, is, SQL, Table, type Query } from "drizzle-orm";
import { QueryBuilder, type PgSession, type SelectedFieldsOrdered } from "drizzle-orm/pg-core";
import type { Executor } from "./client";

/** A select as a query builder with no database gives it: its text, and the fields its rows are mapped to. */
type Select = { toSQL(): Query; _: { selectedFields: unknown; result: unknown } };

/**
 * A select whose text is built once per process and run with each call's values. drizzle builds
 * a statement's text anew at every run, and for a select of a dozen columns over joins that costs
 * 80–180 µs of the server's CPU (most of it in its type checks, is()), more than running it on
 * the server: on the write path, which runs the same few selects at every request, that was ~10 %
 * of a request's CPU. The text of these never changes: their varying values are placeholders
 * (`sql.placeholder(name)`, each filled from `values`, encoded as its column encodes it).
 *
 * `build` gets a query builder without a database; the rows come back mapped as the same select
 * run on `db` would map them (inner joins only: a left join's all-null table would not become null).
 */
export function fixedSelect<S extends Select, V extends Record<string, unknown>>(build: (qb: QueryBuilder) => S): (db: Executor, values: V) => Promise<S["_"]["result"]> {
  let compiled: { query: Query; fields: SelectedFieldsOrdered } | undefined;
  return (db, values) => {
    if (!compiled) {
      const select = build(new QueryBuilder());
      compiled = { query: select.toSQL(), fields: orderedFields(select._.selectedFields as Record<string, unknown>) };
    }
    const session = (db as unknown as { _: { session: PgSession } })._.session;
    return session.prepareQuery(compiled.query, compiled.fields, undefined, true).execute(values) as Promise<S["_"]["result"]>;
  };
}

/** The selection's fields in the order drizzle writes them into the statement (its orderSelectedFields): a table's columns in their place, nested objects depth first. */
export function orderedFields(selection: Record<string, unknown>, prefix: string[] = []): SelectedFieldsOrdered {
  const out: SelectedFieldsOrdered = [];
  for (const [name, field] of Object.entries(selection)) {
    const path = [...prefix, name];
    if (is(field, Column) || is(field, SQL) || is(field, SQL.Aliased)) out.push({ path, field: field as SelectedFieldsOrdered[number]["field"] });
    else if (is(field, Table)) out.push(...orderedFields(getTableColumns(field), path));
    else if (field && typeof field === "object") out.push(...orderedFields(field as Record<string, unknown>, path));
    else throw new Error(`fixedSelect: ${path.join(".")} is not a column, SQL or table`);
  }
  return out;
}
