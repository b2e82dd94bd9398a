import { describe, expect, it } from "vitest";
import { isCommonPassword, passwordStrengthProblem } from "./password-strength";

describe("password strength", () => {
  it.each([
    // On the common-password list, whatever their length or case.
    ["password", [], "passwordCommon"],
    ["Password123", [], "passwordCommon"],
    ["qwertyuiop", [], "passwordCommon"],
    ["1q2w3e4r5t", [], "passwordCommon"],
    // Not on the list, but easily guessed.
    ["Zxcvbnm12345", [], "passwordWeak"],
    ["aaaaaaaaaa1", [], "passwordWeak"],
    ["Passw0rd2025", [], "passwordWeak"],
    // The user's own name makes a password weak.
    ["zhangsan2025", ["zhangsan", "张三"], "passwordWeak"],
    // Strong enough.
    ["Green2026river", [], null],
    ["Donghe2026green", ["county"], null],
    ["correct horse battery staple", [], null],
    ["Tracker-2026-abc", [], null],
  ])("%j (user words %j) → %s", (password, words, expected) => {
    expect(passwordStrengthProblem(password, words)).toBe(expected);
  });

  it("the common list ignores case", () => {
    expect(isCommonPassword("PASSWORD")).toBe(true);
    expect(isCommonPassword("Green2026river")).toBe(false);
  });
});
