import Link from 'next/link';
import { GateBlocker } from '@/components/gate-blocker';
import { ShortDigest } from '@/components/short-digest';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';

/** The gate in one line: OPEN or CLOSED, the count at this digest, and the blocker. */
export function GateSummary({ proposal, digest }: { proposal: ReleaseStatus['proposal']; digest: string }) {
  return (
    <div className="space-y-2 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <p
          data-testid="gate-state"
          className={`rounded border-2 px-2 py-0.5 text-sm font-semibold tracking-wide ${
            proposal.gateOpen
              ? 'border-emerald-700 text-emerald-800 dark:border-emerald-400 dark:text-emerald-300'
              : 'border-amber-700 text-amber-900 dark:border-amber-400 dark:text-amber-200'
          }`}
        >
          Gate {proposal.gateOpen ? 'OPEN' : 'CLOSED'}
        </p>
        <p data-testid="gate-ratifications" className="text-sm">
          {proposal.ratifications} of {proposal.quorum} ratifications at digest{' '}
          <ShortDigest digest={digest} />
          {proposal.staleRatifications > 0 && ` (${proposal.staleRatifications} stale, not counted)`}
        </p>
        <Link href="/readiness" className="text-sm underline underline-offset-2 sm:ml-auto">
          Readiness checklist
        </Link>
      </div>
      <GateBlocker blocker={proposal.blocker} testId="gate-blocker" />
    </div>
  );
}
