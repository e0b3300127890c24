-- Least-privilege roles for the production target (README: "Least-privilege deployment").
--
-- Run on the production database as its owner or a superuser, after the gate
-- has prepared it once (public.os_proposals and public.os_proposal_approvals
-- exist), and after creating the two login roles with passwords of your own:
--
--   CREATE ROLE one_roof_apply  LOGIN PASSWORD '…';  -- PRODUCTION_DATABASE_URL
--   CREATE ROLE one_roof_ratify LOGIN PASSWORD '…';  -- PRODUCTION_RATIFY_DATABASE_URL
--
-- one_roof_apply applies tiers and reads status: it creates and owns the
-- one_roof schema (tier 1), reads the approvals and references them, and can
-- write neither os_proposals nor os_proposal_approvals.
-- one_roof_ratify is the only credential that writes approval rows.

DO $grant_connect$
BEGIN
  EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO one_roof_apply', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO one_roof_ratify', current_database());
END
$grant_connect$;

GRANT USAGE ON SCHEMA public TO one_roof_apply, one_roof_ratify;

REVOKE ALL ON public.os_proposals, public.os_proposal_approvals FROM PUBLIC;
REVOKE ALL ON public.os_proposals, public.os_proposal_approvals FROM one_roof_apply;
GRANT SELECT ON public.os_proposals TO one_roof_apply;
GRANT SELECT, REFERENCES ON public.os_proposal_approvals TO one_roof_apply;

GRANT SELECT, INSERT, UPDATE ON public.os_proposals TO one_roof_ratify;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.os_proposal_approvals TO one_roof_ratify;

-- Tier 1 reads directus_collections, where Directus is present, to match names.
DO $grant_directus$
BEGIN
  IF to_regclass('public.directus_collections') IS NOT NULL THEN
    GRANT SELECT ON public.directus_collections TO one_roof_apply;
  END IF;
END
$grant_directus$;

-- Revoking reads one_roof.assignments (is a seed already applied under this
-- approval?), which one_roof_apply creates later: let the ratifier read it.
ALTER DEFAULT PRIVILEGES FOR ROLE one_roof_apply GRANT USAGE ON SCHEMAS TO one_roof_ratify;
ALTER DEFAULT PRIVILEGES FOR ROLE one_roof_apply GRANT SELECT ON TABLES TO one_roof_ratify;

-- Applying a seed tier holds its approval row against revocation until it
-- commits; the gate's function takes that lock as the table's owner.
GRANT EXECUTE ON FUNCTION public.os_hold_approval(uuid) TO one_roof_apply;
