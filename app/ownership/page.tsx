import type { Metadata } from 'next';
import { redirect, unstable_rethrow } from 'next/navigation';
import { connection } from 'next/server';
import { OwnershipExplorer } from '@/components/ownership/ownership-explorer';
import { StatusUnavailable } from '@/components/status-unavailable';
import { isDomainError } from '@/lib/errors';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';
import { type OwnershipMatrix, readOwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';
import { listEnvironments } from '@/lib/server/environments/list-environments';

export const metadata: Metadata = { title: 'Ownership · One-Roof Release Gate' };

export default async function OwnershipPage() {
  await connection();
  if (!(await getCurrentActor())) redirect('/sign-in?callbackUrl=%2Fownership');
  let matrix: OwnershipMatrix | null = null;
  let problem: string | null = null;
  try {
    matrix = await readOwnershipMatrix({ environment: 'production', limit: 5_000 });
  } catch (error) {
    unstable_rethrow(error);
    console.error('[one-roof] ownership: production could not be read:', error);
    // An unreachable production is shown as such; the other environments stay one click away.
    if (!isDomainError(error) || error.code !== 'TARGET_UNREACHABLE') {
      return <StatusUnavailable code={isDomainError(error) ? error.code : 'UNAVAILABLE'} />;
    }
    problem = error.message;
  }
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
      <div className="space-y-1">
        <h1 className="text-lg font-semibold tracking-tight">Ownership</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Which authority covers each collection and responsibility, per environment. Uncovered cells are the
          gap.
        </p>
      </div>
      <OwnershipExplorer
        initial={matrix}
        initialEnvironment="production"
        initialProblem={problem}
        environments={listEnvironments().map((environment) => environment.name)}
      />
    </main>
  );
}
