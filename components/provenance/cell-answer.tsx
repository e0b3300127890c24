import Link from 'next/link';
import type { ReactNode } from 'react';
import { ShortDigest } from '@/components/short-digest';
import { Timestamp } from '@/components/timestamp';
import type { CellProvenance, EventRef } from '@/lib/server/coverage/cell-provenance';
import { eventHref } from './audit-query';

const short = (id: string) => id.slice(0, 8);

/** Why a cell is what it is, in one sentence; then each fact with the event that records it. */
export function CellAnswer({ cell }: { cell: CellProvenance }) {
  const what = (
    <>
      <strong>{cell.responsibility}</strong> for <strong className="font-mono">{cell.collection}</strong> on{' '}
      <strong>{cell.environment}</strong>
    </>
  );
  if (!cell.authority) {
    return (
      <p data-testid="cell-answer" className="text-base">
        No ratified authority covers {what}: nobody is assigned this cell, so it counts as a gap.
      </p>
    );
  }
  const { run, approval, ratification } = cell;
  const approver = ratification?.approverEmail ?? approval?.approver ?? null;
  const level = ratification?.level ?? approval?.approverLevel ?? null;
  const digest = run?.bundleDigest ?? ratification?.bundleDigest ?? approval?.bundleDigest ?? null;
  const time = run?.appliedAt ?? cell.assignedAt;
  const applied = (
    <>
      tier {cell.tier}{' '}
      {run?.recorded ? <>(run {short(run.id)})</> : <>(applied outside the gate, with no recorded run)</>}{' '}
      applied it
    </>
  );
  const under = ratification ? (
    <>
      under ratification {short(ratification.id)} by {approver} ({level})
    </>
  ) : approval ? (
    <>
      under {approval.rehearsal ? 'rehearsal ' : ''}approval {short(approval.id)} by {approver} ({level})
    </>
  ) : (
    <>with no approval on record</>
  );
  const tail = (
    <>
      {digest && (
        <>
          {' '}
          at digest <ShortDigest digest={digest} />
        </>
      )}
      {time && (
        <>
          {' '}
          on <Timestamp iso={time} />
        </>
      )}
    </>
  );
  if (cell.covered) {
    return (
      <p data-testid="cell-answer" className="text-base">
        <strong>{cell.authority}</strong> is {what} because {applied} {under}
        {tail}.
      </p>
    );
  }
  const why = approval?.revokedAt
    ? `its approval was revoked${approval.revokedBy ? ` by ${approval.revokedBy}` : ''}`
    : approval?.rehearsal
      ? 'it rests on a rehearsal approval, which never counts here'
      : 'the approval it rests on no longer counts here';
  return (
    <p data-testid="cell-answer" className="text-base">
      <strong>{cell.authority}</strong> was assigned {what} when {applied} {under}
      {tail}, but the cell is not covered now: {why}.
    </p>
  );
}

function EventLink({ kind, event, missing }: { kind: string; event: EventRef | null; missing?: string }) {
  if (!event) {
    return (
      <span className="text-xs text-zinc-600 dark:text-zinc-400">
        ({missing ?? `no ${kind} event recorded`})
      </span>
    );
  }
  return (
    <Link href={eventHref(event.seq)} className="text-xs underline underline-offset-2">
      {kind} event {event.seq}
    </Link>
  );
}

function Fact({ term, children, event }: { term: string; children: ReactNode; event: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-x-4 gap-y-0.5 px-4 py-2 sm:grid-cols-[9rem_minmax(0,1fr)_auto]">
      <dt className="text-sm text-zinc-600 dark:text-zinc-400">{term}</dt>
      <dd className="text-sm [overflow-wrap:anywhere]">{children}</dd>
      <dd>{event}</dd>
    </div>
  );
}

export function CellFacts({ cell }: { cell: CellProvenance }) {
  const { run, approval, ratification, events } = cell;
  if (!cell.authority) return null;
  const applied = <EventLink kind="tier.applied" event={events.applied} />;
  const ratified = (
    <EventLink
      kind="proposal.ratify"
      event={events.ratified}
      missing={approval?.rehearsal ? 'a rehearsal approval is not ratified' : undefined}
    />
  );
  const digest = run?.bundleDigest ?? ratification?.bundleDigest ?? approval?.bundleDigest ?? null;
  const time = run?.appliedAt ?? cell.assignedAt;
  return (
    <dl
      data-testid="cell-facts"
      className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Fact term="Authority" event={applied}>
        <span className="font-medium">{cell.authority}</span>
      </Fact>
      <Fact term="Tier" event={applied}>
        {cell.tier}
      </Fact>
      <Fact term="Run" event={applied}>
        {run?.recorded ? (
          <Link href={`/runs/${run.id}`} className="font-mono underline underline-offset-2">
            {run.id}
          </Link>
        ) : (
          <span>none recorded: applied outside the gate{run?.appliedBy ? ` by ${run.appliedBy}` : ''}</span>
        )}
        {run?.recorded && run.actor && (
          <span className="text-zinc-600 dark:text-zinc-400"> by {run.actor}</span>
        )}
      </Fact>
      <Fact term="Ratification" event={ratified}>
        {ratification ? (
          <>
            <span className="font-mono">{ratification.id}</span>
            {approval && ` (proposal ${approval.proposalCode})`}
            {ratification.revokedAt && (
              <span className="block text-red-800 dark:text-red-300">
                revoked <Timestamp iso={ratification.revokedAt} />
              </span>
            )}
          </>
        ) : approval ? (
          `none: ${approval.rehearsal ? 'rehearsal ' : ''}approval ${approval.id} of ${approval.proposalCode}`
        ) : (
          'none on record'
        )}
      </Fact>
      <Fact term="Approver" event={ratified}>
        {ratification?.approverEmail ?? approval?.approver ?? '—'}
      </Fact>
      <Fact term="Level" event={ratified}>
        {ratification?.level ?? approval?.approverLevel ?? '—'}
      </Fact>
      <Fact term="Digest" event={applied}>
        {digest ? <code className="font-mono text-xs break-all">{digest}</code> : '—'}
      </Fact>
      <Fact term="Time" event={applied}>
        {time ? <Timestamp iso={time} /> : '—'}
      </Fact>
    </dl>
  );
}
