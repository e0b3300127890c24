-- One-Roof authority model — tier 1 of 6: structure.
-- Gate class: structure. Effect: inert. It creates the governed schema and
-- asserts no accountability: the coverage gap stays 210 and
-- one_roof.emit_assignments() returns no row (fail-closed).
-- It reads directus_collections (if present) only to match names, and
-- changes no directus_* table. It also installs the drift record: writes to
-- the bundle's tables outside a ledgered tier go to one_roof.drift_log, and
-- each ledger row stores its tier's content hash (README.md, "Drift"). Undo while no seed tier is applied:
--   DROP SCHEMA one_roof CASCADE;
-- Run inside one transaction with one_roof.bundle_digest and one_roof.run_id
-- set (99_run_all.sql does both).

DO $preflight$
BEGIN
  IF to_regclass('public.os_proposal_approvals') IS NULL THEN
    RAISE EXCEPTION 'tier 1 needs public.os_proposal_approvals, the table ratifications are recorded in'
      USING ERRCODE = 'ORG02';
  END IF;
  IF coalesce(current_setting('one_roof.bundle_digest', true), '') !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'tier 1 needs the bundle digest: psql -v bundle_digest=<64 hex digits>'
      USING ERRCODE = 'ORG02';
  END IF;
END
$preflight$;

CREATE SCHEMA one_roof;
COMMENT ON SCHEMA one_roof IS
  'One-Roof authority model: who answers for each governed Directus collection, and under which ratification';

-- One row per applied tier, so that no tier is applied twice and an
-- interrupted run resumes at the first tier missing here. Each row says its
-- gate class, so rolling back structure is judged from what was applied.
CREATE TABLE one_roof.tier_ledger (
  tier          integer PRIMARY KEY CHECK (tier BETWEEN 1 AND 6),
  gate          text NOT NULL CHECK (gate IN ('structure', 'ratification')),
  bundle_digest text NOT NULL CHECK (bundle_digest ~ '^[0-9a-f]{64}$'),
  run_id        text NOT NULL,
  applied_at    timestamptz NOT NULL DEFAULT now(),
  applied_by    text NOT NULL DEFAULT current_user,
  -- Set by tier_ledger_record() below, never by the tier's own INSERT.
  content_hash     text CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  reapplied_at     timestamptz,
  reapplied_run_id text
);

CREATE TABLE one_roof.authorities (
  code text PRIMARY KEY,
  name text NOT NULL
);

INSERT INTO one_roof.authorities (code, name) VALUES
  ('GOV-COUNCIL', 'Governance Council'),
  ('GOV-KG-SYS',  'Knowledge Graph Systems Authority'),
  ('GOV-DOT',     'Department of Transport'),
  ('GOV-MOIT',    'Ministry of Industry and Trade');

-- The 35 governed collections. No authority is named here: saying who
-- answers for a collection is the seed tiers' claim, not structure.
CREATE TABLE one_roof.governed_collections (
  collection             text PRIMARY KEY,
  registered_in_directus boolean NOT NULL DEFAULT false
);

INSERT INTO one_roof.governed_collections (collection) VALUES
  ('gov_policies'), ('gov_decisions'), ('gov_proposals'), ('gov_charters'), ('gov_roles'),
  ('gov_meetings'), ('gov_glossary'), ('gov_risk_register'), ('gov_exceptions'),
  ('kg_entities'), ('kg_relations'), ('kg_sources'), ('kg_documents'), ('kg_taxonomies'),
  ('kg_terms'), ('kg_embeddings'), ('kg_ingest_jobs'), ('kg_lineage'),
  ('dot_roads'), ('dot_bridges'), ('dot_permits'), ('dot_inspections'), ('dot_incidents'),
  ('dot_traffic_counts'), ('dot_projects'), ('dot_contracts'), ('dot_assets'),
  ('moit_enterprises'), ('moit_licenses'), ('moit_trade_flows'), ('moit_price_reports'),
  ('moit_energy_sites'), ('moit_inspections'), ('moit_complaints'), ('moit_market_alerts');

-- Dynamic SQL because directus_collections may be absent (a bare PostgreSQL).
DO $match_directus$
BEGIN
  IF to_regclass('public.directus_collections') IS NOT NULL THEN
    EXECUTE 'UPDATE one_roof.governed_collections g
                SET registered_in_directus = true
               FROM public.directus_collections d
              WHERE d.collection = g.collection';
  END IF;
END
$match_directus$;

-- Each assignment names the proposal it asserts and the approval row it rests
-- on; the responsibility axis (tier 2) adds the foreign key for responsibility.
-- Constraints are deferrable so that a clone can be reloaded in one transaction.
CREATE TABLE one_roof.assignments (
  collection     text NOT NULL REFERENCES one_roof.governed_collections (collection) DEFERRABLE,
  responsibility text NOT NULL,
  authority      text NOT NULL REFERENCES one_roof.authorities (code) DEFERRABLE,
  tier           integer NOT NULL CHECK (tier BETWEEN 3 AND 6),
  proposal_code  text NOT NULL,
  approval_id    uuid NOT NULL REFERENCES public.os_proposal_approvals (id) DEFERRABLE,
  run_id         text NOT NULL,
  assigned_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection, responsibility)
);

-- Fail-closed emission: an assignment is emitted only while the approval it
-- rests on is for the same proposal and not revoked. A rehearsal approval
-- counts only in a database marked as a rehearsal target (the clone).
CREATE FUNCTION one_roof.emit_assignments()
RETURNS TABLE (
  collection     text,
  responsibility text,
  authority      text,
  tier           integer,
  proposal_code  text,
  approval_id    uuid,
  approver       text,
  approver_level text,
  bundle_digest  text,
  approved_at    timestamptz,
  run_id         text,
  assigned_at    timestamptz
)
LANGUAGE sql STABLE AS $emit$
  SELECT a.collection, a.responsibility, a.authority, a.tier, a.proposal_code,
         a.approval_id, p.approver, p.approver_level, p.bundle_digest, p.approved_at,
         a.run_id, a.assigned_at
    FROM one_roof.assignments a
    JOIN public.os_proposal_approvals p ON p.id = a.approval_id
   WHERE p.proposal_code = a.proposal_code
     AND p.revoked_at IS NULL
     AND (NOT p.rehearsal OR to_regclass('public.os_rehearsal_target') IS NOT NULL)
$emit$;

CREATE VIEW one_roof.coverage AS
  SELECT collection, responsibility, authority, tier, approval_id
    FROM one_roof.emit_assignments();

-- Drift: every write to the bundle's tables that no ledgered tier made.
--
-- A tier proves itself only at COMMIT: by then its transaction has written its
-- own ledger row under the run id it set. A session that merely sets
-- one_roof.run_id (to any value, a real run's included) has written no ledger
-- row, so its writes are drift. Until COMMIT each write waits in drift_pending;
-- a deferred constraint trigger then keeps the tier's own rows out of the log
-- and appends everything else to drift_log.
CREATE TABLE one_roof.drift_pending (
  seq               bigserial PRIMARY KEY,
  txid              bigint NOT NULL,
  op                text NOT NULL,
  table_name        text NOT NULL,
  old_row           jsonb,
  new_row           jsonb,
  db_user           text NOT NULL,
  session_user_name text NOT NULL,
  application_name  text NOT NULL,
  client_addr       inet,
  claimed_run_id    text,
  written_at        timestamptz NOT NULL,
  -- Made by a trigger (the ledger's own re-apply update), not typed by a session.
  by_trigger        boolean NOT NULL
);
CREATE INDEX drift_pending_txid ON one_roof.drift_pending (txid);

-- One row per writing transaction while it is open: its deferred trigger settles it.
CREATE TABLE one_roof.drift_settle (
  txid bigint PRIMARY KEY
);

-- Append-only. tier is the tier whose cells the write touched (the tier that
-- seeds the row's responsibility; 1 and 2 for their structure rows), so a
-- re-apply of that tier resolves it; a TRUNCATE has none.
CREATE TABLE one_roof.drift_log (
  id                bigserial PRIMARY KEY,
  op                text NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')),
  table_name        text NOT NULL,
  tier              integer,
  collection        text,
  responsibility    text,
  old_row           jsonb,
  new_row           jsonb,
  db_user           text NOT NULL,
  session_user_name text NOT NULL,
  application_name  text NOT NULL,
  client_addr       inet,
  txid              bigint NOT NULL,
  -- The run id the writing session had set, if any: a forged one shows here.
  claimed_run_id    text,
  written_at        timestamptz NOT NULL,
  logged_at         timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Append-only: a re-apply of a tier resolves that tier's drift up to an id.
CREATE TABLE one_roof.drift_resolutions (
  id             bigserial PRIMARY KEY,
  tier           integer NOT NULL,
  up_to_drift_id bigint NOT NULL,
  run_id         text NOT NULL,
  resolved_at    timestamptz NOT NULL DEFAULT now(),
  resolved_by    text NOT NULL DEFAULT current_user
);

CREATE VIEW one_roof.unresolved_drift AS
  SELECT d.*
    FROM one_roof.drift_log d
   WHERE NOT EXISTS (SELECT 1 FROM one_roof.drift_resolutions r
                      WHERE r.tier = d.tier AND r.up_to_drift_id >= d.id);

-- The clone is a rehearsal target that the app resets from production, drift
-- log and all, in one transaction: only there may these rows be replaced.
CREATE FUNCTION one_roof.drift_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $append_only$
BEGIN
  IF to_regclass('public.os_rehearsal_target') IS NOT NULL THEN
    RETURN coalesce(NEW, OLD);
  END IF;
  RAISE EXCEPTION 'one_roof.% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$append_only$;

CREATE TRIGGER drift_log_append_only BEFORE UPDATE OR DELETE ON one_roof.drift_log
  FOR EACH ROW EXECUTE FUNCTION one_roof.drift_append_only();
CREATE TRIGGER drift_log_no_truncate BEFORE TRUNCATE ON one_roof.drift_log
  FOR EACH STATEMENT EXECUTE FUNCTION one_roof.drift_append_only();
CREATE TRIGGER drift_resolutions_append_only BEFORE UPDATE OR DELETE ON one_roof.drift_resolutions
  FOR EACH ROW EXECUTE FUNCTION one_roof.drift_append_only();
CREATE TRIGGER drift_resolutions_no_truncate BEFORE TRUNCATE ON one_roof.drift_resolutions
  FOR EACH STATEMENT EXECUTE FUNCTION one_roof.drift_append_only();

-- SECURITY DEFINER so that writers need no privilege on the drift tables and
-- cannot write them; the writer is read from the role setting, because
-- current_user inside such a function is its owner. A rehearsal target records
-- no drift of its own: the clone is the app's scratch copy of production.
CREATE FUNCTION one_roof.drift_stash() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $stash$
DECLARE
  writer constant text := CASE current_setting('role') WHEN 'none' THEN session_user::text
                          ELSE current_setting('role') END;
BEGIN
  IF to_regclass('public.os_rehearsal_target') IS NOT NULL THEN
    RETURN NULL;
  END IF;
  -- Inserts arrive as one statement's transition table: a tier's bulk insert costs one call.
  IF TG_LEVEL = 'STATEMENT' AND TG_OP = 'INSERT' THEN
    INSERT INTO one_roof.drift_pending
      (txid, op, table_name, old_row, new_row, db_user, session_user_name, application_name,
       client_addr, claimed_run_id, written_at, by_trigger)
    SELECT txid_current(), 'INSERT', TG_TABLE_NAME, NULL, to_jsonb(n), writer, session_user,
           current_setting('application_name'), inet_client_addr(),
           nullif(current_setting('one_roof.run_id', true), ''), statement_timestamp(), pg_trigger_depth() > 1
      FROM inserted n;
  ELSE
    INSERT INTO one_roof.drift_pending
      (txid, op, table_name, old_row, new_row, db_user, session_user_name, application_name,
       client_addr, claimed_run_id, written_at, by_trigger)
    VALUES (txid_current(), TG_OP, TG_TABLE_NAME,
            CASE WHEN TG_LEVEL = 'ROW' THEN to_jsonb(OLD) END,
            CASE WHEN TG_LEVEL = 'ROW' AND TG_OP = 'UPDATE' THEN to_jsonb(NEW) END,
            writer, session_user, current_setting('application_name'), inet_client_addr(),
            nullif(current_setting('one_roof.run_id', true), ''), statement_timestamp(), pg_trigger_depth() > 1);
  END IF;
  INSERT INTO one_roof.drift_settle (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$stash$;

-- The tier a row belongs to: an assignment to the tier that seeds its
-- responsibility (its own tier column if the kind is unknown), a ledger row to
-- its tier, structure rows to tiers 1 and 2. kinds maps code to seeding tier.
CREATE FUNCTION one_roof.drift_row_tier(table_name text, row_data jsonb, kinds jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE AS $row_tier$
  SELECT CASE table_name
           WHEN 'assignments' THEN coalesce((kinds ->> (row_data ->> 'responsibility'))::integer,
                                            (row_data ->> 'tier')::integer)
           WHEN 'tier_ledger' THEN (row_data ->> 'tier')::integer
           WHEN 'responsibility_kinds' THEN 2
           ELSE 1
         END
$row_tier$;

-- At COMMIT: the tiers this transaction ledgered under the run id it set (an
-- INSERT of the ledger row, or a re-apply's update made by the ledger's own
-- trigger). Writes to those tiers' rows are theirs; every other write, and
-- every TRUNCATE, is appended to drift_log.
CREATE FUNCTION one_roof.drift_settle() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $settle$
DECLARE
  run constant text := nullif(current_setting('one_roof.run_id', true), '');
  kinds jsonb := '{}';
  ledgered integer[];
BEGIN
  IF to_regclass('one_roof.responsibility_kinds') IS NOT NULL THEN
    SELECT coalesce(jsonb_object_agg(code, seeded_by_tier), '{}') INTO kinds FROM one_roof.responsibility_kinds;
  END IF;
  SELECT coalesce(array_agg((p.new_row ->> 'tier')::integer), '{}') INTO ledgered
    FROM one_roof.drift_pending p
   WHERE p.txid = NEW.txid AND p.table_name = 'tier_ledger' AND run IS NOT NULL
     AND ((p.op = 'INSERT' AND p.new_row ->> 'run_id' = run)
       OR (p.op = 'UPDATE' AND p.by_trigger AND p.new_row ->> 'reapplied_run_id' = run
           AND p.old_row ->> 'tier' = p.new_row ->> 'tier'));
  INSERT INTO one_roof.drift_log
    (op, table_name, tier, collection, responsibility, old_row, new_row, db_user, session_user_name,
     application_name, client_addr, txid, claimed_run_id, written_at)
  SELECT p.op, p.table_name,
         CASE WHEN p.op <> 'TRUNCATE'
              THEN one_roof.drift_row_tier(p.table_name, coalesce(p.old_row, p.new_row), kinds) END,
         coalesce(p.old_row, p.new_row) ->> 'collection',
         CASE p.table_name WHEN 'responsibility_kinds' THEN coalesce(p.old_row, p.new_row) ->> 'code'
              ELSE coalesce(p.old_row, p.new_row) ->> 'responsibility' END,
         p.old_row, p.new_row, p.db_user, p.session_user_name, p.application_name, p.client_addr,
         p.txid, p.claimed_run_id, p.written_at
    FROM one_roof.drift_pending p
   WHERE p.txid = NEW.txid
     AND NOT (p.op <> 'TRUNCATE'
              AND (p.old_row IS NULL OR one_roof.drift_row_tier(p.table_name, p.old_row, kinds) = ANY (ledgered))
              AND (p.new_row IS NULL OR one_roof.drift_row_tier(p.table_name, p.new_row, kinds) = ANY (ledgered)))
   ORDER BY p.seq;
  DELETE FROM one_roof.drift_pending WHERE txid = NEW.txid;
  DELETE FROM one_roof.drift_settle WHERE txid = NEW.txid;
  RETURN NULL;
END
$settle$;

REVOKE ALL ON FUNCTION one_roof.drift_stash(), one_roof.drift_settle() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER drift_settle_at_commit AFTER INSERT ON one_roof.drift_settle
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION one_roof.drift_settle();

-- Every table the tiers write; tier 2 adds responsibility_kinds, which it creates.
DO $track$
DECLARE
  tracked text;
BEGIN
  FOREACH tracked IN ARRAY ARRAY['authorities', 'governed_collections', 'assignments', 'tier_ledger'] LOOP
    EXECUTE format('CREATE TRIGGER drift_inserted AFTER INSERT ON one_roof.%I
                      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION one_roof.drift_stash()', tracked);
    EXECUTE format('CREATE TRIGGER drift_changed AFTER UPDATE OR DELETE ON one_roof.%I
                      FOR EACH ROW EXECUTE FUNCTION one_roof.drift_stash()', tracked);
    EXECUTE format('CREATE TRIGGER drift_truncated AFTER TRUNCATE ON one_roof.%I
                      FOR EACH STATEMENT EXECUTE FUNCTION one_roof.drift_stash()', tracked);
  END LOOP;
END
$track$;

-- A tier's content hash: SHA-256 over one canonical line per row it wrote
-- (JSON arrays, times in UTC, sorted bytewise), so any session recomputes the
-- same value. It catches what drift_log cannot see: a change made with the
-- triggers off (session_replication_role = replica, ALTER TABLE ... DISABLE
-- TRIGGER). Compare: SELECT tier, content_hash = one_roof.tier_content_hash(tier)
-- FROM one_roof.tier_ledger;
CREATE FUNCTION one_roof.tier_content_hash(of_tier integer) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $content_hash$
DECLARE
  canonical text;
BEGIN
  IF of_tier = 1 THEN
    SELECT string_agg(line, E'\n' ORDER BY line COLLATE "C") INTO canonical
      FROM (SELECT jsonb_build_array('authorities', a.code, a.name)::text AS line
              FROM one_roof.authorities a
            UNION ALL
            SELECT jsonb_build_array('governed_collections', g.collection, g.registered_in_directus)::text
              FROM one_roof.governed_collections g) AS rows_written;
  ELSIF of_tier = 2 THEN
    SELECT string_agg(jsonb_build_array('responsibility_kinds', k.code, k.seeded_by_tier, k.meaning)::text,
                      E'\n' ORDER BY k.code COLLATE "C")
      INTO canonical
      FROM one_roof.responsibility_kinds k;
  ELSE
    SELECT string_agg(jsonb_build_array('assignments', a.collection, a.responsibility, a.authority, a.tier,
                                        a.proposal_code, a.approval_id, a.run_id,
                                        to_char(a.assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text,
                      E'\n' ORDER BY a.collection COLLATE "C", a.responsibility COLLATE "C")
      INTO canonical
      FROM one_roof.assignments a
     WHERE a.tier = of_tier;
  END IF;
  RETURN encode(sha256(convert_to(coalesce(canonical, ''), 'UTF8')), 'hex');
END
$content_hash$;

-- Stores each tier's content hash with its ledger row. Re-applying a tier (the
-- runner sets one_roof.reapply to its number for that transaction, and the
-- tier's SQL has already replaced its rows) updates the existing row instead
-- of adding one, and records that the tier's drift so far is resolved.
CREATE FUNCTION one_roof.tier_ledger_record() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $record$
DECLARE
  recorded one_roof.tier_ledger;
BEGIN
  -- The clone's reset copies production's ledger rows as they stand, hash included.
  IF NEW.content_hash IS NOT NULL AND to_regclass('public.os_rehearsal_target') IS NOT NULL THEN
    RETURN NEW;
  END IF;
  NEW.content_hash := one_roof.tier_content_hash(NEW.tier);
  IF coalesce(current_setting('one_roof.reapply', true), '') <> NEW.tier::text THEN
    RETURN NEW;
  END IF;
  SELECT * INTO recorded FROM one_roof.tier_ledger WHERE tier = NEW.tier FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NEW;
  END IF;
  IF recorded.bundle_digest <> NEW.bundle_digest THEN
    RAISE EXCEPTION 'tier % was applied from bundle digest %, so it is re-applied only from that bundle, not %',
      NEW.tier, recorded.bundle_digest, NEW.bundle_digest USING ERRCODE = 'ORG02';
  END IF;
  UPDATE one_roof.tier_ledger
     SET content_hash = NEW.content_hash, reapplied_at = now(), reapplied_run_id = NEW.run_id
   WHERE tier = NEW.tier;
  INSERT INTO one_roof.drift_resolutions (tier, up_to_drift_id, run_id)
  SELECT NEW.tier, coalesce(max(id), 0), NEW.run_id FROM one_roof.drift_log;
  RETURN NULL;
END
$record$;

CREATE TRIGGER tier_ledger_record BEFORE INSERT ON one_roof.tier_ledger
  FOR EACH ROW EXECUTE FUNCTION one_roof.tier_ledger_record();

INSERT INTO one_roof.tier_ledger (tier, gate, bundle_digest, run_id)
VALUES (1, 'structure', current_setting('one_roof.bundle_digest'), current_setting('one_roof.run_id'));
