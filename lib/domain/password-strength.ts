import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

/**
 * Password strength beyond length and character classes: zxcvbn's estimate of the guesses an
 * attacker needs (dictionaries, keyboard walks, dates, repeats, l33t), and a plain refusal of any
 * password on the list of commonly used ones. The estimate is told the user's own words (username,
 * name), so "zhangsan2025" is weak for zhangsan.
 */
let factory: ZxcvbnFactory | undefined;
const estimator = () => (factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase())));

/** zxcvbn's score (0–4) a password must reach: 3 is "safely unguessable" (about 10⁸ guesses and more). */
export const MIN_STRENGTH_SCORE = 3;

/** Whether the password, ignoring case, is on the common-password list (about 50 000 entries). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

export function passwordScore(password: string, userInputs: readonly string[] = []): number {
  return estimator().check(password, userInputs.filter(Boolean).map((s) => s.toLowerCase())).score;
}

/** A message key (passwordCommon, passwordWeak) or null when strong enough. */
export function passwordStrengthProblem(password: string, userInputs: readonly string[] = []): "passwordCommon" | "passwordWeak" | null {
  if (isCommonPassword(password)) return "passwordCommon";
  if (passwordScore(password, userInputs) < MIN_STRENGTH_SCORE) return "passwordWeak";
  return null;
}
