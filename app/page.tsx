import { redirect, unstable_rethrow } from 'next/navigation';
import { connection } from 'next/server';
import { CoverageSection } from '@/components/coverage-section';
import { GatePanel } from '@/components/gate-panel';
import { OptionsSection } from '@/components/options-section';
import { StatusFooter } from '@/components/status-footer';
import { StatusHeader } from '@/components/status-header';
import { StatusUnavailable } from '@/components/status-unavailable';
import { TierTable } from '@/components/tier-table';
import { isDomainError } from '@/lib/errors';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';
import { getReleaseStatus, type ReleaseStatus } from '@/lib/server/release/get-release-status';

export default async function HomePage() {
  // The page shows the databases as they are now; there is nothing to prerender at build time.
  await connection();
  if (!(await getCurrentActor())) redirect('/sign-in?callbackUrl=%2F');
  let status: ReleaseStatus;
  try {
    status = await getReleaseStatus();
  } catch (error) {
    unstable_rethrow(error);
    console.error('[one-roof] release status unavailable:', error);
    return <StatusUnavailable code={isDomainError(error) ? error.code : 'UNAVAILABLE'} />;
  }
  return (
    <>
      <StatusHeader bundle={status.bundle} />
      <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-6">
        <GatePanel proposal={status.proposal} digest={status.bundle.digest} />
        <CoverageSection status={status} />
        <TierTable tiers={status.bundle.tiers} />
        <OptionsSection status={status} />
      </main>
      <StatusFooter generatedAt={status.generatedAt} />
    </>
  );
}
