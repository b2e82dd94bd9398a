import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/data/errors";
import { databaseUnavailable } from "./database-unavailable";

/** `{ error: code }` with a status, never cached. */
export function failure(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "private, no-store" } });
}

/** The data layer's refusals as `{ error: code }`, an unreachable database as 503; anything else is a real fault and stays a 500. */
export function refusal(err: unknown): Response {
  if (err instanceof InvalidInputError) return failure(422, Object.values(err.fields)[0] ?? "invalid");
  if (err instanceof ConflictError) return failure(409, err.code);
  if (err instanceof NotFoundError) return failure(404, "notFound");
  if (err instanceof ForbiddenError) return failure(403, "forbidden");
  if (err instanceof UnauthenticatedError) return failure(401, "unauthenticated");
  // The database restarting or out of reach: try again shortly (the pool reconnects by itself).
  if (databaseUnavailable(err)) {
    return Response.json({ error: "databaseUnavailable" }, { status: 503, headers: { "Cache-Control": "private, no-store", "Retry-After": "5" } });
  }
  throw err;
}

/** RFC 5987 percent-encoding: encodeURIComponent leaves ' ( ) * as they are. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 6266 Content-Disposition: an ASCII fallback when given, then the real (UTF-8) name. */
export function attachmentDisposition(name: string, fallback?: string): string {
  return `attachment; ${fallback ? `filename="${fallback}"; ` : ""}filename*=UTF-8''${encodeRfc5987(name)}`;
}
