import "server-only";
import bcrypt from "bcryptjs";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import QRCode from "qrcode";
import { getDb, type Executor } from "@/db";
import { userRecoveryCodes, users } from "@/db/schema";
import { getAuthSecret } from "@/lib/auth/secret";
import {
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  normalizeTotpCode,
  recoveryCodeHash,
  totpUri,
  verifyTotp,
} from "@/lib/domain/totp";
import { totpConfirmSchema, totpDisableSchema } from "@/lib/validation/security-policy";
import { userIdSchema } from "@/lib/validation/user";
import { recordAudit } from "./audit";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";
import { requireViewer } from "./guard";
import { readSecurityPolicy } from "./settings";

/** The name an authenticator app shows above the code. */
export const TOTP_ISSUER = "重点任务督办";

// The TOTP secret is kept encrypted (AES-256-GCM) under a key derived from the app's secret, so a
// copy of the users table alone does not give anyone the codes.
const secretKey = () => Buffer.from(hkdfSync("sha256", getAuthSecret(), "", "tracker totp secret v1", 32));

export function sealTotpSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey(), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export function openTotpSecret(sealed: string): string {
  const raw = Buffer.from(sealed.replace(/^v1\./, ""), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", secretKey(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

export type MyTwoFactor = {
  enabled: boolean;
  enabledAt: Date | null;
  /** Required of the viewer's role by the security policy. */
  required: boolean;
  recoveryCodesLeft: number;
  /** While enrolling: the secret to type in, and the QR code (an SVG data URL) of its otpauth URI. */
  pending: { secret: string; qrDataUrl: string } | null;
};

export async function getMyTwoFactor(): Promise<MyTwoFactor> {
  const viewer = await requireViewer("account.self");
  const db = await getDb();
  const [row] = await db.select({ secret: users.totpSecret, pending: users.totpPendingSecret, enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, viewer.id));
  if (!row) throw new NotFoundError("account");
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.userId, viewer.id), isNull(userRecoveryCodes.usedAt)));
  const policy = await readSecurityPolicy(db);
  const enabled = row.secret !== null;
  let pending: MyTwoFactor["pending"] = null;
  if (!enabled && row.pending) {
    const secret = openTotpSecret(row.pending);
    const svg = await QRCode.toString(totpUri(secret, viewer.username, TOTP_ISSUER), { type: "svg", margin: 2, errorCorrectionLevel: "M" });
    pending = { secret, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}` };
  }
  return { enabled, enabledAt: row.enabledAt, required: policy.twoFactorRoles.includes(viewer.role), recoveryCodesLeft: Number(left?.n ?? 0), pending };
}

/** Starts (or starts again) enrolment: a new secret is kept aside until a code from it confirms it. */
export async function startTotpEnrolment(): Promise<void> {
  const viewer = await requireViewer("account.self");
  const db = await getDb();
  const [row] = await db.select({ secret: users.totpSecret }).from(users).where(eq(users.id, viewer.id));
  if (!row) throw new NotFoundError("account");
  if (row.secret !== null) throw new ConflictError("Two-factor sign-in is already on", "twoFactorEnabled");
  await db.update(users).set({ totpPendingSecret: sealTotpSecret(newTotpSecret()) }).where(eq(users.id, viewer.id));
}

async function replaceRecoveryCodes(tx: Executor, userId: number, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await tx.insert(userRecoveryCodes).values(codes.map((c) => ({ userId, codeHash: recoveryCodeHash(userId, normalizeRecoveryCode(c)!), createdAt: now })));
  return codes;
}

/** Confirms enrolment with a code of the new secret; answers the recovery codes, shown this once. */
export async function confirmTotpEnrolment(input: { code: string }, now: Date = new Date()): Promise<{ recoveryCodes: string[] }> {
  const viewer = await requireViewer("account.self");
  const { code } = totpConfirmSchema.parse(input);
  const db = await getDb();
  const [row] = await db.select({ secret: users.totpSecret, pending: users.totpPendingSecret }).from(users).where(eq(users.id, viewer.id));
  if (!row) throw new NotFoundError("account");
  if (row.secret !== null) throw new ConflictError("Two-factor sign-in is already on", "twoFactorEnabled");
  if (!row.pending) throw new ConflictError("Start enrolment first", "twoFactorNotStarted");
  const step = verifyTotp(openTotpSecret(row.pending), code, now);
  if (step === null) throw new InvalidInputError({ code: "wrongCode" });
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: row.pending, totpPendingSecret: null, totpEnabledAt: now, totpLastStep: step })
      .where(and(eq(users.id, viewer.id), isNull(users.totpSecret)));
    const recoveryCodes = await replaceRecoveryCodes(tx, viewer.id, now);
    await recordAudit(tx, { actorId: viewer.id, action: "account.twoFactor.enable", entityType: "user", entityId: viewer.id, regionCode: viewer.regionCode });
    return { recoveryCodes };
  });
}

/** New recovery codes (the old ones stop working), against a current code from the app. */
export async function regenerateRecoveryCodes(input: { code: string }, now: Date = new Date()): Promise<{ recoveryCodes: string[] }> {
  const viewer = await requireViewer("account.self");
  const { code } = totpConfirmSchema.parse(input);
  const db = await getDb();
  if ((await spendTotpCode(db, viewer.id, code, now)) !== "ok") throw new InvalidInputError({ code: "wrongCode" });
  return db.transaction(async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, viewer.id, now);
    await recordAudit(tx, { actorId: viewer.id, action: "account.twoFactor.recoveryCodes", entityType: "user", entityId: viewer.id, regionCode: viewer.regionCode });
    return { recoveryCodes };
  });
}

/** Turns two factors off, with the password and a code; refused while the policy requires them of the viewer's role. */
export async function disableMyTwoFactor(input: { password: string; code: string }, now: Date = new Date()): Promise<void> {
  const viewer = await requireViewer("account.self");
  const d = totpDisableSchema.parse(input);
  const db = await getDb();
  const policy = await readSecurityPolicy(db);
  if (policy.twoFactorRoles.includes(viewer.role)) throw new ConflictError("Two-factor sign-in is required of this role", "twoFactorRequired");
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, viewer.id));
  if (!row || !(await bcrypt.compare(d.password, row.passwordHash))) throw new InvalidInputError({ password: "wrongPassword" });
  const second = await checkSecondFactor(viewer.id, d.code, now);
  if (second !== "ok" && second !== "recovery") throw new InvalidInputError({ code: "wrongCode" });
  await db.transaction(async (tx) => {
    await clearTwoFactor(tx, viewer.id);
    await recordAudit(tx, { actorId: viewer.id, action: "account.twoFactor.disable", entityType: "user", entityId: viewer.id, regionCode: viewer.regionCode });
  });
}

async function clearTwoFactor(tx: Executor, userId: number): Promise<void> {
  await tx.update(users).set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId));
  await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
}

/**
 * For a user who lost the phone and the recovery codes: the security administrator turns their
 * two factors off; where the policy requires them, the user enrols again at the next sign-in.
 */
export async function resetUserTwoFactor(input: { id: number }): Promise<void> {
  const viewer = await requireViewer("user.resetTwoFactor");
  const { id } = userIdSchema.parse(input);
  const db = await getDb();
  const [row] = await db.select({ id: users.id, regionCode: users.regionCode, enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, id));
  if (!row) throw new NotFoundError("user");
  await db.transaction(async (tx) => {
    await clearTwoFactor(tx, id);
    await recordAudit(tx, { actorId: viewer.id, action: "user.twoFactor.reset", entityType: "user", entityId: id, regionCode: row.regionCode, before: { enabledAt: row.enabledAt } });
  });
}

/** Uses a TOTP code once: the step it matched is remembered, so the same code (or an older one) is refused after. */
async function spendTotpCode(tx: Executor, userId: number, code: string, now: Date): Promise<"ok" | "invalid"> {
  const [row] = await tx.select({ secret: users.totpSecret, lastStep: users.totpLastStep }).from(users).where(eq(users.id, userId));
  if (!row?.secret) return "invalid";
  const step = verifyTotp(openTotpSecret(row.secret), code, now, row.lastStep);
  if (step === null) return "invalid";
  // Conditional on the step still being newer: of two sign-ins racing with one code, one wins.
  const taken = await tx
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return taken.length === 1 ? "ok" : "invalid";
}

/**
 * The second factor at sign-in, after the password was right. "none": the user has not enrolled
 * (the code, if any, is ignored); "required": enrolled but no code sent; "ok": a current code from
 * the app, or an unused recovery code (used up now); "invalid": anything else. Establishes
 * identity, so it runs without a viewer.
 */
export async function checkSecondFactor(userId: number, code: string | undefined, now: Date = new Date()): Promise<"none" | "required" | "ok" | "recovery" | "invalid"> {
  const db = await getDb();
  const [row] = await db.select({ secret: users.totpSecret }).from(users).where(eq(users.id, userId));
  if (!row?.secret) return "none";
  if (!code || code.trim() === "") return "required";
  if (normalizeTotpCode(code)) return spendTotpCode(db, userId, code, now);
  const recovery = normalizeRecoveryCode(code);
  if (!recovery) return "invalid";
  const used = await db
    .update(userRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(userRecoveryCodes.userId, userId), eq(userRecoveryCodes.codeHash, recoveryCodeHash(userId, recovery)), isNull(userRecoveryCodes.usedAt)))
    .returning({ id: userRecoveryCodes.id });
  return used.length === 1 ? "recovery" : "invalid";
}
