import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-redirect";

describe("safeNextPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/reports/12?tab=history#v2", "/reports/12?tab=history#v2"],
    ["/plans/%E8%AE%A1%E5%88%92", "/plans/%E8%AE%A1%E5%88%92"],
  ])("keeps the app's own path %s", (next, kept) => expect(safeNextPath(next)).toBe(kept));

  it.each([
    "/\\evil.example/",
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "/.//evil.example",
    "\\\\evil.example",
    " /evil",
    "",
    undefined,
    ["/a", "/b"],
  ])("sends %j home instead", (next) => {
    expect(safeNextPath(next as string)).toBe("/");
  });
});
