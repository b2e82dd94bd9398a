/** What a data-layer call ended in: "ok", the status of a refusal, or "invalid" for input that did not parse. */
export type Outcome = "ok" | 401 | 403 | 404 | 409 | 422 | "invalid";

export async function outcome(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    await fn();
    return "ok";
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401 || status === 403 || status === 404 || status === 409 || status === 422) return status;
    if ((err as Error).name === "ZodError") return "invalid";
    throw err;
  }
}
