import { describe, expect, it } from "vitest";
import {
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  normalizeTotpCode,
  recoveryCodeHash,
  totpCode,
  totpStep,
  totpUri,
  verifyTotp,
} from "./totp";

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" in Base32, and its 8-digit codes' last 6 digits.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [number, string][] = [
  [59, "287082"],
  [1111111109, "081804"],
  [1111111111, "050471"],
  [1234567890, "005924"],
  [2000000000, "279037"],
  [20000000000, "353130"],
];

const at = (seconds: number) => new Date(seconds * 1000);

describe("TOTP (RFC 6238)", () => {
  it.each(RFC_VECTORS)("the code at %i s is the RFC's %s", (seconds, code) => {
    expect(totpCode(RFC_SECRET, at(seconds))).toBe(code);
    expect(verifyTotp(RFC_SECRET, code, at(seconds))).toBe(Math.floor(seconds / 30));
  });

  // A fixed clock: step 40000000 runs from 1 200 000 000 s to 1 200 000 029 s.
  const secret = newTotpSecret();
  const start = 40_000_000 * 30;
  const code = totpCode(secret, at(start));

  it.each([
    ["the step's first second", start, true],
    ["the step's last second", start + 29, true],
    ["the previous step's last second (clock behind)", start - 1, true],
    ["the previous step's first second", start - 30, true],
    ["two steps before", start - 31, false],
    ["the next step's first second (code typed late)", start + 30, true],
    ["the next step's last second", start + 59, true],
    ["two steps later", start + 60, false],
  ])("a code is accepted at %s: %s", (_name, seconds, ok) => {
    expect(verifyTotp(secret, code, at(seconds as number)) !== null).toBe(ok);
  });

  it("answers the matched step, and refuses it once it was used (replay)", () => {
    const step = verifyTotp(secret, code, at(start + 10));
    expect(step).toBe(totpStep(at(start)));
    expect(verifyTotp(secret, code, at(start + 12), step)).toBeNull();
    // The next step's code is still good after that one.
    const next = totpCode(secret, at(start + 30));
    expect(verifyTotp(secret, next, at(start + 31), step)).toBe(step! + 1);
    // An older step's code after a newer one was used: refused too.
    const previous = totpCode(secret, at(start - 30));
    expect(verifyTotp(secret, previous, at(start), step)).toBeNull();
  });

  it.each([
    ["", null],
    ["12345", null],
    ["1234567", null],
    ["12a456", null],
    ["123 456", "123456"],
    [" 123456 ", "123456"],
  ])("normalizes %j to %j", (input, expected) => {
    expect(normalizeTotpCode(input)).toBe(expected);
  });

  it("refuses another secret's code and malformed input", () => {
    const other = newTotpSecret();
    expect(other).not.toBe(secret);
    expect(verifyTotp(other, code, at(start))).toBeNull();
    expect(verifyTotp(secret, "abcdef", at(start))).toBeNull();
  });

  it("makes an otpauth URI naming the issuer and account", () => {
    const uri = totpUri(secret, "zhang.san", "重点任务");
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    expect(decodeURIComponent(uri)).toContain("重点任务:zhang.san");
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes of 16 characters without look-alikes", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
  });

  it("are read in any case, with or without dashes; anything else is no code", () => {
    const [c] = newRecoveryCodes(1);
    const bare = c!.replace(/-/g, "");
    expect(normalizeRecoveryCode(c!)).toBe(bare);
    expect(normalizeRecoveryCode(c!.toLowerCase())).toBe(bare);
    expect(normalizeRecoveryCode(bare.match(/.{4}/g)!.join(" "))).toBe(bare);
    expect(normalizeRecoveryCode(bare.slice(1))).toBeNull();
    expect(normalizeRecoveryCode("0000-0000-0000-0000")).toBeNull();
    expect(normalizeRecoveryCode("123456")).toBeNull();
  });

  it("hash per user: the same code of two users hashes apart", () => {
    expect(recoveryCodeHash(1, "ABCD")).not.toBe(recoveryCodeHash(2, "ABCD"));
    expect(recoveryCodeHash(1, "ABCD")).toMatch(/^[0-9a-f]{64}$/);
  });
});
