import { ZodError, type z } from "zod";
import { ThrottledError } from "@/lib/data/api-tokens";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/data/errors";
import { BadRequestError } from "@/lib/domain/pagination";
import { getEnv } from "@/lib/env";
import { errorForLog, log } from "@/lib/log";
import { databaseUnavailable } from "@/lib/http/database-unavailable";
import { clientAddressOf } from "@/lib/http/request-address";
import { BODY_LIMITS, BodyTooLargeError, isJsonContentType, readLimitedText, refusalResponse, requestRefusal, type Refusal } from "@/lib/http/request-guard";
import { findBadValue, hasUnstorableText, jsonDepthExceeds } from "@/lib/http/safe-input";

/** RFC 9457 problem details; `errors` lists each invalid field on 400 and 422. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
};

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  503: "Service Unavailable",
  500: "Internal Server Error",
};

const noStore = { "Cache-Control": "private, no-store" };

export function problem(status: number, extra: Omit<Partial<Problem>, "status"> = {}, headers: Record<string, string> = {}): Response {
  const body: Problem = { type: "about:blank", title: titles[status] ?? "Error", status, ...extra };
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/problem+json", ...noStore, ...headers } });
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: noStore });
}

const zodFields = (err: ZodError) => err.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));

/** The data layer's refusals as problems; anything else is a fault: logged, answered with a bare 500. */
export function toProblem(err: unknown): Response {
  if (err instanceof RequestRefusedError) return refusalResponse(err.refusal);
  if (err instanceof BodyTooLargeError) return problem(413, { detail: err.message, code: "tooLarge" });
  if (err instanceof BadRequestError) return problem(400, { detail: err.message, errors: err.errors });
  if (err instanceof ZodError) return problem(422, { detail: "Invalid values", errors: zodFields(err) });
  if (err instanceof InvalidInputError) {
    return problem(422, { detail: "Invalid values", errors: Object.entries(err.fields).map(([field, message]) => ({ field, message })) });
  }
  if (err instanceof UnauthenticatedError) {
    // A code the caller can act on (secondFactorRequired: send `code` too) comes with its own detail.
    const extra = err.code ? { detail: err.message, code: err.code } : { detail: "Sign in, or send Authorization: Bearer <token>" };
    return problem(401, extra, { "WWW-Authenticate": 'Bearer realm="api"' });
  }
  if (err instanceof ForbiddenError) return problem(403, { detail: err.message });
  if (err instanceof NotFoundError) return problem(404, { detail: err.message });
  if (err instanceof ConflictError) return problem(409, { detail: err.message, code: err.code });
  if (err instanceof ThrottledError) return problem(429, { detail: err.message }, { "Retry-After": String(err.retryAfter) });
  if (isStatementTimeout(err)) {
    return problem(503, { detail: "The query took longer than the server allows (STATEMENT_TIMEOUT_MS); try a narrower filter or again later", code: "statementTimeout" }, { "Retry-After": "5" });
  }
  const unavailable = databaseUnavailable(err);
  if (unavailable) {
    // A restart or failover: nothing to fix in the request, and the pool reconnects by itself.
    // One line with the reason's code, no stack: a failed query's error carries its bound values.
    log.warn({ reason: unavailable }, "api: the database is unavailable");
    return problem(503, { detail: "The database cannot be reached for the moment; try again shortly", code: "databaseUnavailable" }, { "Retry-After": "5" });
  }
  const dataError = postgresDataError(err);
  if (dataError) {
    // A backstop: a value the schemas let through but PostgreSQL cannot take (the statement, and
    // its transaction, failed whole, so nothing was written). Validation should have named the field.
    console.error(`api: a value PostgreSQL refused (${dataError}) passed validation`);
    return problem(422, { detail: "A value is out of range or malformed", code: "invalidValue" });
  }
  log.error({ err: errorForLog(err) }, "api: unexpected error");
  return problem(500);
}

/** A refusal of the request as a whole (cross-site, wrong media type), before its content is looked at. */
export class RequestRefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.detail);
  }
}

type Params = Record<string, string | string[] | undefined>;

/**
 * A route handler that answers every refusal as a problem; `params` are the route's (already
 * awaited). Before `fn` runs: a cross-site write or an announced body over the limit is refused
 * (as proxy.ts does, for routes the proxy does not see and for calls that bypass it), and every
 * path parameter must be storable text.
 */
export function handler(fn: (request: Request, params: Params) => Promise<Response>, opts: { bodyLimit?: number } = {}) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      const refused = requestRefusal(request, { configuredOrigin: getEnv().appOrigin, bodyLimit: opts.bodyLimit ?? BODY_LIMITS.other });
      if (refused) return refusalResponse(refused);
      return await fn(request, (await context?.params) ?? {});
    } catch (err) {
      return toProblem(err);
    }
  };
}

/** Query string or path values, parsed; what does not parse is a 400. */
export function parseParams<S extends z.ZodType>(schema: S, values: Params | URLSearchParams): z.output<S> {
  const input = values instanceof URLSearchParams ? Object.fromEntries(values) : values;
  for (const [field, v] of Object.entries(input)) {
    if ([v].flat().some((x) => typeof x === "string" && hasUnstorableText(x))) throw new BadRequestError("Bad parameter", [{ field, message: "unstorableText" }]);
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new BadRequestError("Bad parameter", zodFields(parsed.error));
  return parsed.data;
}

export function queryOf<S extends z.ZodType>(schema: S, request: Request): z.output<S> {
  return parseParams(schema, new URL(request.url).searchParams);
}

/**
 * The JSON body parsed with the shared schema (an empty body is `{}`). Refused: another
 * Content-Type than JSON (415, so that a cross-site text/plain form cannot pass for JSON), more
 * than `maxBytes` (413, counted while read; default 100 KB), malformed or too deeply nested JSON
 * (400); a NUL or a lone surrogate anywhere, or invalid values (422 naming the field).
 */
export async function bodyOf<S extends z.ZodType>(schema: S, request: Request, opts: { maxBytes?: number } = {}): Promise<z.output<S>> {
  const text = await readLimitedText(request, opts.maxBytes ?? BODY_LIMITS.json);
  let raw: unknown = {};
  if (text.trim() !== "") {
    if (!isJsonContentType(request.headers.get("content-type"))) {
      throw new RequestRefusedError({ status: 415, code: "unsupportedMediaType", detail: "Send the body as Content-Type: application/json" });
    }
    if (jsonDepthExceeds(text)) throw new BadRequestError("JSON nested too deeply", [{ field: "body", message: "tooDeep" }]);
    try {
      raw = JSON.parse(text);
    } catch {
      throw new BadRequestError("Malformed JSON body");
    }
  }
  const bad = findBadValue(raw);
  if (bad) throw new InvalidInputError({ [bad.field]: bad.message });
  return schema.parse(raw);
}

/** The caller's address for throttling and the audit log: the socket's, or the right-most hop our trusted proxies added. */
export function clientAddress(request: Request): string {
  return clientAddressOf(request.headers);
}

/** The SQLSTATE of a PostgreSQL data exception (class 22: out of range, bad date, bad encoding…), or null. */
export function postgresDataError(err: unknown): string | null {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return code;
  }
  return null;
}

/** PostgreSQL's "canceling statement due to statement timeout" (57014), however the driver wraps it. */
function isStatementTimeout(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    if ((e as { code?: unknown }).code === "57014") return true;
  }
  return false;
}
