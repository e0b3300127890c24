import type { Metadata } from 'next';
import Link from 'next/link';
import { PageMain } from '@/components/page-main';
import { readAuditQuery } from '@/components/provenance/audit-query';
import { AuditTools } from '@/components/provenance/audit-tools';
import { CellPicker } from '@/components/provenance/cell-picker';
import { EventFilters } from '@/components/provenance/event-filters';
import { EventTimeline } from '@/components/provenance/event-timeline';
import { LatestCheckpoint } from '@/components/provenance/latest-checkpoint';
import { NoAuditRead } from '@/components/provenance/no-audit-read';
import { Section } from '@/components/section';
import { isDomainError } from '@/lib/errors';
import { auditEventSchema } from '@/lib/server/audit/event-kinds';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';
import { getRequestContext } from '@/lib/server/auth/get-current-actor';
import { hasPermission } from '@/lib/server/auth/permissions';
import { requireActor } from '@/lib/server/auth/require-actor';
import { listCheckpoints } from '@/lib/server/checkpoints/list-checkpoints';
import { readCellOptions } from '@/lib/server/coverage/read-cell-options';

export const metadata: Metadata = { title: 'Provenance · One-Roof Release Gate' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ProvenancePage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor('/provenance');
  if (!hasPermission(actor, 'audit.read')) return <NoAuditRead />;
  const query = readAuditQuery(await searchParams);
  let events: ExportedEvent[] = [];
  let problem: string | null = null;
  try {
    events = await listAuditEvents({
      actor,
      context: await getRequestContext(),
      filters: query.apiFilters,
      limit: 100,
      beforeSeq: query.beforeSeq,
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    problem = `${error.headline} ${error.message}`;
  }
  const kinds = auditEventSchema.options.map((option) => option.shape.kind.value);
  const cellOptions = await readCellOptions();
  const checkpoints = await listCheckpoints({ actor, context: await getRequestContext(), limit: 1 });

  return (
    <PageMain title="Provenance">
      <Section
        id="chain"
        title="Audit chain"
        description="Every state change and every refusal, each event carrying the hash of the one before."
      >
        <AuditTools canExport={hasPermission(actor, 'audit.export')} />
      </Section>
      <Section
        id="checkpoint"
        title="Latest signed checkpoint"
        description="The log's size, Merkle root and chain head, signed with the server's key and kept outside the databases."
      >
        <LatestCheckpoint
          checkpoint={checkpoints.checkpoints[0] ?? null}
          verifierKey={checkpoints.verifierKey}
        />
      </Section>
      <Section
        id="cell"
        title="Where a cell came from"
        description="Pick a cell of the coverage matrix to see which tier and run assigned it, under which ratification, by whom."
      >
        {cellOptions ? (
          <CellPicker {...cellOptions} />
        ) : (
          <p className="text-sm">The release bundle could not be read, so there are no cells to pick.</p>
        )}
      </Section>
      <Section
        id="events"
        title="Events"
        description={
          query.around ? (
            <>
              Up to 100 events, newest first, from event {query.around} back.{' '}
              <Link href="/provenance" className="underline underline-offset-2">
                Show the newest events
              </Link>
            </>
          ) : (
            'Newest first, up to 100; new events appear as they are recorded.'
          )
        }
      >
        <EventFilters kinds={kinds} filters={query.filters} />
        {problem ? (
          <p data-testid="action-refusal" role="alert" className="text-sm text-red-800 dark:text-red-300">
            {problem}
          </p>
        ) : (
          <EventTimeline
            initialEvents={events}
            apiQuery={query.apiQuery}
            live={!query.around}
            around={query.around}
          />
        )}
      </Section>
    </PageMain>
  );
}
