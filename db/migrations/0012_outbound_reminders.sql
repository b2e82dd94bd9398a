CREATE TYPE "public"."delivery_channel" AS ENUM('in_app', 'email', 'wecom', 'dingtalk', 'sms');--> statement-breakpoint
CREATE TYPE "public"."delivery_state" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'escalated';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'digest';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'period_closed';--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedupe_key" varchar(200) NOT NULL,
	"channel" "delivery_channel" NOT NULL,
	"cause" varchar(32) NOT NULL,
	"period" varchar(8),
	"user_id" integer,
	"recipient" text NOT NULL,
	"recipient_name" text,
	"region_code" varchar(12),
	"assignment_id" integer,
	"notification_id" integer,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"html" text,
	"link" text,
	"state" "delivery_state" DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job" varchar(32) NOT NULL,
	"slot" varchar(64) NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" varchar(8) DEFAULT 'running' NOT NULL,
	"summary" jsonb,
	"error" text,
	"node" varchar(64)
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dispatched_at" timestamp with time zone;--> statement-breakpoint
-- Notices made before outbound channels existed are not sent out now.
UPDATE "notifications" SET "dispatched_at" = "created_at";--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "remind_days_before" smallint DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "escalate_after_days" smallint DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" varchar(254);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locale" varchar(8);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "channels" text[];--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_dedupe_key" ON "deliveries" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "deliveries_pending_idx" ON "deliveries" USING btree ("next_attempt_at") WHERE "deliveries"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "deliveries_assignment_idx" ON "deliveries" USING btree ("assignment_id","created_at");--> statement-breakpoint
CREATE INDEX "deliveries_region_idx" ON "deliveries" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_job_slot_key" ON "job_runs" USING btree ("job","slot");--> statement-breakpoint
CREATE INDEX "job_runs_started_idx" ON "job_runs" USING btree ("job","started_at");--> statement-breakpoint
CREATE INDEX "notifications_undispatched_idx" ON "notifications" USING btree ("id") WHERE "notifications"."dispatched_at" is null;