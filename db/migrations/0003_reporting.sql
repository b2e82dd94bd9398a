CREATE TABLE "period_reopenings" (
	"plan_id" integer NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"period" varchar(8) NOT NULL,
	"open_until" date NOT NULL,
	"reopened_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "period_reopenings_plan_id_region_code_period_pk" PRIMARY KEY("plan_id","region_code","period")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" varchar(128);--> statement-breakpoint
ALTER TABLE "period_reopenings" ADD CONSTRAINT "period_reopenings_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_reopenings" ADD CONSTRAINT "period_reopenings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_reopenings" ADD CONSTRAINT "period_reopenings_reopened_by_users_id_fk" FOREIGN KEY ("reopened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_dedupe_key" ON "notifications" USING btree ("user_id","dedupe_key");