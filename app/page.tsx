import { redirect, unstable_rethrow } from 'next/navigation';
import { connection } from 'next/server';
import { BurnDown } from '@/components/dashboard/burn-down';
import { DashboardHeader } from '@/components/dashboard/dashboard-header';
import { DriftGlance } from '@/components/dashboard/drift-glance';
import { HeatmapSection } from '@/components/dashboard/heatmap-section';
import { LiveOverview } from '@/components/dashboard/live-overview';
import { OptionsGlance } from '@/components/dashboard/options-glance';
import { StatusUnavailable } from '@/components/status-unavailable';
import { isDomainError } from '@/lib/errors';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';
import { type GapHistory, getGapHistory } from '@/lib/server/release/get-gap-history';
import { getReleaseStatus, type ReleaseStatus } from '@/lib/server/release/get-release-status';

export default async function DashboardPage() {
  // The page shows the databases as they are now; there is nothing to prerender at build time.
  await connection();
  if (!(await getCurrentActor())) redirect('/sign-in?callbackUrl=%2F');
  let status: ReleaseStatus;
  let history: GapHistory;
  try {
    [status, history] = await Promise.all([getReleaseStatus(), getGapHistory()]);
  } catch (error) {
    unstable_rethrow(error);
    console.error('[one-roof] release status unavailable:', error);
    return <StatusUnavailable code={isDomainError(error) ? error.code : 'UNAVAILABLE'} />;
  }
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-6">
      <DashboardHeader bundle={status.bundle} />
      <LiveOverview initial={status} />
      <DriftGlance environments={status.environments.map((environment) => environment.name)} />
      <BurnDown initial={history} />
      <HeatmapSection environments={status.environments.map((environment) => environment.name)} />
      <OptionsGlance />
    </main>
  );
}
