import type { ReactNode } from 'react';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import { Section } from './section';
import { ShortDigest } from './short-digest';

export function GatePanel({ proposal, digest }: { proposal: ReleaseStatus['proposal']; digest: string }) {
  const state = proposal.gateOpen ? 'OPEN' : 'CLOSED';
  return (
    <Section id="gate" title="Ratification gate">
      <div className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <p
            data-testid="gate-state"
            className={`rounded border px-2 py-0.5 text-sm font-semibold tracking-wide ${
              proposal.gateOpen
                ? 'border-emerald-700 text-emerald-800 dark:border-emerald-400 dark:text-emerald-300'
                : 'border-amber-700 text-amber-900 dark:border-amber-400 dark:text-amber-200'
            }`}
          >
            Gate {state}
          </p>
          <p data-testid="gate-ratifications" className="text-sm">
            {proposal.ratifications} of {proposal.quorum} ratifications at digest{' '}
            <ShortDigest digest={digest} />…
          </p>
        </div>
        <p data-testid="gate-blocker" className="mt-3 text-sm">
          <span className="font-medium">Blocker: </span>
          {proposal.blocker ?? 'none. Nothing stands between the release and a production apply.'}
        </p>
        <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <Fact term="Proposal">
            <span className="font-mono">{proposal.code}</span>
            <span className="block text-zinc-600 dark:text-zinc-400">{proposal.title}</span>
          </Fact>
          <Fact term="Who may ratify">
            Approver level {proposal.ratifyingLevels.join(' or ')}; quorum {proposal.quorum}
          </Fact>
          <Fact term="Stale ratifications">
            {proposal.staleRatifications === 0
              ? 'None'
              : `${proposal.staleRatifications}, bound to an earlier digest; they do not count`}
          </Fact>
          <Fact term="Clone rehearsal at this digest">
            {proposal.rehearsalComplete ? 'Complete: all tiers' : 'Not complete'}
          </Fact>
        </dl>
      </div>
    </Section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-600 uppercase tracking-wide dark:text-zinc-400">{term}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}
