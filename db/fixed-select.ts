import { Column, getTableColumns, is, Param, Placeholder, SQL, StringChunk, Table, type Query, type SQLWrapper } from "drizzle-orm";
import { PgDialect, QueryBuilder, type PgSession, type SelectedFieldsOrdered } from "drizzle-orm/pg-core";
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

/**
 * A statement whose text is built once per process, as fixedSelect's are, for the writes every
 * report runs (its update, its version, its audit entry): each call gives it with its values as an
 * SQL to run or to send as a WITH item of another statement (withItems). `build` makes it with
 * placeholders (`sql.placeholder(name)`) on `db`, only to build it; a value for a column placeholder
 * is encoded as that column encodes it, and a null stays SQL's null (drizzle's fillPlaceholders would
 * write a json column's null as the JSON value null).
 */
export function fixedStatement<V extends Record<string, unknown>>(build: (db: Executor) => SQLWrapper): (db: Executor, values: V) => SQL {
  let compiled: { pieces: StringChunk[]; params: Parameter[] } | undefined;
  return (db, values) => {
    compiled ??= compileStatement(build(db).getSQL());
    const chunks: SQLChunk[] = [compiled.pieces[0]!];
    compiled.params.forEach((p, i) => {
      chunks.push(asChunk(valueOf(p, values)), compiled!.pieces[i + 1]!);
    });
    return new SQL(chunks);
  };
}

type SQLChunk = SQL["queryChunks"][number];

/** A parameter of a compiled statement: a constant (already encoded), or a placeholder's name with its column's encoder if it has one. */
type Parameter = { constant: unknown } | { name: string; encode: ((v: unknown) => unknown) | null };

/** The statement's text cut at its parameters ($1, $2… in order), and what each parameter is (worked out here, once, not at each call). */
function compileStatement(statement: SQL): { pieces: StringChunk[]; params: Parameter[] } {
  const q = new PgDialect().sqlToQuery(statement);
  const pieces: string[] = [];
  let from = 0;
  let n = 0;
  for (const m of q.sql.matchAll(/\$(\d+)/g)) {
    if (Number(m[1]) !== ++n) throw new Error(`fixedStatement: parameter $${m[1]} out of order in ${q.sql}`);
    pieces.push(q.sql.slice(from, m.index));
    from = m.index + m[0].length;
  }
  pieces.push(q.sql.slice(from));
  if (n !== q.params.length) throw new Error(`fixedStatement: ${n} parameters in the text, ${q.params.length} given`);
  const params = q.params.map((p): Parameter => {
    if (is(p, Placeholder)) return { name: p.name, encode: null };
    if (is(p, Param) && is(p.value, Placeholder)) {
      const encoder = p.encoder;
      return { name: p.value.name, encode: (v) => encoder.mapToDriverValue(v) };
    }
    return { constant: p };
  });
  return { pieces: pieces.map((p) => new StringChunk(p)), params };
}

function valueOf(p: Parameter, values: Record<string, unknown>): unknown {
  if ("constant" in p) return p.constant;
  const v = values[p.name];
  if (v === undefined) throw new Error(`fixedStatement: no value for ${p.name}`);
  return v === null || !p.encode ? v : p.encode(v);
}

/** A value as a chunk drizzle sends as one parameter: a primitive as it is (the cheapest for drizzle to write), anything else (an array, a Date) wrapped. */
function asChunk(v: unknown): SQLChunk {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" ? (v as SQLChunk) : new Param(v);
}
