/** A base that stands for the app's own origin; only the path of what resolves onto it is kept. */
const BASE = "http://app.invalid";

/**
 * Where `/login?next=…` may send the user: `next` resolved as a browser would (tabs and newlines
 * dropped, `\` read as `/`) against the app's origin, and kept only when it stays there — as a
 * path, query and fragment that cannot be read as another host (`//evil`). Anything else is "/".
 */
export function safeNextPath(next: string | string[] | undefined | null): string {
  if (typeof next !== "string" || next === "" || !next.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}
