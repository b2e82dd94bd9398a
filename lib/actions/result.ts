import { ZodError } from "zod";
import { fieldErrors } from "@/lib/validation/issues";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/data/errors";

/** What every action returns to its form: message and field errors are message keys, translated by the form. */
export type ActionResult<T = object> = ({ ok: true } & T) | { ok: false; message: string; errors?: Record<string, string> };

/** Turns the data layer's refusals into a result; anything unexpected is logged and reported without details. */
export function failure(err: unknown): { ok: false; message: string; errors?: Record<string, string> } {
  if (err instanceof ZodError) return { ok: false, message: "invalid", errors: fieldErrors(err) };
  if (err instanceof InvalidInputError) return { ok: false, message: "invalid", errors: err.fields };
  if (err instanceof ConflictError) return { ok: false, message: err.code };
  if (err instanceof NotFoundError) return { ok: false, message: "notFound" };
  if (err instanceof ForbiddenError) return { ok: false, message: "forbidden" };
  if (err instanceof UnauthenticatedError) return { ok: false, message: "signedOut" };
  console.error(err);
  return { ok: false, message: "unexpected" };
}
