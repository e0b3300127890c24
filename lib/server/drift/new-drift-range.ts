import 'server-only';

export type MismatchedTier = { tier: number; stored: string | null; recomputed: string };

export type ReportedDrift = { toId: number; mismatchedTiers: { tier: number; recomputed: string }[] };

/**
 * What a drift report shows that the last `drift.detected` did not: drift ids
 * above the last one reported, or a tier hash mismatch it did not list. Null
 * when nothing is new (a mismatch cleared by a re-apply is not drift found). A highest id below the one reported means a new log
 * (tier 1 rolled back and applied again), counted from its start.
 */
export function newDriftRange(options: {
  last: ReportedDrift | null;
  highestId: number;
  mismatchedTiers: MismatchedTier[];
}): { fromId: number; toId: number; entries: number } | null {
  const { last, highestId } = options;
  const reported = last?.toId ?? 0;
  const seenTo = highestId < reported ? 0 : reported;
  const reportedHashes = new Set((last?.mismatchedTiers ?? []).map((t) => `${t.tier}:${t.recomputed}`));
  const newMismatch = options.mismatchedTiers.some((t) => !reportedHashes.has(`${t.tier}:${t.recomputed}`));
  if (highestId <= seenTo && !newMismatch) return null;
  return {
    fromId: Math.min(seenTo + 1, highestId),
    toId: highestId,
    entries: Math.max(highestId - seenTo, 0),
  };
}
