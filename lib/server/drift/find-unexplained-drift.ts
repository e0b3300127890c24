import 'server-only';
import type { DriftEntry, DriftReport } from '@/lib/server/drift/read-drift';

export type AcknowledgedDrift = { upToDriftId: string | null; tierHashes: { tier: number; hash: string }[] };

export type UnexplainedDrift = {
  /** Direct writes no re-apply resolved and no acknowledgement covers, newest first (from the bounded read). */
  entries: DriftEntry[];
  /** True when the bounded read ended on such an entry, so there may be more than `entries` holds. */
  more: boolean;
  /** Tiers whose rows no longer hash to their ledger row, at a hash nobody acknowledged. */
  tiers: { tier: number; stored: string | null; recomputed: string }[];
  unexplained: boolean;
  /** Names the drift for a readiness blocker or a refusal; null when there is none. */
  sentence: string | null;
};

/**
 * The rule behind readiness and the apply refusal. A drift entry is explained by a re-apply that resolved it or by
 * an acknowledgement up to its id or later; a content-hash mismatch is explained only by an acknowledgement of that
 * exact recomputed hash, so a later change to the same tier's rows is drift again.
 */
export function findUnexplainedDrift(options: {
  environment: string;
  drift: DriftReport;
  acknowledgements: readonly AcknowledgedDrift[];
}): UnexplainedDrift {
  const { drift, environment } = options;
  const upTo = options.acknowledgements.reduce(
    (max, ack) => (ack.upToDriftId !== null && BigInt(ack.upToDriftId) > max ? BigInt(ack.upToDriftId) : max),
    0n,
  );
  const seen = new Set(options.acknowledgements.flatMap((ack) => ack.tierHashes.map(hashKey)));
  const open = (entry: DriftEntry) => !entry.resolved && BigInt(entry.id) > upTo;
  const entries = drift.entries.filter(open);
  const oldest = drift.entries.at(-1);
  const more = drift.entries.length < drift.total && oldest !== undefined && open(oldest);
  const tiers = drift.tierHashes
    .filter((tier) => !tier.matches && !seen.has(hashKey({ tier: tier.tier, hash: tier.recomputed })))
    .map(({ tier, stored, recomputed }) => ({ tier, stored, recomputed }));
  const unexplained = entries.length > 0 || tiers.length > 0;
  return {
    entries,
    more,
    tiers,
    unexplained,
    sentence: unexplained ? sentenceFor(environment, entries, more, tiers) : null,
  };
}

const hashKey = (tier: { tier: number; hash: string }) => `${tier.tier}:${tier.hash}`;

function sentenceFor(
  environment: string,
  entries: DriftEntry[],
  more: boolean,
  tiers: UnexplainedDrift['tiers'],
): string {
  const parts: string[] = [];
  const newest = entries[0];
  if (newest) {
    const count = `${more ? 'at least ' : ''}${entries.length} direct write${entries.length === 1 && !more ? '' : 's'}`;
    const cell = [newest.key.collection, newest.key.responsibility].filter(Boolean).join(' · ');
    parts.push(
      `${count} no tier made (newest: ${newest.op} on ${newest.table}${cell ? ` ${cell}` : ''} by ${newest.dbUser}` +
        `${newest.applicationName ? ` via ${newest.applicationName}` : ''}` +
        `${newest.clientAddr ? ` from ${newest.clientAddr}` : ''} at ${newest.at})`,
    );
  }
  if (tiers.length > 0) {
    const names = tiers.map((tier) => tier.tier).join(', ');
    parts.push(
      `the rows of tier${tiers.length === 1 ? '' : 's'} ${names} no longer match the ledger's content hash`,
    );
  }
  return `Unexplained drift on ${environment}: ${parts.join('; ')}. An owner must re-apply the tier or acknowledge the drift with a reason.`;
}
