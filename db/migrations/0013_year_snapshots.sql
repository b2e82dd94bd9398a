CREATE TABLE "year_snapshots" (
	"key" text PRIMARY KEY NOT NULL,
	"stamp" text NOT NULL,
	"row" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
