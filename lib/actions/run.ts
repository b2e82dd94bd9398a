import "server-only";
import { revalidatePath } from "next/cache";
import type { ZodType } from "zod";
import { fieldErrors } from "@/lib/validation/issues";
import { failure, type ActionResult } from "./result";

/** A page to refresh after a write: a path, or a path and every page under its layout. */
export type Revalidate = string | readonly [string, "layout" | "page"];

/**
 * The one way every server action runs: the input is checked with the shared zod schema (the
 * same the form checks before sending), so bad input answers with its fields before anything is
 * read; then the data layer does the work (and parses again: an action is a public endpoint);
 * refusals become the same result shape (lib/actions/result.ts); the pages that show what
 * changed are refreshed.
 */
export async function runAction<T extends object>(
  schema: ZodType | null,
  input: unknown,
  work: (input: unknown) => Promise<T>,
  revalidate: readonly Revalidate[] = [],
): Promise<ActionResult<T>> {
  if (schema) {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return { ok: false, message: "invalid", errors: fieldErrors(parsed.error) };
  }
  try {
    const result = await work(input);
    for (const page of revalidate) {
      if (typeof page === "string") revalidatePath(page);
      else revalidatePath(page[0], page[1]);
    }
    return { ok: true, ...result };
  } catch (err) {
    return failure(err);
  }
}
