CREATE TABLE "plan_revision_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"delta" bigint NOT NULL
);
--> statement-breakpoint
-- Migration 0017 added each counter's change to its plan's sum at commit with one deferred trigger
-- per changed counter row. A transaction that moves many counters (a plan copied or imported at
-- national scale: ~112,000) then updated one sums row as many times in its commit — each update
-- slower than the last, since the transaction's own earlier versions of the row stay — all while
-- holding the audit chain's head, which every other commit waits for: 22,400 changes took 7 s.
--
-- Now each writing statement notes its change per plan once, from its changed rows (statement
-- triggers over transition tables: a row per statement and plan), and at commit a deferred trigger
-- adds each noted row to its plan's sum and removes it. A bureau's write notes one row; a plan's
-- copy one per 2,000 assignments. At commit the audit chain's head is still taken first (as in
-- 0016 and 0017), so no commit holds one plan's sum while waiting for another's. A savepoint rolled
-- back takes its noted rows, and their commit-time events, with it.
DROP TRIGGER IF EXISTS state_revisions_sum ON state_revisions;
--> statement-breakpoint
DROP FUNCTION IF EXISTS state_revisions_sum_at_commit();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION state_revisions_note_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO plan_revision_deltas (plan_id, delta)
  SELECT plan_id, sum(revision) FROM new_rows GROUP BY plan_id HAVING sum(revision) <> 0 ORDER BY plan_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION state_revisions_note_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO plan_revision_deltas (plan_id, delta)
  SELECT plan_id, sum(d) FROM (
    SELECT plan_id, revision AS d FROM new_rows
    UNION ALL
    SELECT plan_id, -revision FROM old_rows
  ) x GROUP BY plan_id HAVING sum(d) <> 0 ORDER BY plan_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION state_revisions_note_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO plan_revision_deltas (plan_id, delta)
  SELECT plan_id, -sum(revision) FROM old_rows GROUP BY plan_id HAVING sum(revision) <> 0 ORDER BY plan_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER state_revisions_note_inserted AFTER INSERT ON state_revisions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION state_revisions_note_inserted();
--> statement-breakpoint
CREATE TRIGGER state_revisions_note_updated AFTER UPDATE ON state_revisions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION state_revisions_note_updated();
--> statement-breakpoint
CREATE TRIGGER state_revisions_note_deleted AFTER DELETE ON state_revisions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION state_revisions_note_deleted();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION plan_revision_deltas_add_at_commit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  INSERT INTO plan_revision_sums AS s (plan_id, total) VALUES (NEW.plan_id, NEW.delta)
  ON CONFLICT (plan_id) DO UPDATE SET total = s.total + EXCLUDED.total;
  DELETE FROM plan_revision_deltas WHERE id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER plan_revision_deltas_add AFTER INSERT ON plan_revision_deltas
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan_revision_deltas_add_at_commit();
--> statement-breakpoint
-- What db:verify --repair runs: each plan's sum set to its counters' sum, the head taken first so
-- that no commit adds to a sum meanwhile. The app's role may not lock the head itself (README: the
-- audit log's role), hence a function of the owner's.
CREATE OR REPLACE FUNCTION plan_revision_sums_repair() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  PERFORM 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  WITH derived AS (SELECT plan_id, sum(revision) AS total FROM state_revisions GROUP BY plan_id),
  fixed AS (
    INSERT INTO plan_revision_sums (plan_id, total)
    SELECT d.plan_id, d.total FROM derived d LEFT JOIN plan_revision_sums s ON s.plan_id = d.plan_id
    WHERE s.total IS DISTINCT FROM d.total
    ON CONFLICT (plan_id) DO UPDATE SET total = EXCLUDED.total
    RETURNING 1
  ),
  dropped AS (
    DELETE FROM plan_revision_sums s
    WHERE s.total <> 0 AND NOT EXISTS (SELECT 1 FROM state_revisions v WHERE v.plan_id = s.plan_id)
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM fixed) + (SELECT count(*) FROM dropped) INTO n;
  RETURN n;
END;
$$;
--> statement-breakpoint
-- A trigger function of the owner's must not be attached by anyone else to a table of theirs (which
-- would run it as the owner): creating a trigger needs EXECUTE on its function; firing one does not.
REVOKE EXECUTE ON FUNCTION state_revisions_note_inserted() FROM PUBLIC;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION state_revisions_note_updated() FROM PUBLIC;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION state_revisions_note_deleted() FROM PUBLIC;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION plan_revision_deltas_add_at_commit() FROM PUBLIC;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION audit_log_chain_at_commit() FROM PUBLIC;
