import 'server-only';
import { DomainError } from '@/lib/errors';
import { bundleInvalid as invalid } from '@/lib/server/bundle/bundle-invalid';
import { expectedTierSql } from '@/lib/server/bundle/expected-tier-sql';
import type { Manifest, ManifestTier } from '@/lib/server/bundle/manifest-schema';
import { policyDisagreement } from '@/lib/server/bundle/policy-disagreement';
import { withoutLeadingComments } from '@/lib/server/bundle/without-leading-comments';

/**
 * A tier file agrees with its manifest: plain SQL, opening with exactly the
 * gate block the manifest's policy writes and ending with its ledger row.
 */
export function checkTierSql(
  manifest: Manifest,
  tier: ManifestTier,
  sql: string,
  statements: string[],
  field: string,
): void {
  if (/^\s*\\/m.test(sql)) {
    throw invalid(tier.file, 'contains a psql meta-command; tier files must be plain SQL');
  }
  const expected = expectedTierSql({ manifest, tier });
  const opening = withoutLeadingComments(statements[0] ?? '');
  if (expected.gate !== null && opening !== expected.gate) {
    const { code, quorum, ratifyingLevels, quorumMode, ratificationExpiresAfter } = manifest.proposal;
    const disagreement = policyDisagreement(manifest, opening);
    throw new DomainError(
      'BUNDLE_INVALID',
      `${field} (${tier.file}) must open with the in-database gate for ${code} at quorum ${quorum} and levels ${ratifyingLevels.join(', ')} (quorum mode ${quorumMode}, ${ratificationExpiresAfter ? `expiring after ${ratificationExpiresAfter}` : 'no expiry'}), exactly as lib/server/bundle/expected-tier-sql.ts writes it${disagreement ? `: ${disagreement.sentence}` : ''}`,
      { field, ...(disagreement ? { constant: disagreement.constant } : {}) },
    );
  }
  if (withoutLeadingComments(statements.at(-1) ?? '') !== expected.ledger) {
    throw invalid(
      field,
      `(${tier.file}) must end by recording tier ${tier.tier} as ${tier.gate} in ${manifest.schema}.tier_ledger, exactly as lib/server/bundle/expected-tier-sql.ts writes it`,
    );
  }
}
