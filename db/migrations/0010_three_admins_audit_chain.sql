ALTER TYPE "public"."user_role" ADD VALUE 'secadmin';--> statement-breakpoint
ALTER TYPE "public"."user_role" ADD VALUE 'auditor';--> statement-breakpoint
CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_id" bigint,
	"last_hash" varchar(64)
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" varchar(64);--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" varchar(64);