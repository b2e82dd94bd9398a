CREATE TABLE "assignment_states" (
	"assignment_id" integer PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"task_id" integer NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"start_date" date NOT NULL,
	"due_date" date NOT NULL,
	"approved_period" varchar(8),
	"approved_progress" smallint,
	"approved_status" "report_status",
	"completed" boolean DEFAULT false NOT NULL,
	"completed_on_time" boolean DEFAULT false NOT NULL,
	"last_period" varchar(8),
	"last_state" "report_state",
	"first_index" smallint,
	"last_index" smallint,
	"as_of" smallint[] NOT NULL,
	"period_flags" smallint[] NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "first_submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignment_states" ADD CONSTRAINT "assignment_states_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_states" ADD CONSTRAINT "assignment_states_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_states" ADD CONSTRAINT "assignment_states_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_states" ADD CONSTRAINT "assignment_states_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_states_plan_region_idx" ON "assignment_states" USING btree ("plan_id","region_code");--> statement-breakpoint
CREATE INDEX "assignment_states_plan_refreshed_idx" ON "assignment_states" USING btree ("plan_id","refreshed_at");--> statement-breakpoint
CREATE INDEX "assignment_states_region_idx" ON "assignment_states" USING btree ("region_code");--> statement-breakpoint
UPDATE "reports" r SET "first_submitted_at" = v.first_at
FROM (SELECT "report_id", min("created_at") AS first_at FROM "report_versions" WHERE "action" = 'submit' GROUP BY "report_id") v
WHERE v."report_id" = r."id";
