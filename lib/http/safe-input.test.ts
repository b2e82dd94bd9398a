import { describe, expect, it } from "vitest";
import { findBadValue, hasUnstorableText, jsonDepthExceeds, MAX_JSON_DEPTH } from "./safe-input";

describe("hasUnstorableText", () => {
  it.each([
    { s: "普通文本 ok", bad: false },
    { s: "emoji 😀 is a valid pair", bad: false },
    { s: "nul\u0000inside", bad: true },
    { s: "lone high \uD83D", bad: true },
    { s: "\uDE00 lone low", bad: true },
    { s: "reversed \uDE00\uD83D", bad: true },
  ])("$s → $bad", ({ s, bad }) => expect(hasUnstorableText(s)).toBe(bad));
});

describe("findBadValue", () => {
  it("names the field of the first bad string, keys included", () => {
    expect(findBadValue({ a: { b: ["x", "y\u0000"] } })).toEqual({ field: "a.b.1", message: "unstorableText" });
    expect(findBadValue({ ["k\uD800"]: 1 })).toEqual({ field: "k\uD800", message: "unstorableText" });
    expect(findBadValue({ a: 1, b: [true, null, "ok"] })).toBeNull();
  });

  it("refuses nesting past the limit", () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = [deep];
    expect(findBadValue(deep)?.message).toBe("tooDeep");
  });
});

describe("jsonDepthExceeds", () => {
  it.each([
    { text: "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH), over: false },
    { text: "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1), over: true },
    { text: "[".repeat(100_000), over: true },
    { text: JSON.stringify({ s: "[".repeat(1000) + '\\"' }), over: false },
  ])("depth over the limit: $over", ({ text, over }) => expect(jsonDepthExceeds(text)).toBe(over));
});
