import 'server-only';
import type { Manifest, ManifestTier } from '@/lib/server/bundle/manifest-schema';

/**
 * The exact opening and closing statements every tier file must carry, built
 * from the manifest: the in-database gate of a seed tier, and the ledger row
 * that records the tier and its gate class. loadBundle refuses a tier whose
 * text differs, so the four seed gates stay identical apart from the tier
 * number and the database enforces what the manifest says (code, quorum,
 * ratifying levels).
 */
export function expectedTierSql(options: { manifest: Manifest; tier: ManifestTier }): {
  gate: string | null;
  ledger: string;
} {
  const { manifest, tier } = options;
  const { schema } = manifest;
  const ledger = `INSERT INTO ${schema}.tier_ledger (tier, gate, bundle_digest, run_id)
VALUES (${tier.tier}, '${tier.gate}', current_setting('one_roof.bundle_digest'), current_setting('one_roof.run_id'));`;
  if (tier.gate !== 'ratification') return { gate: null, ledger };
  const { code, quorum, ratifyingLevels, approvalsTable } = manifest.proposal;
  const levels = [...ratifyingLevels]
    .sort()
    .map((level) => `'${level}'`)
    .join(', ');
  const gate = `DO $gate$
DECLARE
  this_tier constant integer := ${tier.tier};
  proposal  constant text    := '${code}';
  quorum    constant integer := ${quorum};
  levels    constant text[]  := ARRAY[${levels}];
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
  IF NOT EXISTS (SELECT 1 FROM ${schema}.tier_ledger WHERE tier = this_tier - 1) THEN
    RAISE EXCEPTION 'tier % needs tier % applied first', this_tier, this_tier - 1 USING ERRCODE = 'ORG02';
  END IF;
  -- Only what this database can see counts: a ratification at this digest, not
  -- revoked, at a ratifying level, written with the id of a recorded
  -- ratification; a rehearsal row only in a rehearsal target.
  SELECT count(DISTINCT a.approver),
         (array_agg(a.id ORDER BY a.approved_at, a.id) FILTER (WHERE named = '' OR a.id::text = named))[1]
    INTO approvers, approval
    FROM public.${approvalsTable} a
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
$gate$;`;
  return { gate, ledger };
}
