CREATE TABLE "plan_revision_sums" (
	"plan_id" integer PRIMARY KEY NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Each plan's sum of its revision counters, added to when a writing transaction commits. The
-- year-against-year comparison checks every stored year's kept snapshot against a stamp of that
-- year's counters; summed from state_revisions, that stamp was one row per county and plan (25,200
-- rows for nine other years at national scale) on every dashboard view. Kept per plan, it is one
-- row per plan.
--
-- A bureau's write moves its own county's counter; moving the plan's row as well would make every
-- writer of the plan queue on that row until its commit. So the sum is added to by a deferred
-- constraint trigger, at commit, with the counter's change (new − old; a new counter adds its
-- value). At commit every such trigger, and the audit chain's link (migration 0016), takes the
-- audit chain's head first: no commit then holds one plan's sum while it waits for another's, in
-- whatever order the transaction moved its counters.
CREATE OR REPLACE FUNCTION state_revisions_sum_at_commit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  INSERT INTO plan_revision_sums AS s (plan_id, total)
  VALUES (NEW.plan_id, NEW.revision - CASE WHEN TG_OP = 'UPDATE' THEN OLD.revision ELSE 0 END)
  ON CONFLICT (plan_id) DO UPDATE SET total = s.total + EXCLUDED.total;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER state_revisions_sum AFTER INSERT OR UPDATE ON state_revisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION state_revisions_sum_at_commit();
--> statement-breakpoint
INSERT INTO plan_revision_sums (plan_id, total)
SELECT plan_id, sum(revision) FROM state_revisions GROUP BY plan_id
ON CONFLICT (plan_id) DO UPDATE SET total = EXCLUDED.total;
