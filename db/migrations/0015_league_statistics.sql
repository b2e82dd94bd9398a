-- The planner's count of league-city groups. Every roll-up groups regions by their league-city,
-- (CASE WHEN level = 'banner_county' THEN parent_code ELSE code END) — leagueOfSql in
-- lib/data/progress-core.ts, the same expression —, and without statistics on that expression
-- PostgreSQL guessed one group per row: on a database of 2,800 counties the dashboard's cells were
-- then sorted (spilling to disk, in parallel workers) instead of hashed into some 90 groups, 100 ms
-- instead of 30 once the tables had been analyzed.
CREATE STATISTICS IF NOT EXISTS "regions_league_expr" ON ((CASE WHEN "level" = 'banner_county' THEN "parent_code" ELSE "code" END)) FROM "regions";--> statement-breakpoint
ANALYZE "regions";
