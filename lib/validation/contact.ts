import { z } from "zod";

/**
 * A user's e-mail address and phone number, the addresses the e-mail and SMS channels send to:
 * one rule for the administrator's user form, the user's own 我的账号 and the leaders' contacts.
 * An empty string is "none".
 */
// Longer than 254 characters is no deliverable address either.
export const emailSchema = z.union([z.literal(""), z.email("badEmail").max(254, "badEmail")]);

/** Digits with an optional leading + (a mainland mobile such as 13912345678, or +8613912345678). */
export const phoneSchema = z.union([z.literal(""), z.string().trim().regex(/^\+?\d{6,20}$/, "badPhone")]);
