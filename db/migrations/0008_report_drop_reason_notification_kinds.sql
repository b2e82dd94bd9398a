ALTER TYPE "public"."notification_kind" ADD VALUE 'assigned';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'submitted';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'resubmitted';--> statement-breakpoint
ALTER TABLE "report_versions" ADD COLUMN "drop_reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "drop_reason" text DEFAULT '' NOT NULL;