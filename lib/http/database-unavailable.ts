/** System error codes of a connection that could not be made or was cut. */
const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * SQLSTATEs of a server that is not there for now: class 08 (connection exception), 57P01–57P03
 * (shut down by an administrator, crashed, starting or stopping), 53300 (too many connections).
 */
const unavailableState = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** node-postgres says these without a code: the socket closed under a query, or no connection in time. */
const driverMessages = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];

/**
 * Why the error means the database cannot be reached for now (a restart, a failover, a network
 * fault) — its code, or "connectionLost" — however the driver wraps it; null for any other error.
 * Such a request may be tried again: the API answers 503 with Retry-After, not 500.
 */
export function databaseUnavailable(err: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0 && seen.size < 10) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (networkCodes.has(code) || unavailableState.test(code))) return code;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && driverMessages.some((m) => m.test(message))) return "connectionLost";
    // drizzle wraps the driver's error in `cause`; a connect to several addresses fails with an AggregateError.
    queue.push((e as { cause?: unknown }).cause);
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return null;
}
