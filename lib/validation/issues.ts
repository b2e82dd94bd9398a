import type { ZodError } from "zod";

/**
 * A zod error as field → message key, the first issue of each field: the shape every action
 * result and every form uses. Messages that are not keys (zod's own sentences) become "invalid".
 */
export function fieldErrors(error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= /^[a-zA-Z]+$/.test(issue.message) ? issue.message : "invalid";
  }
  return errors;
}
