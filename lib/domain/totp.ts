import { createHash, randomInt } from "node:crypto";
import { generateSecret, generateSync, generateURI, verifySync } from "otplib";

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: SHA-1, 6 digits,
 * 30-second steps from the Unix epoch. A code of the step before or after the current one is
 * accepted too (a phone's clock a little off, a code typed as it turned over), and each step's
 * code only once: verification is told the last step already used.
 */
export const TOTP_PERIOD_SECONDS = 30;
/** One step either side of the current one. */
export const TOTP_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

/** A new shared secret: 20 random bytes (160 bits, as RFC 4226 recommends), in Base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app scans from the QR code. */
export function totpUri(secret: string, account: string, issuer: string): string {
  return generateURI({ issuer, label: account, secret, period: TOTP_PERIOD_SECONDS, digits: 6, algorithm: "sha1" });
}

/** The time step a moment falls in. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of the step `now` falls in (what the user's app shows at that moment). */
export function totpCode(secret: string, now: Date): string {
  return generateSync({ secret, epoch: Math.floor(now.getTime() / 1000), period: TOTP_PERIOD_SECONDS });
}

/** Six digits, spaces allowed between them ("123 456"). */
export function normalizeTotpCode(input: string): string | null {
  const digits = input.replace(/\s+/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * Checks a code against the secret at `now`: good when it is the code of the current step or one
 * step either side, and that step is later than `afterStep` (the last one accepted). Returns the
 * matched step, to be remembered, or null.
 */
export function verifyTotp(secret: string, code: string, now: Date, afterStep: number | null = null): number | null {
  const token = normalizeTotpCode(code);
  if (!token) return null;
  const result = verifySync({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  // A TOTP result carries the step it matched (an HOTP one would not).
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

/** Recovery codes use an alphabet without look-alikes (no 0/O, 1/I/L). */
const RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const RECOVERY_CODE_COUNT = 10;
/** 16 characters of a 31-letter alphabet: 79 bits each, beyond guessing and beyond brute-forcing a hash. */
const RECOVERY_CODE_LENGTH = 16;

/** Fresh recovery codes, shown to the user once as "ABCD-EFGH-JKMN-PQRS". */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]!).join("");
    return chars.match(/.{4}/g)!.join("-");
  });
}

/** A recovery code as typed (any case, with or without dashes and spaces), or null when it cannot be one. */
export function normalizeRecoveryCode(input: string): string | null {
  const chars = input.toUpperCase().replace(/[\s-]+/g, "");
  if (chars.length !== RECOVERY_CODE_LENGTH) return null;
  for (const c of chars) if (!RECOVERY_ALPHABET.includes(c)) return null;
  return chars;
}

/**
 * What is stored of a recovery code: SHA-256 over the user's id and the code. With 79 bits of
 * randomness a slow hash adds nothing, and the id keeps two users' equal codes apart.
 */
export function recoveryCodeHash(userId: number, normalized: string): string {
  return createHash("sha256").update(`${userId}:${normalized}`, "utf8").digest("hex");
}
