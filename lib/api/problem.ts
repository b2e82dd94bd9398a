import { ZodError, type z } from "zod";
import { ThrottledError } from "@/lib/data/api-tokens";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/data/errors";
import { BadRequestError } from "@/lib/domain/pagination";

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
  if (err instanceof BadRequestError) return problem(400, { detail: err.message, errors: err.errors });
  if (err instanceof ZodError) return problem(422, { detail: "Invalid values", errors: zodFields(err) });
  if (err instanceof InvalidInputError) {
    return problem(422, { detail: "Invalid values", errors: Object.entries(err.fields).map(([field, message]) => ({ field, message })) });
  }
  if (err instanceof UnauthenticatedError) return problem(401, { detail: "Sign in, or send Authorization: Bearer <token>" }, { "WWW-Authenticate": 'Bearer realm="api"' });
  if (err instanceof ForbiddenError) return problem(403, { detail: err.message });
  if (err instanceof NotFoundError) return problem(404, { detail: err.message });
  if (err instanceof ConflictError) return problem(409, { detail: err.message, code: err.code });
  if (err instanceof ThrottledError) return problem(429, { detail: err.message }, { "Retry-After": String(err.retryAfter) });
  if (isStatementTimeout(err)) {
    return problem(503, { detail: "The query took longer than the server allows (STATEMENT_TIMEOUT_MS); try a narrower filter or again later", code: "statementTimeout" }, { "Retry-After": "5" });
  }
  console.error("api: unexpected error", err);
  return problem(500);
}

type Params = Record<string, string | string[] | undefined>;

/** A route handler that answers every refusal as a problem; `params` are the route's (already awaited). */
export function handler(fn: (request: Request, params: Params) => Promise<Response>) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      return await fn(request, (await context?.params) ?? {});
    } catch (err) {
      return toProblem(err);
    }
  };
}

/** Query string or path values, parsed; what does not parse is a 400. */
export function parseParams<S extends z.ZodType>(schema: S, values: Params | URLSearchParams): z.output<S> {
  const input = values instanceof URLSearchParams ? Object.fromEntries(values) : values;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new BadRequestError("Bad parameter", zodFields(parsed.error));
  return parsed.data;
}

export function queryOf<S extends z.ZodType>(schema: S, request: Request): z.output<S> {
  return parseParams(schema, new URL(request.url).searchParams);
}

/** The JSON body parsed with the shared schema (an empty body is `{}`): malformed JSON is a 400, invalid values a 422. */
export async function bodyOf<S extends z.ZodType>(schema: S, request: Request): Promise<z.output<S>> {
  const text = await request.text();
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new BadRequestError("Malformed JSON body");
    }
  }
  return schema.parse(raw);
}

/** The caller's address for throttling: the first X-Forwarded-For hop (set by our reverse proxy), else X-Real-IP. */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || request.headers.get("x-real-ip")?.trim() || "unknown").slice(0, 64);
}

/** PostgreSQL's "canceling statement due to statement timeout" (57014), however the driver wraps it. */
function isStatementTimeout(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    if ((e as { code?: unknown }).code === "57014") return true;
  }
  return false;
}
