/**
 * Values PostgreSQL or the app cannot store, found before they reach a query: a NUL character or a
 * lone UTF-16 surrogate in any string (PostgreSQL text rejects both), and JSON nested deeper than
 * any of our inputs is. Pure; the API's body and query parsing call it.
 */

export const MAX_JSON_DEPTH = 32;

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string holds a NUL or a lone surrogate. */
export function hasUnstorableText(s: string): boolean {
  return UNSTORABLE.test(s);
}

export type BadValue = { field: string; message: "unstorableText" | "tooDeep" };

/** The first string (key or value) that cannot be stored, or nesting past `maxDepth`; null when all is well. */
export function findBadValue(value: unknown, maxDepth = MAX_JSON_DEPTH): BadValue | null {
  type Item = { v: unknown; path: string; depth: number };
  const stack: Item[] = [{ v: value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === "string") {
      if (hasUnstorableText(v)) return { field: path || "body", message: "unstorableText" };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= maxDepth) return { field: path || "body", message: "tooDeep" };
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (const [k, x] of entries) {
      const at = path ? `${path}.${k}` : k;
      if (hasUnstorableText(k)) return { field: at, message: "unstorableText" };
      stack.push({ v: x, path: at, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Nesting depth of a JSON text, counted without parsing (brackets outside strings), so that a
 * 100,000-deep array is refused before JSON.parse recurses into it.
 */
export function jsonDepthExceeds(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}
