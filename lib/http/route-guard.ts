import { getEnv } from "@/lib/env";
import { BODY_LIMITS, refusalResponse, requestRefusal } from "./request-guard";

/**
 * For a route handler not built with `handler()` (lib/api/problem.ts): the proxy's checks, run by
 * the route itself — a cross-site write is 403, an announced body over `bodyLimit` 413. Returns the
 * refusal to answer with, or null to go on. Routes the proxy skips (uploads) must call it.
 */
export function refuseRequest(request: Request, bodyLimit: number = BODY_LIMITS.other): Response | null {
  const refused = requestRefusal(request, { configuredOrigin: getEnv().appOrigin, bodyLimit });
  return refused ? refusalResponse(refused) : null;
}
