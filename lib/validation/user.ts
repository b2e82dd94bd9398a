import { z } from "zod";
import { isIsoDate } from "@/lib/domain/dates";
import { emailSchema, phoneSchema } from "./contact";

/** The passwords the demo data is seeded with: refused as real passwords outside demo mode. */
export const DEMO_PASSWORDS = ["demo2025"] as const;

export const PASSWORD_MIN_LENGTH = 10;

/**
 * The password policy: at least 10 characters with letters and digits, not the username, and
 * not a demo password unless the app runs in demo mode. Returns a message key, or null.
 */
export function passwordProblem(password: string, username: string, opts: { demoMode: boolean; demoPasswords?: readonly string[] }): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return "passwordTooShort";
  if (password.length > 128) return "passwordTooLong";
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return "passwordNeedsLettersAndDigits";
  if (password.toLowerCase() === username.toLowerCase()) return "passwordIsUsername";
  const demo = new Set([...DEMO_PASSWORDS, ...(opts.demoPasswords ?? [])].map((p) => p.toLowerCase()));
  if (!opts.demoMode && demo.has(password.toLowerCase())) return "passwordIsDemo";
  return null;
}

/** Every role; admin is the system administrator, secadmin the security administrator, auditor the audit administrator. */
export const ROLES = ["admin", "staff", "bureau", "leader", "secadmin", "auditor"] as const;
/** The administrator roles (三员): granted only by the security administrator (or admin:create). */
export const ADMIN_ROLES = ["admin", "secadmin", "auditor"] as const;
const roles = ROLES;
const regionCode = z.string().trim().regex(/^\d{6}$/, "badRegion");
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "tooLong")
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));
/** An e-mail address or phone number, blank for none (stored as null). */
const optionalContact = (schema: typeof emailSchema | typeof phoneSchema) =>
  z.string().trim().pipe(schema).nullish().transform((v) => v || null);
/** The same on an edit: left out, the stored one stays (a caller that does not know the field does not clear it). */
const keptContact = (schema: typeof emailSchema | typeof phoneSchema) =>
  z.string().trim().pipe(schema).nullish().transform((v) => (v === undefined ? undefined : v || null));
const optionalRegion = z
  .union([regionCode, z.literal(""), z.null()])
  .optional()
  .transform((v) => (v ? v : null));

/** A bureau belongs to exactly one region; the other roles to none. */
const roleRegion = <T extends { role: (typeof roles)[number]; regionCode: string | null }>(d: T) => d.role !== "bureau" || d.regionCode !== null;

/** A sign-in name: 3–64 lower-case letters, digits, '.', '_' or '-'. */
export const usernameSchema = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, "badUsername");

export const userCreateSchema = z
  .object({
    username: usernameSchema,
    name: z.string().trim().min(1, "required").max(100, "tooLong"),
    role: z.enum(roles, "required"),
    regionCode: optionalRegion,
    office: optionalText(100),
    email: optionalContact(emailSchema),
    phone: optionalContact(phoneSchema),
  })
  .refine(roleRegion, { message: "regionRequired", path: ["regionCode"] })
  .transform((d) => ({ ...d, regionCode: d.role === "bureau" ? d.regionCode : null }));
export type UserCreateInput = z.input<typeof userCreateSchema>;

export const userUpdateSchema = z
  .object({
    id: z.coerce.number().int().positive(),
    name: z.string().trim().min(1, "required").max(100, "tooLong"),
    role: z.enum(roles, "required"),
    regionCode: optionalRegion,
    office: optionalText(100),
    email: keptContact(emailSchema),
    phone: keptContact(phoneSchema),
  })
  .refine(roleRegion, { message: "regionRequired", path: ["regionCode"] })
  .transform((d) => ({ ...d, regionCode: d.role === "bureau" ? d.regionCode : null }));
export type UserUpdateInput = z.input<typeof userUpdateSchema>;

export const userActiveSchema = z.object({ id: z.coerce.number().int().positive(), active: z.boolean() });
export const userIdSchema = z.object({ id: z.coerce.number().int().positive() });

export const userFilterSchema = z.object({
  q: z.string().trim().max(64).optional(),
  role: z.enum(roles).optional(),
  regionCode: regionCode.optional(),
  status: z.enum(["active", "inactive"]).optional(),
});
export type UserFilter = z.input<typeof userFilterSchema>;

export const regionCreateSchema = z.object({
  code: regionCode,
  nameZh: z.string().trim().min(1, "required").max(100, "tooLong"),
  nameEn: z.string().trim().max(100, "tooLong").default(""),
  /** The province for a league-city, a league-city for a banner-county. */
  parentCode: regionCode,
});
export type RegionCreateInput = z.input<typeof regionCreateSchema>;

export const regionRenameSchema = z.object({
  code: regionCode,
  nameZh: z.string().trim().min(1, "required").max(100, "tooLong"),
  nameEn: z.string().trim().max(100, "tooLong").default(""),
});

export const regionActiveSchema = z.object({ code: regionCode, active: z.boolean() });

// A real calendar day (2026-02-30 is refused here, not by the database).
const isoDate = z.string().refine(isIsoDate, "badDate");

export const auditFilterSchema = z.object({
  actorId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(32).optional(),
  regionCode: regionCode.optional(),
  /** Inclusive days in Asia/Shanghai. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export const changePasswordSchema = z
  .object({
    current: z.string().min(1, "required").max(128, "tooLong"),
    next: z.string().max(128, "passwordTooLong"),
    confirm: z.string().max(128, "passwordTooLong"),
  })
  .refine((d) => d.next === d.confirm, { message: "passwordMismatch", path: ["confirm"] });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
