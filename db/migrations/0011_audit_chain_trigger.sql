-- The audit chain: each entry stores the hash of the entry before it and a hash of its own
-- content chained onto that one, so a changed, removed or reordered entry breaks every later link
-- (npm run audit:verify walks it). The database assigns the link on insert, whoever inserts:
-- the trigger takes the one-row chain head FOR UPDATE, so concurrent inserts queue in the order
-- they are chained, and the entry's id is drawn under that lock so ids follow the chain.
-- SECURITY DEFINER: the app's database role needs no right on the chain head (only INSERT and
-- SELECT on audit_log, and USAGE on its id sequence).
CREATE OR REPLACE FUNCTION audit_entry_hash(prev text, e audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(coalesce(prev, '') || jsonb_build_array(
    e.id, (extract(epoch FROM e.at) * 1000000)::bigint, e.actor_id, e.action, e.entity_type,
    e.entity_id, e.region_code, e.before, e.after, e.ip)::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head text;
BEGIN
  SELECT last_hash INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  NEW.prev_hash := head;
  NEW.hash := audit_entry_hash(head, NEW);
  UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- The entries written before the chain existed are chained in id order, once, by the owner.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
  r audit_log;
  h text;
  last bigint;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    UPDATE audit_log SET prev_hash = h, hash = audit_entry_hash(h, r) WHERE id = r.id;
    h := audit_entry_hash(h, r);
    last := r.id;
  END LOOP;
  INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, last, h);
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
