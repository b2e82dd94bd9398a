import pino from "pino";

/**
 * The app's structured log: one JSON line per event on stdout, with the id of the request it
 * belongs to (scripts/server.mjs runs each request in an AsyncLocalStorage it puts on globalThis).
 * Never log a token, a password or a hash: pass ids and counts.
 */
type RequestStore = { reqId: string };
const holder = globalThis as unknown as { __trackerRequestContext?: { getStore(): RequestStore | undefined } };

export const log = pino({
  base: { service: "tracker" },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: () => {
    const store = holder.__trackerRequestContext?.getStore();
    return store ? { reqId: store.reqId } : {};
  },
});

/**
 * What of an error goes into a log line: its name, code, message and stack frames, never the
 * bound values of a failed query (drizzle puts them on a "params:" line; they can hold a token's
 * hash or a password's).
 */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const clean = (text: string) =>
    text
      .split("\n")
      .filter((line) => !/^\s*params:/.test(line))
      .join("\n");
  const cause = err.cause instanceof Error ? { name: err.cause.name, message: clean(err.cause.message), code: (err.cause as { code?: unknown }).code } : undefined;
  return {
    name: err.name,
    code: (err as { code?: unknown }).code,
    message: clean(err.message),
    stack: err.stack?.split("\n").filter((line) => line.startsWith("    at ")).join("\n"),
    cause,
  };
}
