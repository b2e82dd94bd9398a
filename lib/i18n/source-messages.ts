import fs from "node:fs";
import path from "node:path";
import { defaultLocale, isLocale, type Locale } from "./config";

/**
 * The message catalogs as written (messages/<locale>[.<feature>].json), for texts our own code fills
 * with `{name}` placeholders: the Word bulletin, the Excel workbook, outbound mail and messages.
 *
 * The build compiles the catalogs it bundles for next-intl (next.config.js, `precompile`), so a
 * bundled import of a catalog, or next-intl's `t.raw`, no longer gives the template as written;
 * these files are read from disk instead, once per process.
 */
const cache = new Map<string, Record<string, unknown>>();

export function sourceMessages(locale: string | null | undefined, feature?: string): Record<string, unknown> {
  const lang: Locale = isLocale(locale) ? locale : defaultLocale;
  const file = `${lang}${feature ? `.${feature}` : ""}.json`;
  let messages = cache.get(file);
  if (!messages) {
    const dir = path.join(/* turbopackIgnore: true */ process.cwd(), "messages");
    messages = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
    cache.set(file, messages);
  }
  return messages;
}

/** The texts at `keys` under `namespace` (keys may be dotted), each a template as written; a missing one throws. */
export function sourceTexts<K extends string>(messages: Record<string, unknown>, namespace: string, keys: readonly K[]): Record<K, string> {
  const at = (dotted: string): unknown => dotted.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), messages);
  return Object.fromEntries(
    keys.map((key) => {
      const text = at(`${namespace}.${key}`);
      if (typeof text !== "string") throw new Error(`No message ${namespace}.${key}`);
      return [key, text];
    }),
  ) as Record<K, string>;
}
