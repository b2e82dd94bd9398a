import { z } from "zod";
import { isIsoDate } from "@/lib/domain/dates";

/** Schemas of the plan editor: one per form, shared by the form, the action and the data layer. Messages are keys of planEdit.errors. */

const id = z.coerce.number().int().positive();
const text = (max: number) => z.string().trim().max(max, "tooLong");
const required = (max: number) => z.string().trim().min(1, "required").max(max, "tooLong");
const isoDate = z.string().trim().refine(isIsoDate, "badDate");
const optionalDate = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s))
  .nullable()
  .refine((s) => s === null || isIsoDate(s), "badDate");
/** A form's number field: "" is no value, anything else must be a finite number. */
const optionalNumber = z.preprocess(
  (v) => (v === "" || v === undefined ? null : typeof v === "string" ? Number(v.trim().replace(/,/g, "")) : v),
  z.number({ error: "notANumber" }).finite("notANumber").nullable(),
);

export const planSchema = z
  .object({
    year: z.coerce.number({ error: "badYear" }).int("badYear").min(2000, "badYear").max(2100, "badYear"),
    title: required(200),
    titleEn: text(300).default(""),
    issuingBody: required(100),
    meetingDate: optionalDate.default(null),
    sourceText: text(20_000).default(""),
    cadence: z.enum(["monthly", "quarterly"], { error: "badCadence" }),
    dueDay: z.coerce.number({ error: "notANumber" }).int("dueDayRange").min(1, "dueDayRange").max(28, "dueDayRange"),
    graceDays: z.coerce.number({ error: "notANumber" }).int("graceDaysRange").min(0, "graceDaysRange").max(60, "graceDaysRange"),
    greenMaxBehind: z.coerce.number({ error: "notANumber" }).int("thresholdRange").min(0, "thresholdRange").max(100, "thresholdRange"),
    yellowMaxBehind: z.coerce.number({ error: "notANumber" }).int("thresholdRange").min(0, "thresholdRange").max(100, "thresholdRange"),
  })
  .refine((p) => p.greenMaxBehind <= p.yellowMaxBehind, { message: "thresholdOrder", path: ["yellowMaxBehind"] });

export type PlanInput = z.input<typeof planSchema>;

export const planUpdateSchema = planSchema.safeExtend({ planId: id });

export const planStateSchema = z.object({ planId: id, state: z.enum(["draft", "published", "closed"]) });

export const copyPlanSchema = z.object({
  fromPlanId: id,
  year: z.coerce.number({ error: "badYear" }).int("badYear").min(2000, "badYear").max(2100, "badYear"),
  title: required(200).optional(),
});

const taskFields = {
  title: required(500),
  titleEn: text(500).default(""),
  description: text(10_000).default(""),
  leadOffice: text(200).default(""),
  startDate: isoDate,
  dueDate: isoDate,
  weight: z.coerce.number({ error: "notANumber" }).finite("notANumber").min(0, "weightRange").max(1000, "weightRange").default(1),
};
const datesInOrder = { message: "dateOrder", path: ["dueDate"] };

export const taskCreateSchema = z
  .object({ planId: id, parentId: id.nullable().default(null), ...taskFields })
  .refine((t) => t.startDate <= t.dueDate, datesInOrder);
export type TaskCreateInput = z.input<typeof taskCreateSchema>;

export const taskUpdateSchema = z.object({ taskId: id, ...taskFields }).refine((t) => t.startDate <= t.dueDate, datesInOrder);
export type TaskUpdateInput = z.input<typeof taskUpdateSchema>;

/** Put a task under a parent (null: top level) at a position among its siblings (0 first). */
export const taskMoveSchema = z.object({ taskId: id, parentId: id.nullable(), position: z.coerce.number().int().min(0).max(100_000) });

/** Deleting needs an explicit confirmation; a task with reports is archived instead. */
export const taskDeleteSchema = z.object({ taskId: id, confirm: z.literal(true, { error: "confirmRequired" }) });

const regionCode = z.string().regex(/^\d{6}$/, "badRegion");

export const indicatorSchema = z.object({
  name: required(500),
  nameEn: text(500).default(""),
  unit: text(32).default(""),
  direction: z.enum(["higher", "lower"], { error: "badDirection" }),
  baseline: optionalNumber.default(null),
  target: optionalNumber.default(null),
  regionTargets: z
    .array(z.object({ regionCode, baseline: optionalNumber.default(null), target: z.number({ error: "notANumber" }).finite("notANumber") }))
    .max(3000)
    .default([])
    .refine((list) => new Set(list.map((r) => r.regionCode)).size === list.length, "duplicateRegion"),
});

export const indicatorCreateSchema = indicatorSchema.safeExtend({ taskId: id });
export type IndicatorCreateInput = z.input<typeof indicatorCreateSchema>;
export const indicatorUpdateSchema = indicatorSchema.safeExtend({ indicatorId: id });
export type IndicatorUpdateInput = z.input<typeof indicatorUpdateSchema>;
export const indicatorDeleteSchema = z.object({ indicatorId: id });

/** Ticks in the assignment matrix: which regions carry which leaf task. Unlisted cells stay as they are. */
export const assignmentMatrixSchema = z.object({
  planId: id,
  cells: z.array(z.object({ taskId: id, regionCode, assigned: z.boolean() })).max(100_000),
  /** The start of the assignments added (in a published plan): by default the day they are given. */
  startDate: isoDate.optional(),
});
export type AssignmentMatrixInput = z.input<typeof assignmentMatrixSchema>;

export const assignmentUpdateSchema = z
  .object({
    assignmentId: id,
    startDate: isoDate,
    dueDate: isoDate,
    contactName: text(50).default(""),
    contactPhone: text(32).default(""),
  })
  .refine((a) => a.startDate <= a.dueDate, datesInOrder);
export type AssignmentUpdateInput = z.input<typeof assignmentUpdateSchema>;

export const recordIdSchema = id;

/** Largest sheet accepted for import. */
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;
export const MAX_SHEET_ROWS = 20_000;
