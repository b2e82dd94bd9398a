import { z } from "zod";
import { emailSchema, phoneSchema } from "./contact";

const webhook = z.union([z.literal(""), z.url({ protocol: /^https?$/ }).max(500)]).optional();
const regionOrStaff = z.string().regex(/^(staff|\d{6})$/, "badRegion");

/** What the administrator sets: the channels enabled, group robots per region (and staff), leaders' contacts. */
export const deliverySettingsSchema = z.object({
  enabled: z.object({ email: z.boolean(), sms: z.boolean(), wecom: z.boolean(), dingtalk: z.boolean() }),
  robots: z.record(regionOrStaff, z.object({ wecomUrl: webhook, dingtalkUrl: webhook, dingtalkSecret: z.string().trim().max(200).optional() })),
  leaders: z.record(
    z.string().regex(/^\d{6}$/, "badRegion"),
    z.object({
      name: z.string().trim().max(64).optional(),
      email: emailSchema.optional(),
      phone: phoneSchema.optional(),
    }),
  ),
});
export type DeliverySettingsInput = z.input<typeof deliverySettingsSchema>;

/** A user's own address, phone, chosen channels and the language of their messages (我的账号). */
export const myDeliveryPrefsSchema = z.object({
  email: emailSchema,
  phone: phoneSchema,
  channels: z.array(z.enum(["email", "sms"])).max(2),
  locale: z.enum(["zh-CN", "en"]),
});
export type MyDeliveryPrefsInput = z.input<typeof myDeliveryPrefsSchema>;

/** POST /api/v1/assignments/{id}/remind: an optional note; `confirm` sends another on a day one was already sent. */
export const remindBodySchema = z.object({
  message: z.string().trim().max(500, "tooLong").optional(),
  confirm: z.boolean().optional(),
});

/** GET /api/v1/deliveries: the log of one assignment or one region. */
export const deliveryQuerySchema = z
  .object({
    assignmentId: z.coerce.number().int().positive().optional(),
    regionCode: z.string().regex(/^\d{6}$/, "badRegion").optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => q.assignmentId !== undefined || q.regionCode !== undefined, { message: "assignmentIdOrRegionCode", path: ["assignmentId"] });
