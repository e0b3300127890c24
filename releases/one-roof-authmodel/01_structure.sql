-- One-Roof authority model — tier 1 of 6: structure.
-- Gate class: structure. Effect: inert. It creates the governed schema and
-- asserts no accountability: the coverage gap stays 210 and
-- one_roof.emit_assignments() returns no row (fail-closed).
-- It reads directus_collections (if present) only to match names, and
-- changes no directus_* table. Undo while no seed tier is applied:
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
  applied_by    text NOT NULL DEFAULT current_user
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

INSERT INTO one_roof.tier_ledger (tier, gate, bundle_digest, run_id)
VALUES (1, 'structure', current_setting('one_roof.bundle_digest'), current_setting('one_roof.run_id'));
