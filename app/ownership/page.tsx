import type { Metadata } from 'next';
import { OwnershipExplorer } from '@/components/ownership/ownership-explorer';
import { PageHeading } from '@/components/page-heading';
import { isDomainError } from '@/lib/errors';
import { requireActor } from '@/lib/server/auth/require-actor';
import { readOwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';
import { listEnvironments } from '@/lib/server/environments/list-environments';

export const metadata: Metadata = { title: 'Ownership · One-Roof Release Gate' };

export default async function OwnershipPage() {
  await requireActor('/ownership');
  const first = await readOwnershipMatrix({ environment: 'production', limit: 5_000 }).then(
    (matrix) => ({ matrix, problem: null }),
    (error: unknown) => {
      // An unreachable production is shown as such; the other environments stay one click away.
      if (!isDomainError(error) || error.code !== 'TARGET_UNREACHABLE') throw error;
      console.error('[one-roof] ownership: production could not be read:', error);
      return { matrix: null, problem: error.message };
    },
  );
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
      <PageHeading title="Ownership">
        Which authority covers each collection and responsibility, per environment. Uncovered cells are the
        gap.
      </PageHeading>
      <OwnershipExplorer
        initial={first.matrix}
        initialEnvironment="production"
        initialProblem={first.problem}
        environments={listEnvironments().map((environment) => environment.name)}
      />
    </main>
  );
}
