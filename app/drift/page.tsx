import type { Metadata } from 'next';
import { DriftPanel } from '@/components/drift/drift-panel';
import { PageHeading } from '@/components/page-heading';
import { NoAuditRead } from '@/components/provenance/no-audit-read';
import { isDomainError } from '@/lib/errors';
import { hasPermission } from '@/lib/server/auth/permissions';
import { requireActor } from '@/lib/server/auth/require-actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import { listEnvironments } from '@/lib/server/environments/list-environments';

export const metadata: Metadata = { title: 'Drift · One-Roof Release Gate' };

export default async function DriftPage() {
  const actor = await requireActor('/drift');
  if (!hasPermission(actor, 'audit.read')) return <NoAuditRead title="Drift" />;
  const canResolve = hasPermission(actor, 'drift.resolve');
  const canReapply = hasPermission(actor, 'tier.apply');
  const seedTiers = await loadBundle()
    .then((bundle) => bundle.tiers.filter((tier) => tier.isSeed).map((tier) => tier.tier))
    .catch(() => []);
  const reads = await Promise.all(
    listEnvironments().map(async (environment) => {
      try {
        return { name: environment.name, state: await readDriftState({ environment: environment.name }) };
      } catch (error) {
        console.error(`[one-roof] drift: ${environment.name} could not be read:`, error);
        return {
          name: environment.name,
          problem: isDomainError(error)
            ? error.message
            : `The ${environment.name} drift log could not be read.`,
        };
      }
    }),
  );
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-6">
      <PageHeading title="Drift">
        Governed rows changed outside any tier, as each target's drift log recorded them, and tiers whose rows
        no longer hash to their ledger. Unexplained drift on production blocks a production apply until an
        owner acknowledges it with a reason.
      </PageHeading>
      {reads.map((read) =>
        'state' in read && read.state ? (
          <DriftPanel
            key={read.name}
            state={read.state}
            canResolve={canResolve}
            canReapply={canReapply}
            seedTiers={seedTiers}
          />
        ) : (
          <p key={read.name} className="text-sm text-red-800 dark:text-red-300">
            {read.problem}
          </p>
        ),
      )}
    </main>
  );
}
