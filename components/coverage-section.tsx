import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import { GapCard } from './gap-card';
import { Section } from './section';

export function CoverageSection({ status }: { status: ReleaseStatus }) {
  const { tiers, initialGap: totalCells } = status.bundle;
  return (
    <Section
      id="coverage"
      title="Coverage gap"
      description="Governed collection × responsibility cells with no ratified accountable authority."
    >
      <div
        className={`grid grid-cols-1 gap-4 md:grid-cols-2 ${status.environments.length > 2 ? 'xl:grid-cols-3' : ''}`}
      >
        {status.environments.map((environment) => (
          <GapCard key={environment.name} environment={environment} tiers={tiers} totalCells={totalCells} />
        ))}
      </div>
    </Section>
  );
}
