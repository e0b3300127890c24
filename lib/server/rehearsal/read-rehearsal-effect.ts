import 'server-only';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { Difference, Triple } from '@/lib/server/rehearsal/tier-effect';
import { shortDigest } from '@/lib/short-digest';

export type ObservedCell = { collection: string; responsibility: string; authority: string; tier: number };
export type ObservedDifference = Difference & {
  environment: string;
  tier: number;
  runId: string;
  capturedAt: string;
};

export type RehearsalEffect = {
  /** Every tier of the bundle was observed on the clone at this digest. */
  complete: boolean;
  observedTiers: number[];
  /** The clone's assignments after the last observed tier, each with the first tier seen to write it. */
  cells: ObservedCell[];
  /** Everything any rehearsal at this digest changed outside the bundle's schema. */
  differences: ObservedDifference[];
  /** Why a ratification at this digest must wait, as a sentence; null when nothing stands in the way. */
  blocker: { code: 'REHEARSAL_REQUIRED' | 'REHEARSAL_DIFFERENCE'; sentence: string } | null;
};

/**
 * What the rehearsals at the bundle's digest were seen to do, from the
 * observations recorded in each rehearsal tier's transaction. Per tier the
 * latest observation on the clone counts; a difference seen by any rehearsal
 * at this digest stands, since the same bytes did it once.
 */
export async function readRehearsalEffect(options: { bundle: Bundle }): Promise<RehearsalEffect> {
  const { bundle } = options;
  const records = await getControlPlane().rehearsalEffect.findMany({
    where: { bundleDigest: bundle.digest },
    orderBy: { capturedAt: 'asc' },
  });
  const latest = new Map<number, (typeof records)[number]>();
  for (const record of records) if (record.environment === 'clone') latest.set(record.tier, record);
  const observedTiers = bundle.tiers.map((t) => t.tier).filter((tier) => latest.has(tier));
  const complete = observedTiers.length === bundle.tiers.length;

  const firstTier = new Map<string, number>();
  for (const tier of observedTiers) {
    for (const triple of (latest.get(tier)?.assignments ?? []) as Triple[]) {
      const key = triple.join('\u0000');
      if (!firstTier.has(key)) firstTier.set(key, tier);
    }
  }
  const last = observedTiers.at(-1);
  const final = last === undefined ? [] : ((latest.get(last)?.assignments ?? []) as Triple[]);
  const cells = final.map(([collection, responsibility, authority]) => ({
    collection,
    responsibility,
    authority,
    tier: firstTier.get([collection, responsibility, authority].join('\u0000')) ?? (last as number),
  }));
  const differences = records.flatMap((record) =>
    (record.differences as Difference[]).map((difference) => ({
      ...difference,
      environment: record.environment,
      tier: record.tier,
      runId: record.runId,
      capturedAt: record.capturedAt.toISOString(),
    })),
  );

  const short = shortDigest(bundle.digest);
  const count = bundle.tiers.length;
  const blocker = !complete
    ? {
        code: 'REHEARSAL_REQUIRED' as const,
        sentence: `${bundle.manifest.proposal.code} is ratified as rehearsed: the clone must apply all ${count} tiers at digest ${short} first (observed: ${observedTiers.join(', ') || 'none'}), e.g. npm run gate -- apply --env clone --tiers 1-${count} --as <operator>.`,
      }
    : differences.length > 0
      ? {
          code: 'REHEARSAL_DIFFERENCE' as const,
          sentence: `The rehearsal at digest ${short} changed things outside ${bundle.manifest.schema}: ${differences
            .map((d) => `tier ${d.tier} on ${d.environment}: ${d.object} (${d.detail})`)
            .join('; ')}. Fix the bundle; a new digest needs a new rehearsal.`,
        }
      : null;
  return { complete, observedTiers, cells, differences, blocker };
}
