CREATE TABLE "state_revisions" (
	"plan_id" integer NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "state_revisions_plan_id_region_code_pk" PRIMARY KEY("plan_id","region_code")
);
