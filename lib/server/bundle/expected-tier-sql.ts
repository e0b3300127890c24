import 'server-only';
import type { Manifest, ManifestTier } from '@/lib/server/bundle/manifest-schema';
import { parseDuration } from '@/lib/server/bundle/parse-duration';

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
  const { code, quorum, ratifyingLevels, approvalsTable, quorumMode } = manifest.proposal;
  const levels = [...ratifyingLevels]
    .sort()
    .map((level) => `'${level}'`)
    .join(', ');
  const seconds = expirySeconds(manifest);
  const expires = seconds === null ? 'NULL' : `interval '${seconds} seconds'`;
  const gate = `DO $gate$
DECLARE
  this_tier constant integer := ${tier.tier};
  proposal  constant text    := '${code}';
  quorum    constant integer := ${quorum};
  levels    constant text[]  := ARRAY[${levels}];
  mode      constant text    := '${quorumMode}';
  expires   constant interval := ${expires};
  digest    constant text    := coalesce(current_setting('one_roof.bundle_digest', true), '');
  named     constant text    := coalesce(current_setting('one_roof.approval_row', true), '');
  approvers integer;
  present   text[];
  lapsed    integer;
  rehearsed boolean;
  missing   text;
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
  -- ratification, and no older than the expiry by this transaction's clock; a
  -- rehearsal row only in a rehearsal target, where it stands in for the quorum.
  SELECT count(DISTINCT g.approver) FILTER (WHERE g.counts),
         coalesce(array_agg(DISTINCT g.approver_level) FILTER (WHERE g.counts), '{}'),
         count(*) FILTER (WHERE NOT g.rehearsal AND NOT g.fresh),
         coalesce(bool_or(g.rehearsal), false),
         (array_agg(g.id ORDER BY g.approved_at, g.id) FILTER (WHERE g.fresh AND (named = '' OR g.id::text = named)))[1]
    INTO approvers, present, lapsed, rehearsed, approval
    FROM (SELECT a.id, a.approver, a.approver_level, a.approved_at, a.rehearsal,
                 a.rehearsal OR expires IS NULL OR a.approved_at > now() - expires AS fresh,
                 NOT a.rehearsal AND (expires IS NULL OR a.approved_at > now() - expires) AS counts
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
                   AND to_regclass('public.os_rehearsal_target') IS NOT NULL))) g;
  IF NOT rehearsed AND approvers < quorum THEN
    RAISE EXCEPTION 'GATE_CLOSED: % has % of % ratifications at digest % (% expired)', proposal, approvers, quorum, digest, lapsed
      USING ERRCODE = 'ORG01';
  END IF;
  SELECT string_agg(l, ', ' ORDER BY l) INTO missing FROM unnest(levels) l WHERE l <> ALL (present);
  IF NOT rehearsed AND mode = 'each' AND missing IS NOT NULL THEN
    RAISE EXCEPTION 'GATE_CLOSED: % needs a ratification from each of levels % at digest %; none stands from %', proposal, array_to_string(levels, ', '), digest, missing
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

function expirySeconds(manifest: Manifest): number | null {
  const text = manifest.proposal.ratificationExpiresAfter;
  return text === undefined ? null : parseDuration({ text });
}
