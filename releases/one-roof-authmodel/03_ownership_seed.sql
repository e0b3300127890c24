-- One-Roof authority model — tier 3 of 6: ownership seed (accountable).
-- Gate class: ratification. This tier asserts accountability: it names, for each governed collection, the authority that answers for it.
-- It is a sovereign claim: it runs only under a non-revoked ratification of
-- APR-BOOT-AUTHMODEL-1 bound to this bundle's digest (quorum 1, approver level
-- L2 or L4, written by a recorded ratification: ratification_id set), in
-- public.os_proposal_approvals. No setting, flag or role skips the check below;
-- one_roof.approval_row, when set, names the one row the tier may rest on.
-- Gap after this tier: 175.
-- Run inside one transaction with one_roof.ratified_apr, one_roof.bundle_digest
-- and one_roof.run_id set (99_run_all.sql does this).

DO $gate$
DECLARE
  this_tier constant integer := 3;
  proposal  constant text    := 'APR-BOOT-AUTHMODEL-1';
  quorum    constant integer := 1;
  levels    constant text[]  := ARRAY['L2', 'L4'];
  digest    constant text    := coalesce(current_setting('one_roof.bundle_digest', true), '');
  named     constant text    := coalesce(current_setting('one_roof.approval_row', true), '');
  approvers integer;
  approval  uuid;
BEGIN
  IF coalesce(current_setting('one_roof.ratified_apr', true), '') <> proposal THEN
    RAISE EXCEPTION 'GATE_CLOSED: tier % asserts % and runs only with -v ratified_apr=%', this_tier, proposal, proposal
      USING ERRCODE = 'ORG01';
  END IF;
  IF digest !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'GATE_CLOSED: tier % needs the bundle digest the ratification is bound to (-v bundle_digest=...)', this_tier
      USING ERRCODE = 'ORG01';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM one_roof.tier_ledger WHERE tier = this_tier - 1) THEN
    RAISE EXCEPTION 'tier % needs tier % applied first', this_tier, this_tier - 1 USING ERRCODE = 'ORG02';
  END IF;
  -- Only what this database can see counts: a ratification at this digest, not
  -- revoked, at a ratifying level, written with the id of a recorded
  -- ratification; a rehearsal row only in a rehearsal target.
  SELECT count(DISTINCT a.approver),
         (array_agg(a.id ORDER BY a.approved_at, a.id) FILTER (WHERE named = '' OR a.id::text = named))[1]
    INTO approvers, approval
    FROM public.os_proposal_approvals a
   WHERE a.proposal_code = proposal
     AND a.bundle_digest = digest
     AND a.revoked_at IS NULL
     AND ((NOT a.rehearsal
           AND a.approver_level = ANY (levels)
           AND a.ratification_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
       OR (a.rehearsal
           AND a.approver_level = 'REHEARSAL'
           AND a.ratification_id IS NULL
           AND to_regclass('public.os_rehearsal_target') IS NOT NULL));
  IF approvers < quorum THEN
    RAISE EXCEPTION 'GATE_CLOSED: % has % of % ratifications at digest %', proposal, approvers, quorum, digest
      USING ERRCODE = 'ORG01';
  END IF;
  -- The app names the row it checked; psql without the setting rests on the earliest.
  IF approval IS NULL THEN
    RAISE EXCEPTION 'GATE_CLOSED: approval row % is not a ratification of % at digest %', named, proposal, digest
      USING ERRCODE = 'ORG01';
  END IF;
  -- Transaction-local, so the assignments below cannot outlive this check.
  PERFORM set_config('one_roof.approval_id', approval::text, true);
END
$gate$;

-- Re-applying this tier: with one_roof.reapply set to 3 for this transaction
-- (the runner's re-apply, after the gate above has passed), the cells this tier
-- seeds are emptied so that the rows below restore them from these same hashed
-- bytes; its ledger row is then updated, not duplicated. Otherwise nothing.
DO $reapply$
BEGIN
  IF current_setting('one_roof.reapply', true) = '3' THEN
    DELETE FROM one_roof.assignments
     WHERE responsibility IN (SELECT code FROM one_roof.responsibility_kinds WHERE seeded_by_tier = 3);
  END IF;
END
$reapply$;

INSERT INTO one_roof.assignments
  (collection, responsibility, authority, tier, proposal_code, approval_id, run_id)
SELECT v.collection, v.responsibility, v.authority, 3, 'APR-BOOT-AUTHMODEL-1',
       current_setting('one_roof.approval_id')::uuid, current_setting('one_roof.run_id')
  FROM (VALUES
  ('gov_policies', 'accountable', 'GOV-COUNCIL'),
  ('gov_decisions', 'accountable', 'GOV-COUNCIL'),
  ('gov_proposals', 'accountable', 'GOV-COUNCIL'),
  ('gov_charters', 'accountable', 'GOV-COUNCIL'),
  ('gov_roles', 'accountable', 'GOV-COUNCIL'),
  ('gov_meetings', 'accountable', 'GOV-COUNCIL'),
  ('gov_glossary', 'accountable', 'GOV-COUNCIL'),
  ('gov_risk_register', 'accountable', 'GOV-COUNCIL'),
  ('gov_exceptions', 'accountable', 'GOV-COUNCIL'),
  ('kg_entities', 'accountable', 'GOV-KG-SYS'),
  ('kg_relations', 'accountable', 'GOV-KG-SYS'),
  ('kg_sources', 'accountable', 'GOV-KG-SYS'),
  ('kg_documents', 'accountable', 'GOV-KG-SYS'),
  ('kg_taxonomies', 'accountable', 'GOV-KG-SYS'),
  ('kg_terms', 'accountable', 'GOV-KG-SYS'),
  ('kg_embeddings', 'accountable', 'GOV-KG-SYS'),
  ('kg_ingest_jobs', 'accountable', 'GOV-KG-SYS'),
  ('kg_lineage', 'accountable', 'GOV-KG-SYS'),
  ('dot_roads', 'accountable', 'GOV-DOT'),
  ('dot_bridges', 'accountable', 'GOV-DOT'),
  ('dot_permits', 'accountable', 'GOV-DOT'),
  ('dot_inspections', 'accountable', 'GOV-DOT'),
  ('dot_incidents', 'accountable', 'GOV-DOT'),
  ('dot_traffic_counts', 'accountable', 'GOV-DOT'),
  ('dot_projects', 'accountable', 'GOV-DOT'),
  ('dot_contracts', 'accountable', 'GOV-DOT'),
  ('dot_assets', 'accountable', 'GOV-DOT'),
  ('moit_enterprises', 'accountable', 'GOV-MOIT'),
  ('moit_licenses', 'accountable', 'GOV-MOIT'),
  ('moit_trade_flows', 'accountable', 'GOV-MOIT'),
  ('moit_price_reports', 'accountable', 'GOV-MOIT'),
  ('moit_energy_sites', 'accountable', 'GOV-MOIT'),
  ('moit_inspections', 'accountable', 'GOV-MOIT'),
  ('moit_complaints', 'accountable', 'GOV-MOIT'),
  ('moit_market_alerts', 'accountable', 'GOV-MOIT')
  ) AS v (collection, responsibility, authority);

INSERT INTO one_roof.tier_ledger (tier, gate, bundle_digest, run_id)
VALUES (3, 'ratification', current_setting('one_roof.bundle_digest'), current_setting('one_roof.run_id'));
