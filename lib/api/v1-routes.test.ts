import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The proxy does not run for /api/v1/ (proxy.ts): there, each route's own handler() is what refuses
// cross-site writes and oversized bodies. A route exported any other way would take them unchecked.
const root = path.resolve(__dirname, "../../app/api/v1");
const routes = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routes(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []));

describe("the JSON API's routes", () => {
  const files = routes(root);

  it("are found", () => {
    expect(files.length).toBeGreaterThan(15);
  });

  it.each(files.map((f) => [path.relative(root, f), f]))("%s: every method is a handler(), but for openapi.json's bare GET", (rel, file) => {
    const source = fs.readFileSync(file, "utf8");
    const methods = [...source.matchAll(/export\s+(?:async\s+)?(?:const|function|let|var)\s+(GET|HEAD|OPTIONS|POST|PUT|PATCH|DELETE)\b(.*)/g)];
    expect(methods.length).toBeGreaterThan(0);
    for (const [, method, rest] of methods) {
      if (rel === path.join("openapi.json", "route.ts") && method === "GET") continue;
      expect(`${method}${rest}`).toMatch(new RegExp(`^${method}\\s*=\\s*handler\\(`));
    }
    // No re-export (export { POST } from …) that would escape the check.
    expect(source).not.toMatch(/export\s*\{[^}]*\b(GET|POST|PUT|PATCH|DELETE)\b/);
  });
});
