-- One-Roof authority model: every tier, in order, each in its own transaction.
--
--   psql -X -d directus -v ratified_apr=APR-BOOT-AUTHMODEL-1 \
--        -v bundle_digest=<digest> -f 99_run_all.sql
--
-- The digest is the bundle's SHA-256 (see README.md). Tiers already recorded in
-- one_roof.tier_ledger are skipped, so an interrupted run is resumed by
-- running this file again. Tiers 3-6 refuse to run unless
-- public.os_proposal_approvals holds a non-revoked ratification of
-- APR-BOOT-AUTHMODEL-1 at this digest, at level L2 or L4, written by a
-- recorded ratification (ratification_id set).

\set ON_ERROR_STOP on
\if :{?ratified_apr}
\else
  \warn 'Set the proposal code: -v ratified_apr=APR-BOOT-AUTHMODEL-1'
  \quit
\endif
\if :{?bundle_digest}
\else
  \warn 'Set the bundle digest: -v bundle_digest=<digest>'
  \quit
\endif

SELECT set_config('one_roof.ratified_apr', :'ratified_apr', false),
       set_config('one_roof.bundle_digest', :'bundle_digest', false),
       set_config('one_roof.run_id', 'psql-' || to_char(clock_timestamp(), 'YYYYMMDD"T"HH24MISS'), false)
\gset ignored_

SELECT to_regclass('one_roof.tier_ledger') IS NULL AS pending \gset
\if :pending
  BEGIN;
  \ir 01_structure.sql
  COMMIT;
\else
  \echo 'tier 1 is in one_roof.tier_ledger already: skipped'
\endif

SELECT NOT EXISTS (SELECT 1 FROM one_roof.tier_ledger WHERE tier = 2) AS pending \gset
\if :pending
  BEGIN;
  \ir 02_responsibility_axis.sql
  COMMIT;
\else
  \echo 'tier 2 is in one_roof.tier_ledger already: skipped'
\endif

SELECT NOT EXISTS (SELECT 1 FROM one_roof.tier_ledger WHERE tier = 3) AS pending \gset
\if :pending
  BEGIN;
  \ir 03_ownership_seed.sql
  COMMIT;
\else
  \echo 'tier 3 is in one_roof.tier_ledger already: skipped'
\endif

SELECT NOT EXISTS (SELECT 1 FROM one_roof.tier_ledger WHERE tier = 4) AS pending \gset
\if :pending
  BEGIN;
  \ir 04_stewardship_seed.sql
  COMMIT;
\else
  \echo 'tier 4 is in one_roof.tier_ledger already: skipped'
\endif

SELECT NOT EXISTS (SELECT 1 FROM one_roof.tier_ledger WHERE tier = 5) AS pending \gset
\if :pending
  BEGIN;
  \ir 05_control_seed.sql
  COMMIT;
\else
  \echo 'tier 5 is in one_roof.tier_ledger already: skipped'
\endif

SELECT NOT EXISTS (SELECT 1 FROM one_roof.tier_ledger WHERE tier = 6) AS pending \gset
\if :pending
  BEGIN;
  \ir 06_emission_seed.sql
  COMMIT;
\else
  \echo 'tier 6 is in one_roof.tier_ledger already: skipped'
\endif

SELECT count(*) FILTER (WHERE authority IS NULL) AS coverage_gap
  FROM one_roof.coverage_matrix;
