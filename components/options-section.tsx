import { releaseOptions } from '@/lib/release-options';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import { OptionCard } from './option-card';
import { Section } from './section';

export function OptionsSection({ status }: { status: ReleaseStatus }) {
  return (
    <Section
      id="options"
      title="The five options"
      description="From the human gate options analysis. Only a real ratification yields a production GO."
    >
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
        {releaseOptions.map((option) => (
          <OptionCard key={option.number} option={option} status={status} />
        ))}
      </div>
    </Section>
  );
}
