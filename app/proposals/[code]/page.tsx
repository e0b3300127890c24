import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { AssertionTable } from '@/components/proposal/assertion-table';
import { RatificationList } from '@/components/proposal/ratification-list';
import { RatificationPolicy } from '@/components/proposal/ratification-policy';
import { RatifyDialog } from '@/components/proposal/ratify-dialog';
import { RehearsalEffect } from '@/components/proposal/rehearsal-effect';
import { StructureAuthorization } from '@/components/proposal/structure-authorization';
import { TierSql } from '@/components/proposal/tier-sql';
import { Section } from '@/components/section';
import { TierList } from '@/components/tier-list';
import { requireActor } from '@/lib/server/auth/require-actor';
import { getProposalView } from '@/lib/server/ratification/get-proposal-view';

export const metadata: Metadata = { title: 'Proposal · One-Roof Release Gate' };

export default async function ProposalPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const view = await getProposalView({ actor: await requireActor(`/proposals/${code}`) });
  if (view.code !== code) notFound();
  const { gate } = view;

  return (
    <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-6">
      <div className="space-y-1">
        <p className="font-mono text-sm text-zinc-600 dark:text-zinc-400">{view.code}</p>
        <h1 className="text-lg font-semibold tracking-tight">{view.title}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          <RatificationPolicy gate={gate} />
          {view.proposer
            ? ` Prepared by ${view.proposer}, who therefore cannot ratify it.`
            : ' No proposer is recorded, so no one can ratify it yet.'}
        </p>
      </div>

      <Section id="gate" title="Gate at this digest">
        <div className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm md:grid-cols-3">
            <Fact term="Bundle digest">
              <code data-testid="proposal-digest" className="font-mono text-xs break-all">
                {view.digest}
              </code>
            </Fact>
            <Fact term="Ratifications">
              <span data-testid="proposal-gate" className="font-medium">
                {gate.ratifications} of {gate.quorum} at this digest · gate{' '}
                {gate.gateOpen ? 'OPEN' : 'CLOSED'}
              </span>
              {gate.staleRatifications > 0 && (
                <span className="block text-zinc-600 dark:text-zinc-400">
                  {gate.staleRatifications} bound to an earlier digest, not counted
                </span>
              )}
            </Fact>
            <Fact term="Clone rehearsal at this digest">
              <span data-testid="proposal-rehearsal">
                {gate.rehearsal.complete ? (
                  'Complete: all tiers rehearsed'
                ) : (
                  <>
                    Not complete; tiers rehearsed: <TierList tiers={gate.rehearsal.appliedTiers} />
                  </>
                )}
              </span>
            </Fact>
          </dl>
          <p data-testid="proposal-blocker" className="text-sm">
            <span className="font-medium">Blocker: </span>
            {view.blocker ?? 'none. Nothing stands between the release and a production apply.'}
          </p>
          <RatifyDialog
            code={view.code}
            digest={view.digest}
            hint={view.you.ratifyHint}
            stepUp={view.you.stepUp}
          />
        </div>
      </Section>

      <Section id="ratifications" title="Ratifications">
        <RatificationList ratifications={view.ratifications} />
      </Section>

      {view.you.mayAuthorizeStructure && <StructureAuthorization />}

      <Section
        id="rehearsal"
        title="What the rehearsal did"
        description={`Observed inside each clone rehearsal tier's transaction at this digest, before it committed.`}
      >
        <RehearsalEffect rehearsal={view.rehearsal} schema={view.schema} />
      </Section>

      <Section
        id="assertions"
        title="What it asserts"
        description={`${view.assertionCount} cells the clone rehearsal wrote at this digest: for each collection and responsibility kind, the authority accountable for it. Open an authority to see its cells.`}
      >
        {view.assertionCount === 0 ? (
          <p data-testid="assertions-none" className="text-sm text-zinc-600 dark:text-zinc-400">
            Nothing observed yet: rehearse tiers 1–{view.tierFiles.length} on the clone to see what this
            proposal asserts.
          </p>
        ) : (
          <AssertionTable authorities={view.authorities} />
        )}
      </Section>

      <Section
        id="sql"
        title="The SQL, exactly as it runs"
        description="Each tier file as read from the bundle, with its SHA-256; the bundle digest is the SHA-256 of the sorted listing of every file's hash."
      >
        <div className="space-y-2">
          <p className="text-sm">
            Bundle digest{' '}
            <code data-testid="sql-bundle-digest" className="font-mono text-xs break-all">
              {view.digest}
            </code>
          </p>
          {view.tierFiles.map((file) => (
            <TierSql key={file.path} file={file} />
          ))}
          <details className="rounded-lg border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900">
            <summary className="cursor-pointer px-4 py-2.5">Every file in the digest</summary>
            <ul
              data-testid="bundle-files"
              className="space-y-1 border-t border-zinc-200 px-4 py-2 dark:border-zinc-800"
            >
              {view.files.map((file) => (
                <li key={file.path} className="font-mono text-xs break-all">
                  {file.sha256} {file.path}
                </li>
              ))}
            </ul>
          </details>
        </div>
      </Section>
    </main>
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
