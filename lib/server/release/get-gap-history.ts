import 'server-only';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { listEnvironments } from '@/lib/server/environments/list-environments';

export type GapPoint = { tier: number; name: string; expected: number; actual: number | null };

/**
 * The burn-down per environment: the gap the manifest expects after each tier
 * against the gap measured when that tier was applied at this digest (null
 * where it has not been).
 */
export async function getGapHistory(options: { bundle?: Bundle } = {}) {
  const bundle = options.bundle ?? (await loadBundle());
  const applied = await getControlPlane().tierRun.findMany({
    where: { status: 'applied', run: { bundleDigest: bundle.digest, kind: 'apply' } },
    select: { tier: true, gapAfter: true, finishedAt: true, run: { select: { environmentName: true } } },
    orderBy: { finishedAt: 'asc' },
  });
  return {
    initialGap: bundle.manifest.initialGap,
    environments: listEnvironments().map((environment) => ({
      name: environment.name,
      points: bundle.tiers.map((tier): GapPoint => {
        const latest = applied
          .filter((t) => t.tier === tier.tier && t.run.environmentName === environment.name)
          .at(-1);
        return {
          tier: tier.tier,
          name: tier.name,
          expected: tier.gapAfter,
          actual: latest?.gapAfter ?? null,
        };
      }),
    })),
  };
}

export type GapHistory = Awaited<ReturnType<typeof getGapHistory>>;
