import type { Metadata } from 'next';
import { PageMain } from '@/components/page-main';
import { ResetCloneButton } from '@/components/runs/reset-clone-button';
import { RunHistory } from '@/components/runs/run-history';
import { StartRunForm } from '@/components/runs/start-run-form';
import { Section } from '@/components/section';
import { hasPermission } from '@/lib/server/auth/permissions';
import { requireActor } from '@/lib/server/auth/require-actor';
import { listEnvironments } from '@/lib/server/environments/list-environments';
import { listRuns } from '@/lib/server/runner/list-runs';

export const metadata: Metadata = { title: 'Runs · One-Roof Release Gate' };

export default async function RunsPage() {
  const actor = await requireActor('/runs');
  const runs = await listRuns({ limit: 25 });
  const mayApply = hasPermission(actor, 'tier.apply');

  return (
    <PageMain title="Runs">
      <Section
        id="start-run"
        title="Start a run"
        description="Rehearse on the clone at any time. Production takes structure tiers with the owner's authorization or an open gate, and seed tiers only with the gate open and a full clone rehearsal at this digest."
      >
        {mayApply ? (
          <StartRunForm environments={listEnvironments().map((environment) => environment.name)} />
        ) : (
          <p data-testid="start-run-unavailable" className="text-sm">
            Only operators apply tiers; your roles do not include operator.
          </p>
        )}
      </Section>
      {hasPermission(actor, 'clone.reset') && (
        <Section id="reset-clone" title="Reset the clone">
          <ResetCloneButton />
        </Section>
      )}
      <Section
        id="history"
        title="History"
        description="The newest 25 runs, each tier with its duration, rows and gap before and after; kept current without a reload."
      >
        <RunHistory runs={runs} />
      </Section>
    </PageMain>
  );
}
