-- The audit chain is linked when the writing transaction commits, no longer when its entry is
-- inserted. Linking takes the chain's one head row FOR UPDATE; taken at the insert, it was held
-- until the commit — across the app's round trip from its last statement to its COMMIT — and every
-- concurrent write queued behind it: with 50 bureaus writing, most of PostgreSQL's backends waited
-- on that row (pg_stat_activity: Lock transactionid/tuple) while the cores had time to spare.
-- Now a deferred constraint trigger links each entry of the transaction at its commit, in the order
-- they were inserted: the head is held from there to the end of the commit only.
--
-- Ids still follow the chain: the entry's id is drawn again under the head's lock, so the id an
-- entry has while its transaction runs (from the insert) is replaced at commit; ids are unique
-- and increasing along the chain, with gaps. Nothing refers to an audit entry's id.
CREATE OR REPLACE FUNCTION audit_log_chain_at_commit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head text;
  e audit_log;
BEGIN
  SELECT last_hash INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  e := NEW;
  e.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  e.prev_hash := head;
  e.hash := audit_entry_hash(head, e);
  UPDATE audit_log SET id = e.id, prev_hash = e.prev_hash, hash = e.hash WHERE id = NEW.id;
  UPDATE audit_chain_head SET last_id = e.id, last_hash = e.hash WHERE id = 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The log stays append-only: the one change allowed is that link, made by the trigger above to an
-- entry not yet linked (its hash still null, which no committed entry has): its id and hashes, its
-- content unchanged.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND pg_trigger_depth() > 1
    AND (NEW.at, NEW.actor_id, NEW.action, NEW.entity_type, NEW.entity_id, NEW.region_code, NEW.before, NEW.after, NEW.ip)
      IS NOT DISTINCT FROM (OLD.at, OLD.actor_id, OLD.action, OLD.entity_type, OLD.entity_id, OLD.region_code, OLD.before, OLD.after, OLD.ip) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_log_chain ON audit_log;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_log_chain AFTER INSERT ON audit_log
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_log_chain_at_commit();
--> statement-breakpoint
DROP FUNCTION IF EXISTS audit_log_chain();
