/** One JSON POST with a deadline: a slow or failing peer becomes an error the delivery log keeps. */
export async function postJson(url: string, body: unknown, opts: { timeoutMs: number; headers?: Record<string, string> }): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", ...opts.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const e = err as Error;
    throw new Error(e.name === "TimeoutError" ? `timeout after ${opts.timeoutMs} ms` : `request failed: ${e.message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** 企业微信 and 钉钉 answer 200 with an error code in the body: anything but errcode 0 is a failure. */
export function requireErrcodeZero(answer: unknown): void {
  const a = answer as { errcode?: number; errmsg?: string } | null;
  if (!a || typeof a !== "object" || a.errcode !== 0) throw new Error(`robot refused: ${JSON.stringify(answer).slice(0, 200)}`);
}
