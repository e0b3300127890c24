import { BurnDown } from '@/components/dashboard/burn-down';
import { DashboardHeader } from '@/components/dashboard/dashboard-header';
import { DriftGlance } from '@/components/dashboard/drift-glance';
import { HeatmapSection } from '@/components/dashboard/heatmap-section';
import { LiveOverview } from '@/components/dashboard/live-overview';
import { OptionsGlance } from '@/components/dashboard/options-glance';
import { requireActor } from '@/lib/server/auth/require-actor';
import { getGapHistory } from '@/lib/server/release/get-gap-history';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { readDriftGlance } from '@/lib/server/release/read-drift-glance';
import { readHeatmapFirstPaint } from '@/lib/server/release/read-heatmap-first-paint';

export default async function DashboardPage() {
  await requireActor('/');
  // A status that cannot be read at all falls to app/error.tsx; an unreachable target is part of the status.
  const [status, history] = await Promise.all([getReleaseStatus(), getGapHistory()]);
  const environments = status.environments.map((environment) => environment.name);
  const [drift, heatmap] = await Promise.all([
    readDriftGlance({ environments }),
    readHeatmapFirstPaint({ environments }),
  ]);
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-6">
      <DashboardHeader bundle={status.bundle} />
      <LiveOverview initial={status} />
      <DriftGlance rows={drift} />
      <BurnDown initial={history} />
      <HeatmapSection firstPaint={heatmap} environments={environments} />
      <OptionsGlance />
    </main>
  );
}
