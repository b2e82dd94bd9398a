import { z } from "zod";
import { breakDownBodySchema } from "@/lib/validation/breakdown";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import {
  assignmentsQuerySchema,
  dashboardQuerySchema,
  idParamsSchema,
  pageQuerySchema,
  plansQuerySchema,
  reportDraftBodySchema,
  reportPathSchema,
  reportStates,
  reportStatuses,
  reportSubmitBodySchema,
  reportsQuerySchema,
  reviewBodySchema,
  sessionBodySchema,
} from "@/lib/validation/api";
import { indicatorCreateSchema, indicatorPatchBodySchema, planPatchBodySchema, planWithTreeSchema, taskAssignmentsSchema, taskCreateSchema, taskPatchBodySchema } from "@/lib/validation/plan";
import { reportParseSchema } from "@/lib/validation/conference-report";
import { deliveryQuerySchema, remindBodySchema } from "@/lib/validation/reminders";

/**
 * The OpenAPI 3.1 document of /api/v1: requests are the zod schemas the API parses with
 * (lib/validation/api.ts); responses are described here next to the views that produce them.
 */

const light = z.enum(["green", "yellow", "red"]);
const dateTime = z.iso.datetime();
const isoDate = z.iso.date();

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    code: z
      .string()
      .optional()
      .meta({
        description:
          "On 409: versionConflict, notEditable, notSubmittable, notSubmitted, periodClosed, assignmentClosed; of plans: badTransition, planClosed, taskArchived, periodsHaveReports, parentHasAssignments, assignmentHasReports.",
      }),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

const pageSchema = <T extends z.ZodType>(item: T, id: string) => z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id });

const tokenSchema = z.object({ token: z.string(), expiresAt: dateTime }).meta({ id: "Token" });

const regionSchema = z
  .object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), level: z.string(), parentCode: z.string().nullable() })
  .meta({ id: "Region" });

const planSchema = z
  .object({
    id: z.int(),
    year: z.int(),
    title: z.string(),
    titleEn: z.string(),
    issuingBody: z.string(),
    meetingDate: isoDate.nullable(),
    state: z.enum(["draft", "published", "closed"]),
    cadence: z.enum(["monthly", "quarterly"]),
    dueDay: z.int(),
    isDemo: z.boolean(),
  })
  .meta({ id: "Plan" });

const indicatorSchema = z
  .object({
    id: z.int(),
    name: z.string(),
    nameEn: z.string(),
    unit: z.string(),
    direction: z.enum(["higher", "lower"]),
    baseline: z.number().nullable(),
    target: z.number().nullable(),
  })
  .meta({ id: "Indicator" });

type TaskNodeShape = {
  id: number;
  parentId: number | null;
  number: string;
  title: string;
  titleEn: string;
  leadOffice: string;
  startDate: string;
  dueDate: string;
  weight: number;
  indicators: z.infer<typeof indicatorSchema>[];
  children: TaskNodeShape[];
};
const taskSchema: z.ZodType<TaskNodeShape> = z
  .object({
    id: z.int(),
    parentId: z.int().nullable(),
    number: z.string(),
    title: z.string(),
    titleEn: z.string(),
    leadOffice: z.string(),
    startDate: isoDate,
    dueDate: isoDate,
    weight: z.number(),
    indicators: z.array(indicatorSchema),
    get children() {
      return z.array(taskSchema);
    },
  })
  .meta({ id: "Task" });

const planWithTasksSchema = planSchema.extend({ sourceText: z.string(), leafCount: z.int(), tasks: z.array(taskSchema) }).meta({ id: "PlanWithTasks" });

const assignmentSchema = z
  .object({
    id: z.int(),
    planId: z.int(),
    taskId: z.int(),
    regionCode: z.string(),
    startDate: isoDate,
    dueDate: isoDate,
    progress: z.int().min(0).max(100).meta({ description: "Latest approved progress (0 while none is approved)." }),
    light,
    completed: z.boolean(),
    expected: z.number().meta({ description: "Expected progress today, 0–100." }),
    overdue: z.boolean(),
    lastPeriod: z.string().nullable(),
    lastState: z.enum(reportStates).nullable(),
  })
  .meta({ id: "Assignment" });

const breakDownResultSchema = z
  .object({
    created: z.array(z.object({ assignmentId: z.int(), regionCode: z.string() })),
    existing: z.array(z.string()).meta({ description: "Counties that had the assignment already." }),
  })
  .meta({ id: "BreakDownResult" });

const taskRefSchema = z.object({ id: z.int(), number: z.string().meta({ description: "Outline number: 2, 2.3…" }) }).meta({ id: "TaskRef" });
const indicatorRefSchema = z.object({ id: z.int() }).meta({ id: "IndicatorRef" });
const taskAssignmentsResultSchema = z
  .object({
    taskId: z.int(),
    added: z.int(),
    removed: z.int(),
    assignments: z.array(z.object({ id: z.int(), regionCode: z.string(), startDate: isoDate, dueDate: isoDate, contactName: z.string().nullable(), contactPhone: z.string().nullable() })),
  })
  .meta({ id: "TaskAssignments" });

const reportFields = {
  progress: z.int().min(0).max(100),
  status: z.enum(reportStatuses),
  workDone: z.string(),
  problems: z.string(),
  nextSteps: z.string(),
  indicatorValues: z.array(z.object({ indicatorId: z.int(), value: z.number().nullable() })),
  reviewComment: z.string().nullable(),
};

const reportSchema = z
  .object({
    id: z.int(),
    assignmentId: z.int(),
    regionCode: z.string(),
    period: z.string(),
    version: z.int(),
    state: z.enum(reportStates),
    ...reportFields,
    dropReason: z.string().meta({ description: "Why the progress is below the previous period's; required to submit when it is." }),
    submittedAt: dateTime.nullable(),
    reviewedAt: dateTime.nullable(),
  })
  .meta({ id: "Report" });

const reportVersionSchema = z
  .object({ version: z.int(), action: z.string(), state: z.enum(reportStates), ...reportFields, createdAt: dateTime })
  .meta({ id: "ReportVersion" });

const reportWithVersionsSchema = reportSchema.extend({ versions: z.array(reportVersionSchema) }).meta({ id: "ReportWithVersions" });

const rollupFields = { total: z.int(), completed: z.int(), completionRate: z.number().min(0).max(1), meanProgress: z.number().min(0).max(100), green: z.int(), yellow: z.int(), red: z.int() };

const dashboardSchema = z
  .object({
    filter: z.object({ year: z.int(), planId: z.int().optional(), taskId: z.int().optional(), regionCode: z.string().optional() }),
    asOf: isoDate,
    headline: z.object({ ...rollupFields, onTimeRate: z.number().nullable(), onTime: z.number(), missingThisPeriod: z.int(), currentPeriod: z.string().nullable() }),
    byRegion: z.array(z.object({ regionCode: z.string(), nameZh: z.string(), nameEn: z.string(), rank: z.int(), ...rollupFields })),
    byTask: z.array(z.object({ taskId: z.int(), number: z.string(), title: z.string(), titleEn: z.string(), ...rollupFields })),
    byPeriod: z.array(z.object({ period: z.string(), month: z.int(), completionRate: z.number().min(0).max(1), meanProgress: z.number() })),
  })
  .meta({ id: "Dashboard" });

const sourceSpan = z.object({ start: z.int(), end: z.int() }).meta({ id: "SourceSpan", description: "Offsets into the text sent: text.slice(start, end) (UTF-16 code units)." });
const indicatorSuggestionSchema = z
  .object({ name: z.string(), unit: z.string(), target: z.number().nullable(), direction: z.enum(["higher", "lower"]), kind: z.enum(["binding", "named", "quantity"]), span: sourceSpan })
  .meta({ id: "IndicatorSuggestion" });
const parsedReportSchema = z
  .object({
    language: z.enum(["zh", "en"]),
    year: z.int().nullable(),
    meetingDate: isoDate.nullable(),
    issuingBody: z.string().nullable(),
    title: z.string().meta({ description: "A suggested plan title, from the meeting's name." }),
    fieldSpans: z.object({ year: sourceSpan.optional(), meetingDate: sourceSpan.optional(), issuingBody: sourceSpan.optional() }),
    declaredCount: z.int().nullable().meta({ description: "The count the text announces (七项任务 → 7)." }),
    tasks: z.array(
      z.object({
        number: z.int(),
        title: z.string(),
        description: z.string(),
        span: sourceSpan,
        titleSpan: sourceSpan,
        measures: z.array(z.object({ title: z.string(), span: sourceSpan })),
        indicators: z.array(indicatorSuggestionSchema),
      }),
    ),
    enumerations: z.array(z.object({ label: z.string(), declared: z.int().nullable(), span: sourceSpan, items: z.array(z.object({ title: z.string(), span: sourceSpan })) })).meta({ description: "Other lists of the text (a second 一是… list, “seven systems” of a, b, …)." }),
    indicators: z.array(indicatorSuggestionSchema).meta({ description: "Suggestions found outside the key tasks." }),
    warnings: z.array(z.object({ code: z.enum(["countMismatch", "noYear", "noMeetingDate", "noIssuingBody"]), declared: z.int().optional(), found: z.int().optional() })),
    message: z.enum(["empty", "tooLong", "noEnumeration", "notAReport"]).nullable().meta({ description: "Why the tree is empty, when it is." }),
  })
  .meta({ id: "ParsedReport" });

const jsonContent = (schema: z.ZodType) => ({ "application/json": { schema } });
const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: problemDescriptions[s] ?? "Problem", content: { "application/problem+json": { schema: problemSchema } } }]));
const problemDescriptions: Record<number, string> = {
  400: "Malformed JSON or a bad query/path parameter",
  401: "No, expired or revoked token",
  403: "The role may not do this",
  404: "Not found, or not the caller's to know of",
  409: "Version conflict, or the state does not allow it (`code` says which)",
  422: "Invalid values; `errors` names each field",
  413: "The body is larger than the operation accepts",
  429: "Too many failed sign-ins",
};

function op(summary: string, o: Omit<ZodOpenApiOperationObject, "responses"> & { ok: z.ZodType; okStatus?: string; fails: number[] }): ZodOpenApiOperationObject {
  const { ok, okStatus = "200", fails, ...rest } = o;
  return { summary, ...rest, responses: { [okStatus]: { description: summary, content: jsonContent(ok) }, ...problems(...fails) } };
}

const reportPath = reportPathSchema;

const deliverySchema = z
  .object({
    id: z.int(),
    createdAt: dateTime,
    sentAt: dateTime.nullable(),
    channel: z.enum(["in_app", "email", "wecom", "dingtalk", "sms"]),
    recipient: z.string().meta({ description: "E-mail address, phone, robot scope (region:150100, staff) or user:<id> for in-app." }),
    recipientName: z.string().nullable(),
    cause: z.string().meta({ description: "due_soon, overdue, escalated, assigned, submitted, resubmitted, returned, approved, reminder, digest, period_closed" }),
    period: z.string().nullable(),
    regionCode: z.string().nullable(),
    assignmentId: z.int().nullable(),
    subject: z.string(),
    state: z.enum(["pending", "sent", "failed"]),
    attempts: z.int(),
    lastError: z.string().nullable(),
  })
  .meta({ id: "Delivery", description: "One message on one channel to one recipient (催办记录)." });

function remindOperation(): ZodOpenApiOperationObject {
  const base = op("催办: remind the assignment's bureau now through its channels (staff); once a day unless `confirm` is true", {
    requestParams: { path: idParamsSchema },
    requestBody: { content: jsonContent(remindBodySchema) },
    ok: z.object({ notified: z.int() }),
    okStatus: "201",
    fails: [400, 401, 403, 404, 422],
  });
  return {
    ...base,
    responses: {
      ...base.responses,
      "429": { description: "A reminder was already sent for this assignment today", headers: { "Retry-After": { description: "Seconds until the next day (China time)", schema: { type: "integer" } } }, content: { "application/problem+json": { schema: problemSchema } } },
    },
  };
}
const idPath = idParamsSchema;

export const apiPaths: ZodOpenApiPathsObject = {
  "/session": {
    post: op("Sign in: a bearer token for 8 hours. An account with two-step verification also sends `code` (six digits from its authenticator app, or a recovery code): without it the answer is 401 with code `secondFactorRequired`, with a wrong or used one 401 `secondFactorInvalid` (counted as a failed sign-in)", { security: [], requestBody: { content: jsonContent(sessionBodySchema) }, ok: tokenSchema, okStatus: "201", fails: [400, 401, 422, 429] }),
    delete: {
      summary: "Revoke the bearer token of this request",
      responses: { "204": { description: "Revoked" }, ...problems(401) },
    },
  },
  "/regions": { get: op("League-cities", { requestParams: { query: pageQuerySchema }, ok: pageSchema(regionSchema, "RegionPage"), fails: [400, 401, 403] }) },
  "/plans": {
    get: op("Plans (drafts only for the department)", { requestParams: { query: plansQuerySchema }, ok: pageSchema(planSchema, "PlanPage"), fails: [400, 401, 403] }),
    post: op("A new draft plan with its task tree (up to 6 levels, 5000 tasks) and indicators (staff)", {
      requestBody: { content: jsonContent(planWithTreeSchema) },
      ok: planWithTasksSchema,
      okStatus: "201",
      fails: [400, 401, 403, 422],
    }),
  },
  "/plans/parse": {
    post: op("Read a conference report's text into a draft task tree; nothing is written (staff)", { requestBody: { content: jsonContent(reportParseSchema) }, ok: parsedReportSchema, fails: [400, 401, 403, 413, 422] }),
  },
  "/plans/{id}": {
    get: op("A plan with its task tree and indicators", { requestParams: { path: idPath }, ok: planWithTasksSchema, fails: [400, 401, 404] }),
    patch: op("Change some of a plan's settings (staff); year and cadence stay once there are reports", {
      requestParams: { path: idPath },
      requestBody: { content: jsonContent(planPatchBodySchema) },
      ok: planWithTasksSchema,
      fails: [400, 401, 403, 404, 409, 422],
    }),
  },
  "/plans/{id}/publish": {
    post: op("Publish a draft plan: its assignments reach the bureaus (staff); a plan not in draft is 409", { requestParams: { path: idPath }, ok: planWithTasksSchema, fails: [400, 401, 403, 404, 409] }),
  },
  "/tasks": {
    post: op("Add a task to a plan, or a measure under a task (staff); last among its siblings", { requestBody: { content: jsonContent(taskCreateSchema) }, ok: taskRefSchema, okStatus: "201", fails: [400, 401, 403, 404, 409, 422] }),
  },
  "/tasks/{id}": {
    patch: op("Change some of a task's fields (staff); assignments that kept the task's dates follow them", {
      requestParams: { path: idPath },
      requestBody: { content: jsonContent(taskPatchBodySchema) },
      ok: taskRefSchema,
      fails: [400, 401, 403, 404, 409, 422],
    }),
  },
  "/indicators": {
    post: op("Add an indicator to a task, with per-region targets (staff)", { requestBody: { content: jsonContent(indicatorCreateSchema) }, ok: indicatorRefSchema, okStatus: "201", fails: [400, 401, 403, 404, 409, 422] }),
  },
  "/indicators/{id}": {
    patch: op("Change some of an indicator's fields (staff); `regionTargets`, when sent, replace them all", {
      requestParams: { path: idPath },
      requestBody: { content: jsonContent(indicatorPatchBodySchema) },
      ok: indicatorRefSchema,
      fails: [400, 401, 403, 404, 409, 422],
    }),
  },
  "/assignments": {
    get: op("Assignments with latest approved progress and light (a bureau: its region only)", { requestParams: { query: assignmentsQuerySchema }, ok: pageSchema(assignmentSchema, "AssignmentPage"), fails: [400, 401, 403, 404] }),
    put: op("Set which regions carry a leaf task, with their dates, contacts and indicator targets (staff); other regions' assignments of the task are removed", {
      requestBody: { content: jsonContent(taskAssignmentsSchema) },
      ok: taskAssignmentsResultSchema,
      fails: [400, 401, 403, 404, 409, 422],
    }),
  },
  "/assignments/{id}/remind": { post: remindOperation() },
  "/deliveries": {
    get: op("The delivery log (催办记录) of an assignment or a region and its counties, newest first (staff)", { requestParams: { query: deliveryQuerySchema }, ok: z.object({ items: z.array(deliverySchema) }), fails: [400, 401, 403, 422] }),
  },
  "/assignments/{id}/breakdown": {
    post: op("Break an assignment down to banner-counties below the bureau's league-city (逐级分解; league-city bureau)", {
      requestParams: { path: idPath },
      requestBody: { content: jsonContent(breakDownBodySchema) },
      ok: breakDownResultSchema,
      okStatus: "201",
      fails: [400, 401, 403, 404, 409, 422],
    }),
  },
  "/assignments/{id}/reports/{period}": {
    put: op("Create or update the draft of a period (bureau of the region); send `version` when updating", {
      requestParams: { path: reportPath },
      requestBody: { content: jsonContent(reportDraftBodySchema) },
      ok: reportSchema,
      fails: [400, 401, 403, 404, 409, 422],
    }),
  },
  "/reports": { get: op("Reports (a bureau: its region; drafts only for their own bureau)", { requestParams: { query: reportsQuerySchema }, ok: pageSchema(reportSchema, "ReportPage"), fails: [400, 401, 403] }) },
  "/reports/{id}": { get: op("A report with its versions", { requestParams: { path: idPath }, ok: reportWithVersionsSchema, fails: [400, 401, 404] }) },
  "/reports/{id}/submit": {
    post: op("Submit a draft or a corrected returned report (bureau)", { requestParams: { path: idPath }, requestBody: { content: jsonContent(reportSubmitBodySchema) }, ok: reportSchema, fails: [400, 401, 403, 404, 409, 422] }),
  },
  "/reports/{id}/approve": {
    post: op("Approve a submitted report (staff; a league-city bureau for its counties)", { requestParams: { path: idPath }, requestBody: { content: jsonContent(reviewBodySchema) }, ok: reportSchema, fails: [400, 401, 403, 404, 409, 422] }),
  },
  "/reports/{id}/return": {
    post: op("Return a submitted report with a comment (staff; a league-city bureau for its counties)", { requestParams: { path: idPath }, requestBody: { content: jsonContent(reviewBodySchema) }, ok: reportSchema, fails: [400, 401, 403, 404, 409, 422] }),
  },
  "/dashboard": { get: op("Dashboard figures of a year (default: this year)", { requestParams: { query: dashboardQuerySchema }, ok: dashboardSchema, fails: [400, 401, 403] }) },
  "/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1 document" } } } },
};

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument() {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "Annual key tasks tracker API",
      version: "1.0.0",
      description: "The data and actions of the pages, under the same rules. Sign in with POST /session, then send `Authorization: Bearer <token>`. Lists are paginated with `limit` and `cursor`; errors are application/problem+json.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }, { cookie: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A token from POST /session" },
        cookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "A signed-in browser session" },
      },
    },
    paths: apiPaths,
  });
  return cached;
}
