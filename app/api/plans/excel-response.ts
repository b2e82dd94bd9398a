import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/data/errors";

/** Shared by the plan workbook routes: JSON errors with their status, and .xlsx downloads. */

export function jsonError(status: number, error: string, extra: object = {}): Response {
  return Response.json({ error, ...extra }, { status, headers: { "Cache-Control": "private, no-store" } });
}

/** The data layer's refusals as `{ error: code }`; anything else is a real fault and stays a 500. */
export function refusal(err: unknown): Response {
  if (err instanceof InvalidInputError) return jsonError(422, Object.values(err.fields)[0] ?? "invalid");
  if (err instanceof ConflictError) return jsonError(409, err.code);
  if (err instanceof NotFoundError) return jsonError(404, "notFound");
  if (err instanceof ForbiddenError) return jsonError(403, "forbidden");
  if (err instanceof UnauthenticatedError) return jsonError(401, "unauthenticated");
  if ((err as Error)?.name === "ZodError") return jsonError(422, "invalid");
  throw err;
}

export function xlsx(bytes: Uint8Array, fileName: string): Response {
  return new Response(bytes as unknown as BodyInit, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="plan.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
