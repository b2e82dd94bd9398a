import { relations, sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const regionLevel = pgEnum("region_level", ["province", "league_city", "banner_county"]);
/** admin is the system administrator; secadmin the security administrator; auditor the audit administrator (三员分立). */
export const userRole = pgEnum("user_role", ["admin", "staff", "bureau", "leader", "secadmin", "auditor"]);
export const planState = pgEnum("plan_state", ["draft", "published", "closed"]);
export const cadence = pgEnum("cadence", ["monthly", "quarterly"]);
export const indicatorDirection = pgEnum("indicator_direction", ["higher", "lower"]);
export const reportState = pgEnum("report_state", ["draft", "submitted", "returned", "approved"]);
export const reportStatus = pgEnum("report_status", ["on_track", "at_risk", "behind", "complete"]);
export const notificationKind = pgEnum("notification_kind", [
  "due_soon",
  "overdue",
  "returned",
  "approved",
  "reminder",
  "assigned",
  "submitted",
  "resubmitted",
  "escalated",
  "digest",
  "period_closed",
]);
export const deliveryChannel = pgEnum("delivery_channel", ["in_app", "email", "wecom", "dingtalk", "sms"]);
export const deliveryState = pgEnum("delivery_state", ["pending", "sent", "failed"]);

/** Administrative regions (GB/T 2260), a tree: province → league-city → banner-county. */
export const regions = pgTable(
  "regions",
  {
    code: varchar("code", { length: 12 }).primaryKey(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    level: regionLevel("level").notNull(),
    parentCode: varchar("parent_code", { length: 12 }).references((): AnyPgColumn => regions.code),
    sortOrder: integer("sort_order").notNull().default(0),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [index("regions_parent_idx").on(t.parentCode)],
);

export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    username: varchar("username", { length: 64 }).notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull(),
    regionCode: varchar("region_code", { length: 12 }).references(() => regions.code),
    office: text("office"),
    phone: varchar("phone", { length: 32 }),
    email: varchar("email", { length: 254 }),
    /** Interface language of messages sent to this user (null: Chinese). */
    locale: varchar("locale", { length: 8 }),
    /** Outbound channels the user chose (null: e-mail when an address is set); in-app is always on. */
    channels: text("channels").array(),
    active: boolean("active").notNull().default(true),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /** Bumped on deactivation, role change or password reset: older sessions stop working. */
    sessionVersion: integer("session_version").notNull().default(1),
    isDemo: boolean("is_demo").notNull().default(false),
    /** When the password was last set: it expires after the security policy's number of days. */
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
    /** TOTP (RFC 6238) secret, encrypted (lib/data/two-factor.ts); set once enrolment is confirmed. */
    totpSecret: text("totp_secret"),
    /** A secret shown during enrolment, until its first code confirms it. */
    totpPendingSecret: text("totp_pending_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** The last time step whose code was accepted: a code is good once. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_username_key").on(t.username),
    index("users_region_idx").on(t.regionCode),
    check(
      "users_bureau_has_region",
      sql`(${t.role} = 'bureau') = (${t.regionCode} is not null)`,
    ),
  ],
);

/** One annual deployment (年度部署) of an issuing body. */
export const plans = pgTable(
  "plans",
  {
    id: serial("id").primaryKey(),
    year: smallint("year").notNull(),
    title: text("title").notNull(),
    titleEn: text("title_en").notNull().default(""),
    issuingBody: text("issuing_body").notNull(),
    meetingDate: date("meeting_date"),
    sourceText: text("source_text").notNull().default(""),
    cadence: cadence("cadence").notNull().default("monthly"),
    /** Day of the period by which its report is due (1–28; for quarters, day of the quarter's last month). */
    dueDay: smallint("due_day").notNull().default(25),
    graceDays: smallint("grace_days").notNull().default(5),
    /** Reminders: "due soon" this many days before the due day; escalation this many days after it (plus grace). */
    remindDaysBefore: smallint("remind_days_before").notNull().default(3),
    escalateAfterDays: smallint("escalate_after_days").notNull().default(5),
    /** Points behind expected progress that still count as green / yellow. */
    greenMaxBehind: smallint("green_max_behind").notNull().default(10),
    yellowMaxBehind: smallint("yellow_max_behind").notNull().default(25),
    state: planState("state").notNull().default("draft"),
    isDemo: boolean("is_demo").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("plans_year_body_title_key").on(t.year, t.issuingBody, t.title),
    index("plans_year_idx").on(t.year),
    check("plans_due_day_range", sql`${t.dueDay} between 1 and 28`),
    check("plans_thresholds", sql`0 <= ${t.greenMaxBehind} and ${t.greenMaxBehind} <= ${t.yellowMaxBehind}`),
  ],
);

/** Key tasks (重点任务) and their concrete measures (具体举措): a tree inside a plan. */
export const tasks = pgTable(
  "tasks",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id),
    parentId: integer("parent_id").references((): AnyPgColumn => tasks.id),
    /** Computed outline number: "1", "2.3". */
    number: varchar("number", { length: 32 }).notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
    title: text("title").notNull(),
    titleEn: text("title_en").notNull().default(""),
    description: text("description").notNull().default(""),
    leadOffice: text("lead_office").notNull().default(""),
    startDate: date("start_date").notNull(),
    dueDate: date("due_date").notNull(),
    weight: doublePrecision("weight").notNull().default(1),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("tasks_plan_number_key").on(t.planId, t.number),
    index("tasks_plan_parent_idx").on(t.planId, t.parentId, t.sortOrder),
    check("tasks_dates", sql`${t.startDate} <= ${t.dueDate}`),
    check("tasks_weight", sql`${t.weight} >= 0`),
  ],
);

/** A quantified target on a task (量化指标). */
export const indicators = pgTable(
  "indicators",
  {
    id: serial("id").primaryKey(),
    taskId: integer("task_id")
      .notNull()
      .references(() => tasks.id),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull().default(""),
    unit: varchar("unit", { length: 32 }).notNull().default(""),
    direction: indicatorDirection("direction").notNull(),
    baseline: doublePrecision("baseline"),
    target: doublePrecision("target"),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps,
  },
  (t) => [index("indicators_task_idx").on(t.taskId)],
);

/** Per-region targets where they differ from the indicator's overall target. */
export const indicatorRegionTargets = pgTable(
  "indicator_region_targets",
  {
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    regionCode: varchar("region_code", { length: 12 })
      .notNull()
      .references(() => regions.code),
    baseline: doublePrecision("baseline"),
    target: doublePrecision("target").notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.regionCode] })],
);

/** A leaf task given to one region (任务分解/交办): the unit progress is reported on. */
export const assignments = pgTable(
  "assignments",
  {
    id: serial("id").primaryKey(),
    taskId: integer("task_id")
      .notNull()
      .references(() => tasks.id),
    regionCode: varchar("region_code", { length: 12 })
      .notNull()
      .references(() => regions.code),
    startDate: date("start_date").notNull(),
    dueDate: date("due_date").notNull(),
    contactName: text("contact_name"),
    contactPhone: varchar("contact_phone", { length: 32 }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: integer("acknowledged_by").references(() => users.id),
    /** Set when a report with completion is approved (办结): no more reports are asked for. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("assignments_task_region_key").on(t.taskId, t.regionCode),
    index("assignments_region_idx").on(t.regionCode, t.dueDate),
    check("assignments_dates", sql`${t.startDate} <= ${t.dueDate}`),
  ],
);

/** The report of one assignment for one period; its current version. Older versions live in report_versions. */
export const reports = pgTable(
  "reports",
  {
    id: serial("id").primaryKey(),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    /** "2025-03" for a monthly plan, "2025-Q1" for a quarterly one. */
    period: varchar("period", { length: 8 }).notNull(),
    /** The day this period's report was due, kept for punctuality roll-ups. */
    dueOn: date("due_on").notNull(),
    state: reportState("state").notNull().default("draft"),
    version: integer("version").notNull().default(1),
    progress: smallint("progress").notNull().default(0),
    status: reportStatus("status").notNull().default("on_track"),
    workDone: text("work_done").notNull().default(""),
    problems: text("problems").notNull().default(""),
    nextSteps: text("next_steps").notNull().default(""),
    /** Why the progress is lower than the previous period's (required when it dropped). */
    dropReason: text("drop_reason").notNull().default(""),
    reviewComment: text("review_comment"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    /** The first submission: punctuality (submitted by the due day) is judged on it, not on a resubmission. */
    firstSubmittedAt: timestamp("first_submitted_at", { withTimezone: true }),
    submittedBy: integer("submitted_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: integer("reviewed_by").references(() => users.id),
    updatedBy: integer("updated_by").references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("reports_assignment_period_key").on(t.assignmentId, t.period),
    index("reports_state_submitted_idx").on(t.state, t.submittedAt),
    index("reports_period_idx").on(t.period),
    // Latest approved report per assignment (DISTINCT ON … ORDER BY period DESC) for progress and roll-ups.
    index("reports_approved_latest_idx").on(t.assignmentId, t.period).where(sql`${t.state} = 'approved'`),
    check("reports_progress_range", sql`${t.progress} between 0 and 100`),
    check("reports_version_nonnegative", sql`${t.version} >= 0`),
  ],
);

/**
 * What an assignment's reports add up to, derived by lib/domain/reporting from the assignment's own
 * reports and kept current in the same transaction as every write that changes them
 * (lib/data/progress-core). `npm run db:verify` recomputes it from the raw rows.
 */
export const assignmentStates = pgTable(
  "assignment_states",
  {
    assignmentId: integer("assignment_id")
      .primaryKey()
      .references(() => assignments.id, { onDelete: "cascade" }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id),
    taskId: integer("task_id")
      .notNull()
      .references(() => tasks.id),
    regionCode: varchar("region_code", { length: 12 })
      .notNull()
      .references(() => regions.code),
    startDate: date("start_date").notNull(),
    dueDate: date("due_date").notNull(),
    /** Latest approved report: its period, progress and self-assessed status (null: none approved). */
    approvedPeriod: varchar("approved_period", { length: 8 }),
    approvedProgress: smallint("approved_progress"),
    approvedStatus: reportStatus("approved_status"),
    completed: boolean("completed").notNull().default(false),
    completedOnTime: boolean("completed_on_time").notNull().default(false),
    /** Latest report of any state. */
    lastPeriod: varchar("last_period", { length: 8 }),
    lastState: reportState("last_state"),
    /** Periods of the plan's year inside the assignment's window, 1-based (null: none). */
    firstIndex: smallint("first_index"),
    lastIndex: smallint("last_index"),
    /** Per period of the plan's year: approved progress as of that period (100 when complete, 0 when none). */
    asOf: smallint("as_of").array().notNull(),
    /** Per period of the plan's year: bit 1 handed in, bit 2 handed in by the due day, bit 4 approved. */
    periodFlags: smallint("period_flags").array().notNull(),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The light on light_on (lib/domain/reporting dayLight), still right through light_until (null:
     * every later day), and the order key of the "behind" list (null when green). Set with the
     * state at every write and moved on each morning by the "lights" job.
     */
    lightOn: date("light_on"),
    lightUntil: date("light_until"),
    light: varchar("light", { length: 6 }),
    behindKey: integer("behind_key"),
  },
  (t) => [
    index("assignment_states_plan_region_idx").on(t.planId, t.regionCode),
    index("assignment_states_behind_idx").on(t.planId, t.behindKey.desc(), t.assignmentId).where(sql`${t.behindKey} is not null`),
    index("assignment_states_plan_refreshed_idx").on(t.planId, t.refreshedAt),
    index("assignment_states_region_idx").on(t.regionCode),
  ],
);

/**
 * A counter per plan and region, moved in the same transaction as every write that changes a
 * figure of that plan: the sum over a plan's rows changes exactly when such a write commits, so a
 * figure remembered against it is never stale. One row per region keeps bureaus from queueing on
 * one counter; region "" is the plan's own (tasks, assignments removed, state).
 */
export const stateRevisions = pgTable(
  "state_revisions",
  {
    planId: integer("plan_id").notNull(),
    regionCode: varchar("region_code", { length: 12 }).notNull(),
    revision: bigint("revision", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.planId, t.regionCode] })],
);

/**
 * Per plan, the sum of its state_revisions counters, added to when each writing transaction
 * commits (plan_revision_deltas, migration 0018): a stamp over whole plans — the year-against-year
 * snapshots' of the years not viewed — is one row per plan instead of one per county, while the
 * bureaus still move counters of their own until their commit.
 */
export const planRevisionSums = pgTable("plan_revision_sums", {
  planId: integer("plan_id").primaryKey(),
  total: bigint("total", { mode: "number" }).notNull().default(0),
});

/**
 * A writing statement's change to each plan's counters, noted as it runs (a statement trigger over
 * its changed rows, migration 0018) and added to plan_revision_sums, then removed, when its
 * transaction commits: one row per statement and plan, however many counters the statement moved.
 */
export const planRevisionDeltas = pgTable("plan_revision_deltas", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  planId: integer("plan_id").notNull(),
  delta: bigint("delta", { mode: "number" }).notNull(),
});

/**
 * The dashboard's sums kept per (plan, region, key task), refreshed from assignment_states in the
 * same transaction as every write that moves the state_revisions of that (plan, region), and for
 * the whole plan when its own counter moves (db/derived-state). What a day changes is in the
 * lights: each cell holds its light counts for the days light_from…light_until (null: onwards),
 * the days all its assignments' kept lights hold for; a read outside them computes from the states.
 * Arrays run over the plan's periods (1-based like the state's): as_of sums and completions, and
 * per period the assignments whose window holds it (window_cum, cumulated), handed in by the due day
 * (on_time_cum, cumulated), not handed in and not complete (missing).
 */
export const figureCells = pgTable(
  "figure_cells",
  {
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    regionCode: varchar("region_code", { length: 12 }).notNull(),
    topTask: integer("top_task").notNull(),
    total: integer("total").notNull(),
    completed: integer("completed").notNull(),
    progressSum: integer("progress_sum").notNull(),
    completedOnTime: integer("completed_on_time").notNull(),
    green: integer("green").notNull(),
    yellow: integer("yellow").notNull(),
    red: integer("red").notNull(),
    lightFrom: date("light_from"),
    lightUntil: date("light_until"),
    asOfSum: integer("as_of_sum").array().notNull(),
    asOfDone: integer("as_of_done").array().notNull(),
    windowCum: integer("window_cum").array().notNull(),
    onTimeCum: integer("on_time_cum").array().notNull(),
    missing: integer("missing").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.regionCode, t.topTask] })],
);

/** Plans whose figure_cells are not known to be whole (those present when the cells were introduced): rebuilt by the "lights" job or db:verify --repair. */
export const figureStale = pgTable("figure_stale", {
  planId: integer("plan_id")
    .primaryKey()
    .references(() => plans.id, { onDelete: "cascade" }),
});

/**
 * A year's row of the dashboard's year-against-year comparison for one scope, remembered with the
 * stamp it was computed under (the year's revision counters, and the day while the year is not
 * over): a year that did not change since is read from here instead of recomputed from its
 * 112,000 states. Only a cache: emptying it loses nothing (lib/data/dashboard.ts).
 */
export const yearSnapshots = pgTable("year_snapshots", {
  key: text("key").primaryKey(),
  stamp: text("stamp").notNull(),
  row: jsonb("row").notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every version of every report, append-only. */
export const reportVersions = pgTable(
  "report_versions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    version: integer("version").notNull(),
    /** What produced this version: save, submit, approve, return. */
    action: varchar("action", { length: 16 }).notNull(),
    state: reportState("state").notNull(),
    progress: smallint("progress").notNull(),
    status: reportStatus("status").notNull(),
    workDone: text("work_done").notNull(),
    problems: text("problems").notNull(),
    nextSteps: text("next_steps").notNull(),
    dropReason: text("drop_reason").notNull().default(""),
    indicatorValues: jsonb("indicator_values")
      .$type<{ indicatorId: number; value: number | null }[]>()
      .notNull()
      .default([]),
    reviewComment: text("review_comment"),
    actorId: integer("actor_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("report_versions_report_version_key").on(t.reportId, t.version)],
);

/** Actual indicator values of a report's current version. */
export const reportIndicatorValues = pgTable(
  "report_indicator_values",
  {
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    value: doublePrecision("value"),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.indicatorId] })],
);

/** Evidence files of a report; the bytes live in the file store under storage_key. */
export const attachments = pgTable(
  "attachments",
  {
    id: serial("id").primaryKey(),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    fileName: text("file_name").notNull(),
    contentType: varchar("content_type", { length: 128 }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: varchar("sha256", { length: 64 }).notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    /** When a removed file's bytes were deleted from the store (its report approved, or the retention passed). */
    purgedAt: timestamp("purged_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("attachments_report_idx").on(t.reportId)],
);

/** Who did what to which record, when, before and after. Append-only (a trigger refuses UPDATE and DELETE). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: integer("actor_id").references(() => users.id),
    action: varchar("action", { length: 64 }).notNull(),
    entityType: varchar("entity_type", { length: 32 }).notNull(),
    entityId: text("entity_id"),
    regionCode: varchar("region_code", { length: 12 }),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: varchar("ip", { length: 64 }),
    /** The chain (set by the database's insert trigger, never by the app): the previous entry's hash, and this entry's. */
    prevHash: varchar("prev_hash", { length: 64 }),
    hash: varchar("hash", { length: 64 }),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_actor_idx").on(t.actorId, t.at),
  ],
);

/** The head of the audit chain, one row: the last chained entry. Written only by the audit insert trigger (as the owner). */
export const auditChainHead = pgTable("audit_chain_head", {
  id: integer("id").primaryKey(),
  lastId: bigint("last_id", { mode: "number" }),
  lastHash: varchar("last_hash", { length: 64 }),
});

export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: notificationKind("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    assignmentId: integer("assignment_id").references(() => assignments.id),
    reportId: integer("report_id").references(() => reports.id),
    /** Deadline notices are made when first needed; the key keeps them from repeating. */
    dedupeKey: varchar("dedupe_key", { length: 128 }),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when the outbound channels of this notice were queued (lib/jobs dispatch): the notices table is the outbox. */
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user_unread_idx").on(t.userId, t.readAt, t.createdAt),
    index("notifications_undispatched_idx").on(t.id).where(sql`${t.dispatchedAt} is null`),
    uniqueIndex("notifications_user_dedupe_key").on(t.userId, t.dedupeKey),
  ],
);

/** A closed period opened again by staff for one region of one plan (recorded in the audit log too). */
export const periodReopenings = pgTable(
  "period_reopenings",
  {
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id),
    regionCode: varchar("region_code", { length: 12 })
      .notNull()
      .references(() => regions.code),
    period: varchar("period", { length: 8 }).notNull(),
    /** Drafting is allowed through this day. */
    openUntil: date("open_until").notNull(),
    reopenedBy: integer("reopened_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.regionCode, t.period] })],
);

export const regionsRelations = relations(regions, ({ one, many }) => ({
  parent: one(regions, { fields: [regions.parentCode], references: [regions.code], relationName: "region_parent" }),
  children: many(regions, { relationName: "region_parent" }),
  assignments: many(assignments),
}));

export const plansRelations = relations(plans, ({ many }) => ({ tasks: many(tasks) }));

export const tasksRelations = relations(tasks, ({ one, many }) => ({
  plan: one(plans, { fields: [tasks.planId], references: [plans.id] }),
  parent: one(tasks, { fields: [tasks.parentId], references: [tasks.id], relationName: "task_parent" }),
  children: many(tasks, { relationName: "task_parent" }),
  indicators: many(indicators),
  assignments: many(assignments),
}));

export const indicatorsRelations = relations(indicators, ({ one, many }) => ({
  task: one(tasks, { fields: [indicators.taskId], references: [tasks.id] }),
  regionTargets: many(indicatorRegionTargets),
}));

export const indicatorRegionTargetsRelations = relations(indicatorRegionTargets, ({ one }) => ({
  indicator: one(indicators, { fields: [indicatorRegionTargets.indicatorId], references: [indicators.id] }),
}));

export const assignmentsRelations = relations(assignments, ({ one, many }) => ({
  task: one(tasks, { fields: [assignments.taskId], references: [tasks.id] }),
  region: one(regions, { fields: [assignments.regionCode], references: [regions.code] }),
  reports: many(reports),
}));

export const reportsRelations = relations(reports, ({ one, many }) => ({
  assignment: one(assignments, { fields: [reports.assignmentId], references: [assignments.id] }),
  versions: many(reportVersions),
  indicatorValues: many(reportIndicatorValues),
  attachments: many(attachments),
}));

export const reportVersionsRelations = relations(reportVersions, ({ one }) => ({
  report: one(reports, { fields: [reportVersions.reportId], references: [reports.id] }),
}));

export const reportIndicatorValuesRelations = relations(reportIndicatorValues, ({ one }) => ({
  report: one(reports, { fields: [reportIndicatorValues.reportId], references: [reports.id] }),
}));

export const attachmentsRelations = relations(attachments, ({ one }) => ({
  report: one(reports, { fields: [attachments.reportId], references: [reports.id] }),
}));

/** Bearer tokens of the JSON API: only the SHA-256 of the token is kept; it expires and can be revoked. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: varchar("token_hash", { length: 64 }).notNull(),
    /** The user's session version when issued: a role change or deactivation ends the token too. */
    sessionVersion: integer("session_version").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/** Failed API sign-ins, counted per username and per address over a sliding window (kept in the database so every web node sees them). */
export const apiSignInFailures = pgTable(
  "api_sign_in_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    username: varchar("username", { length: 64 }).notNull(),
    address: varchar("address", { length: 64 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("api_sign_in_failures_username_idx").on(t.username, t.createdAt), index("api_sign_in_failures_address_idx").on(t.address, t.createdAt)],
);

/**
 * Browser sessions on the server: the JWT names one by id (sid), and a request is refused once its
 * session is ended (sign-out, deactivation, role change, password reset), idle too long or too old.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** Why it ended: signout, idle, expired, ended (by an administrator or a password change). */
    endedReason: varchar("ended_reason", { length: 16 }),
    ip: varchar("ip", { length: 64 }),
    userAgent: varchar("user_agent", { length: 256 }),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.endedAt)],
);

/**
 * Settings an administrator changes at run time, one JSON value per key (for example
 * "security.policy": two factors per role, password expiry, concurrent sessions). Each key's shape
 * is a zod schema in lib/validation; a missing key means that schema's defaults.
 */
export const settings = pgTable("settings", {
  key: varchar("key", { length: 64 }).primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: integer("updated_by").references(() => users.id),
});

/** One-time recovery codes for a lost authenticator: only a keyed SHA-256 of each is kept. */
export const userRecoveryCodes = pgTable(
  "user_recovery_codes",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: varchar("code_hash", { length: 64 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("user_recovery_codes_user_idx").on(t.userId), uniqueIndex("user_recovery_codes_hash_key").on(t.codeHash)],
);

/** A user's earlier password hashes, newest kept: a new password may not be one of the last few. */
export const passwordHistory = pgTable(
  "password_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    passwordHash: text("password_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("password_history_user_idx").on(t.userId, t.createdAt)],
);

/**
 * The delivery log (催办记录): one row per message per channel per recipient. The dedupe key
 * (recipient × cause × period, or the notice it carries) is unique, so a retried job or two
 * racing nodes queue a message once; senders claim rows with SKIP LOCKED, so one node sends it.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dedupeKey: varchar("dedupe_key", { length: 200 }).notNull(),
    channel: deliveryChannel("channel").notNull(),
    /** due_soon, overdue, escalated, assigned, submitted, returned, approved, reminder, digest, period_closed … */
    cause: varchar("cause", { length: 32 }).notNull(),
    period: varchar("period", { length: 8 }),
    userId: integer("user_id").references(() => users.id),
    /** E-mail address, phone number, robot scope ("region:150100", "staff") or "user:12" for in-app. */
    recipient: text("recipient").notNull(),
    recipientName: text("recipient_name"),
    /** The region the message is about (the bureau reminded), for the region's log. */
    regionCode: varchar("region_code", { length: 12 }),
    /** Kept as a plain number: an assignment removed later leaves its log. */
    assignmentId: integer("assignment_id"),
    notificationId: integer("notification_id"),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    html: text("html"),
    link: text("link"),
    state: deliveryState("state").notNull().default("pending"),
    attempts: smallint("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** A sender's claim: others skip the row until then (a crashed sender's claim runs out). */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("deliveries_dedupe_key").on(t.dedupeKey),
    index("deliveries_pending_idx").on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index("deliveries_assignment_idx").on(t.assignmentId, t.createdAt),
    index("deliveries_region_idx").on(t.regionCode, t.createdAt),
  ],
);

/** Each run of a scheduled job: one row per job and slot (a day, a week), so a slot runs once however many nodes try. */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    job: varchar("job", { length: 32 }).notNull(),
    /** "2026-11-22" for a daily job, "2026-W47" for the weekly one, "manual:<uuid>" for an operator's run. */
    slot: varchar("slot", { length: 64 }).notNull(),
    /** The clock the job ran with (tests and operators may set it). */
    runAt: timestamp("run_at", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    outcome: varchar("outcome", { length: 8 }).notNull().default("running"),
    summary: jsonb("summary"),
    error: text("error"),
    node: varchar("node", { length: 64 }),
  },
  (t) => [uniqueIndex("job_runs_job_slot_key").on(t.job, t.slot), index("job_runs_started_idx").on(t.job, t.startedAt)],
);
