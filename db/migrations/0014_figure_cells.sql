CREATE TABLE "figure_cells" (
	"plan_id" integer NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"top_task" integer NOT NULL,
	"total" integer NOT NULL,
	"completed" integer NOT NULL,
	"progress_sum" integer NOT NULL,
	"completed_on_time" integer NOT NULL,
	"green" integer NOT NULL,
	"yellow" integer NOT NULL,
	"red" integer NOT NULL,
	"light_from" date,
	"light_until" date,
	"as_of_sum" integer[] NOT NULL,
	"as_of_done" integer[] NOT NULL,
	"window_cum" integer[] NOT NULL,
	"on_time_cum" integer[] NOT NULL,
	"missing" integer[] NOT NULL,
	CONSTRAINT "figure_cells_plan_id_region_code_top_task_pk" PRIMARY KEY("plan_id","region_code","top_task")
);
--> statement-breakpoint
CREATE TABLE "figure_stale" (
	"plan_id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assignment_states" ADD COLUMN "light_on" date;--> statement-breakpoint
ALTER TABLE "assignment_states" ADD COLUMN "light_until" date;--> statement-breakpoint
ALTER TABLE "assignment_states" ADD COLUMN "light" varchar(6);--> statement-breakpoint
ALTER TABLE "assignment_states" ADD COLUMN "behind_key" integer;--> statement-breakpoint
ALTER TABLE "figure_cells" ADD CONSTRAINT "figure_cells_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figure_stale" ADD CONSTRAINT "figure_stale_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_states_behind_idx" ON "assignment_states" USING btree ("plan_id","behind_key" DESC NULLS LAST,"assignment_id") WHERE "assignment_states"."behind_key" is not null;--> statement-breakpoint
-- Plans present before the cells were kept: rebuilt by the "lights" job (or db:verify --repair); until then read from the states.
INSERT INTO "figure_stale" ("plan_id") SELECT "id" FROM "plans";
