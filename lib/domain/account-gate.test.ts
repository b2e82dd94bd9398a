import { describe, expect, it } from "vitest";
import { accountGate, passwordExpired, type GateFacts } from "./account-gate";

const NOW = new Date("2026-06-30T12:00:00Z");
const daysAgo = (d: number, ms = 0) => new Date(NOW.getTime() - d * 86_400_000 - ms);
const facts = (over: Partial<GateFacts> = {}): GateFacts => ({ role: "staff", mustChangePassword: false, passwordChangedAt: daysAgo(1), isDemo: false, totpEnabled: false, ...over });
const policy = { twoFactorRoles: ["admin", "staff", "leader"], passwordMaxAgeDays: 90 };

describe("password expiry", () => {
  it.each([
    [89, 0, 90, false],
    [90, -1, 90, false], // one millisecond short of 90 days
    [90, 0, 90, true],
    [400, 0, 0, false], // 0 days: never expires
    [1, 0, 1, true],
  ])("set %i days (+%i ms) ago, %i days allowed → expired %s", (days, ms, max, expired) => {
    expect(passwordExpired(daysAgo(days, ms), max, NOW)).toBe(expired);
  });
});

describe("the gate before anything else", () => {
  it.each<[string, Partial<GateFacts>, typeof policy, ReturnType<typeof accountGate>]>([
    ["enrolled staff with a fresh password", { totpEnabled: true }, policy, null],
    ["staff without two factors, required of staff", {}, policy, "twoFactor"],
    ["a bureau without two factors, not required of bureaus", { role: "bureau" }, policy, null],
    ["a bureau once bureaus are required too", { role: "bureau" }, { ...policy, twoFactorRoles: [...policy.twoFactorRoles, "bureau"] }, "twoFactor"],
    ["nobody required (the default)", {}, { twoFactorRoles: [], passwordMaxAgeDays: 90 }, null],
    ["a reset password comes first", { mustChangePassword: true }, policy, "password"],
    ["an expired password comes before enrolment", { passwordChangedAt: daysAgo(91) }, policy, "password"],
    ["an expired password of an enrolled user", { passwordChangedAt: daysAgo(91), totpEnabled: true }, policy, "password"],
    ["a demo account's password never expires", { passwordChangedAt: daysAgo(900), isDemo: true, totpEnabled: true }, policy, null],
    ["a demo account is still reset like any other", { isDemo: true, mustChangePassword: true, totpEnabled: true }, policy, "password"],
  ])("%s", (_name, over, p, expected) => {
    expect(accountGate(facts(over), p, NOW)).toBe(expected);
  });
});
