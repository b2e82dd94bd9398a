import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrors } from "./issues";

describe("fieldErrors", () => {
  const schema = z.object({
    title: z.string().min(1, "required").max(3, "tooLong"),
    year: z.number().int("notAnInteger"),
    nested: z.object({ inner: z.string() }),
  });
  it("keeps each field's first message key; a sentence becomes invalid; nested paths name their top field", () => {
    const r = schema.safeParse({ title: "", year: 1.5, nested: { inner: 5 } });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!)).toEqual({ title: "required", year: "notAnInteger", nested: "invalid" });
  });
  it("an issue with no path is the form's", () => {
    const r = z.string().refine(() => false, "dateOrder").safeParse("x");
    expect(fieldErrors(r.error!)).toEqual({ form: "dateOrder" });
  });
  it("nothing wrong, nothing listed", () => {
    expect(fieldErrors(new z.ZodError([]))).toEqual({});
  });
});
