import { z } from "zod";
import { isIsoDate } from "@/lib/domain/dates";

/** Schemas of the plan editor: one per form, shared by the form, the action and the data layer. Messages are keys of planEdit.errors. */

/** A record id: a positive 32-bit integer (the columns' range; a larger one could never exist). */
const id = z.coerce.number().int().positive().max(2_147_483_647);
// PostgreSQL text cannot hold NUL: refused as input rather than failing the write.
const noNul = (s: string) => !s.includes("\u0000");
const text = (max: number) => z.string().trim().max(max, "tooLong").refine(noNul, "badCharacter");
const required = (max: number) => z.string().trim().min(1, "required").max(max, "tooLong").refine(noNul, "badCharacter");
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

/** A plan's settings as rules; `planSchema` adds the defaults of a new plan, a patch leaves out what it keeps. */
const planFieldRules = {
  year: z.coerce.number({ error: "badYear" }).int("badYear").min(2000, "badYear").max(2100, "badYear"),
  title: required(200),
  titleEn: text(300),
  issuingBody: required(100),
  meetingDate: optionalDate,
  // A whole conference report is kept as the plan's source (the parser reads up to 100,000 characters).
  sourceText: text(100_000),
  cadence: z.enum(["monthly", "quarterly"], { error: "badCadence" }),
  dueDay: z.coerce.number({ error: "notANumber" }).int("dueDayRange").min(1, "dueDayRange").max(28, "dueDayRange"),
  graceDays: z.coerce.number({ error: "notANumber" }).int("graceDaysRange").min(0, "graceDaysRange").max(60, "graceDaysRange"),
  greenMaxBehind: z.coerce.number({ error: "notANumber" }).int("thresholdRange").min(0, "thresholdRange").max(100, "thresholdRange"),
  yellowMaxBehind: z.coerce.number({ error: "notANumber" }).int("thresholdRange").min(0, "thresholdRange").max(100, "thresholdRange"),
};
const thresholdsInOrder = { message: "thresholdOrder", path: ["yellowMaxBehind"] };

export const planSchema = z
  .object({
    ...planFieldRules,
    titleEn: planFieldRules.titleEn.default(""),
    meetingDate: planFieldRules.meetingDate.default(null),
    sourceText: planFieldRules.sourceText.default(""),
  })
  .refine((p) => p.greenMaxBehind <= p.yellowMaxBehind, thresholdsInOrder);

export type PlanInput = z.input<typeof planSchema>;

export const planUpdateSchema = planSchema.safeExtend({ planId: id });

/** Some of a plan's settings (the API's PATCH body): what is left out stays; the data layer checks the merged thresholds' order. */
export const planPatchBodySchema = z
  .object(planFieldRules)
  .partial()
  .refine((p) => p.greenMaxBehind === undefined || p.yellowMaxBehind === undefined || p.greenMaxBehind <= p.yellowMaxBehind, thresholdsInOrder);
export const planPatchSchema = planPatchBodySchema.safeExtend({ planId: id });
export type PlanPatchInput = z.input<typeof planPatchSchema>;

const planStates = ["draft", "published", "closed"] as const;
/** `from`, when given, is the state the caller expects the plan to be in (409 otherwise): publishing must not reopen a closed plan. */
export const planStateSchema = z.object({ planId: id, state: z.enum(planStates), from: z.enum(planStates).optional() });

export const copyPlanSchema = z.object({
  fromPlanId: id,
  year: z.coerce.number({ error: "badYear" }).int("badYear").min(2000, "badYear").max(2100, "badYear"),
  title: required(200).optional(),
});

/** A task's fields as rules; `taskFields` adds the defaults of a new task, a patch leaves out what it keeps. */
const taskFieldRules = {
  title: required(500),
  titleEn: text(500),
  description: text(10_000),
  leadOffice: text(200),
  startDate: isoDate,
  dueDate: isoDate,
  weight: z.coerce.number({ error: "notANumber" }).finite("notANumber").min(0, "weightRange").max(1000, "weightRange"),
};
const taskFields = {
  ...taskFieldRules,
  titleEn: taskFieldRules.titleEn.default(""),
  description: taskFieldRules.description.default(""),
  leadOffice: taskFieldRules.leadOffice.default(""),
  weight: taskFieldRules.weight.default(1),
};
const datesInOrder = { message: "dateOrder", path: ["dueDate"] };

export const taskCreateSchema = z
  .object({ planId: id, parentId: id.nullable().default(null), ...taskFields })
  .refine((t) => t.startDate <= t.dueDate, datesInOrder);
export type TaskCreateInput = z.input<typeof taskCreateSchema>;

export const taskUpdateSchema = z.object({ taskId: id, ...taskFields }).refine((t) => t.startDate <= t.dueDate, datesInOrder);
export type TaskUpdateInput = z.input<typeof taskUpdateSchema>;

/** Some of a task's fields (the API's PATCH body): what is left out stays; the data layer checks the merged dates' order. */
export const taskPatchBodySchema = z
  .object(taskFieldRules)
  .partial()
  .refine((t) => t.startDate === undefined || t.dueDate === undefined || t.startDate <= t.dueDate, datesInOrder);
export const taskPatchSchema = taskPatchBodySchema.safeExtend({ taskId: id });
export type TaskPatchInput = z.input<typeof taskPatchSchema>;

/** Put a task under a parent (null: top level) at a position among its siblings (0 first). */
export const taskMoveSchema = z.object({ taskId: id, parentId: id.nullable(), position: z.coerce.number().int().min(0).max(100_000) });

/** Deleting needs an explicit confirmation; a task with reports is archived instead. */
export const taskDeleteSchema = z.object({ taskId: id, confirm: z.literal(true, { error: "confirmRequired" }) });

const regionCode = z.string().regex(/^\d{6}$/, "badRegion");

const regionTargetsRule = z
  .array(z.object({ regionCode, baseline: optionalNumber.default(null), target: z.number({ error: "notANumber" }).finite("notANumber") }))
  .max(3000)
  .refine((list) => new Set(list.map((r) => r.regionCode)).size === list.length, "duplicateRegion");

/** An indicator's fields as rules; `indicatorSchema` adds the defaults of a new one, a patch leaves out what it keeps. */
const indicatorFieldRules = {
  name: required(500),
  nameEn: text(500),
  unit: text(32),
  direction: z.enum(["higher", "lower"], { error: "badDirection" }),
  baseline: optionalNumber,
  target: optionalNumber,
  regionTargets: regionTargetsRule,
};

export const indicatorSchema = z.object({
  ...indicatorFieldRules,
  nameEn: indicatorFieldRules.nameEn.default(""),
  unit: indicatorFieldRules.unit.default(""),
  baseline: indicatorFieldRules.baseline.default(null),
  target: indicatorFieldRules.target.default(null),
  regionTargets: regionTargetsRule.default([]),
});

export const indicatorCreateSchema = indicatorSchema.safeExtend({ taskId: id });
export type IndicatorCreateInput = z.input<typeof indicatorCreateSchema>;
export const indicatorUpdateSchema = indicatorSchema.safeExtend({ indicatorId: id });
export type IndicatorUpdateInput = z.input<typeof indicatorUpdateSchema>;
export const indicatorDeleteSchema = z.object({ indicatorId: id });

/** Some of an indicator's fields (the API's PATCH body): what is left out stays; `regionTargets`, when sent, replace them all. */
export const indicatorPatchBodySchema = z.object(indicatorFieldRules).partial();
export const indicatorPatchSchema = indicatorPatchBodySchema.safeExtend({ indicatorId: id });
export type IndicatorPatchInput = z.input<typeof indicatorPatchSchema>;

/** How deep and how large a task tree sent at once may be (the outline numbers go six levels deep). */
export const MAX_TREE_DEPTH = 6;
export const MAX_TREE_TASKS = 5000;

export type TaskTreeNode = z.output<typeof taskCreateSchema> extends infer T
  ? Omit<T, "planId" | "parentId"> & { indicators: z.output<typeof indicatorSchema>[]; children: TaskTreeNode[] }
  : never;
export type TaskTreeNodeInput = Omit<TaskCreateInput, "planId" | "parentId"> & { indicators?: z.input<typeof indicatorSchema>[]; children?: TaskTreeNodeInput[] };

/**
 * A task of a tree sent whole: its fields, indicators and the tasks under it. Built level by level
 * (not recursively), so that parsing stops at the sixth level however deep the input nests.
 */
function taskTreeLevel(depth: number): z.ZodType<TaskTreeNode, TaskTreeNodeInput> {
  const children =
    depth < MAX_TREE_DEPTH
      ? z.array(taskTreeLevel(depth + 1)).max(MAX_TREE_TASKS, "tooManyTasks").default([])
      : z.array(z.unknown()).max(0, "tooDeep").default([]);
  return z
    .object({ ...taskFields, indicators: z.array(indicatorSchema).max(100).default([]), children })
    .refine((t) => t.startDate <= t.dueDate, datesInOrder) as unknown as z.ZodType<TaskTreeNode, TaskTreeNodeInput>;
}

const countTasks = (nodes: readonly TaskTreeNode[]): number => nodes.reduce((n, t) => n + 1 + countTasks(t.children), 0);

/** A new draft plan with its whole task tree and indicators (the API's POST /plans; assignments come after). */
export const planWithTreeSchema = z
  .object({
    ...planSchema.shape,
    tasks: z.array(taskTreeLevel(1)).max(MAX_TREE_TASKS, "tooManyTasks").default([]),
  })
  .refine((p) => p.greenMaxBehind <= p.yellowMaxBehind, thresholdsInOrder)
  .refine((p) => countTasks(p.tasks) <= MAX_TREE_TASKS, { message: "tooManyTasks", path: ["tasks"] });
export type PlanWithTreeInput = z.input<typeof planWithTreeSchema>;

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

/**
 * A task's assignments as a whole (the API's PUT /assignments): the listed regions carry the task,
 * any other region's assignment of it is removed. Dates and contacts left out stay as they are (a
 * new assignment's dates: as the matrix gives them); `targets`, when sent, replace the region's
 * targets of the task's indicators ([] clears them).
 */
export const taskAssignmentsSchema = z.object({
  taskId: id,
  regions: z
    .array(
      z
        .object({
          regionCode,
          startDate: isoDate.optional(),
          dueDate: isoDate.optional(),
          contactName: text(50).optional(),
          contactPhone: text(32).optional(),
          targets: z
            .array(z.object({ indicatorId: id, baseline: optionalNumber.default(null), target: z.number({ error: "notANumber" }).finite("notANumber") }))
            .max(100)
            .refine((list) => new Set(list.map((t) => t.indicatorId)).size === list.length, "duplicateIndicator")
            .optional(),
        })
        .refine((r) => r.startDate === undefined || r.dueDate === undefined || r.startDate <= r.dueDate, datesInOrder),
    )
    .max(3000)
    .refine((list) => new Set(list.map((r) => r.regionCode)).size === list.length, "duplicateRegion"),
});
export type TaskAssignmentsInput = z.input<typeof taskAssignmentsSchema>;

export const recordIdSchema = id;

/** Largest sheet accepted for import. */
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;
export const MAX_SHEET_ROWS = 20_000;
