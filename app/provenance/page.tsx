import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { AuditTools } from '@/components/provenance/audit-tools';
import { Section } from '@/components/section';
import { ShortDigest } from '@/components/short-digest';
import { Timestamp } from '@/components/timestamp';
import { isDomainError } from '@/lib/errors';
import { auditEventSchema } from '@/lib/server/audit/event-kinds';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';
import { hasPermission } from '@/lib/server/auth/permissions';

export const metadata: Metadata = { title: 'Provenance · One-Roof Release Gate' };

const filterNames = ['kind', 'actor', 'environment', 'from', 'to'] as const;
const inputClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ProvenancePage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const actor = await getCurrentActor();
  if (!actor) redirect('/sign-in?callbackUrl=%2Fprovenance');
  if (!hasPermission(actor, 'audit.read')) {
    return (
      <main id="main" className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <h1 className="text-lg font-semibold tracking-tight">Provenance</h1>
        <p data-testid="audit-unavailable" className="text-sm">
          Reading the audit trail needs the audit.read permission (auditors, approvers, owners and operators
          have it); your roles do not include it.
        </p>
      </main>
    );
  }
  const params = await searchParams;
  const filters: Partial<Record<(typeof filterNames)[number], string>> = {};
  for (const name of filterNames) {
    const value = params[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text) filters[name] = text;
  }
  let events: ExportedEvent[] = [];
  let problem: string | null = null;
  try {
    events = await listAuditEvents({ actor, context: await getRequestContext(), filters, limit: 100 });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    problem = `${error.headline} ${error.message}`;
  }
  const kinds = auditEventSchema.options.map((option) => option.shape.kind.value);

  return (
    <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-6">
      <h1 className="text-lg font-semibold tracking-tight">Provenance</h1>
      <Section
        id="chain"
        title="Audit chain"
        description="Every state change and every refusal, each event carrying the hash of the one before."
      >
        <AuditTools canExport={hasPermission(actor, 'audit.export')} />
      </Section>
      <Section id="events" title="Events" description="Newest first, up to 100.">
        <form
          action="/provenance"
          className="grid grid-cols-1 gap-3 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <label className="text-sm font-medium">
            Kind
            <select name="kind" defaultValue={filters.kind ?? ''} className={inputClass}>
              <option value="">any</option>
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {kind}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm font-medium">
            Actor
            <input name="actor" defaultValue={filters.actor ?? ''} className={inputClass} />
          </label>
          <label className="text-sm font-medium">
            Environment
            <input name="environment" defaultValue={filters.environment ?? ''} className={inputClass} />
          </label>
          <label className="text-sm font-medium">
            From
            <input name="from" type="date" defaultValue={filters.from ?? ''} className={inputClass} />
          </label>
          <label className="text-sm font-medium">
            To
            <input name="to" type="date" defaultValue={filters.to ?? ''} className={inputClass} />
          </label>
          <div className="flex items-end">
            <button
              type="submit"
              className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Filter
            </button>
          </div>
        </form>
        {problem ? (
          <p data-testid="action-refusal" className="text-sm text-red-800 dark:text-red-300">
            {problem}
          </p>
        ) : (
          <EventTable events={events} />
        )}
      </Section>
    </main>
  );
}

function EventTable({ events }: { events: ExportedEvent[] }) {
  if (events.length === 0) return <p className="text-sm">No events match.</p>;
  const head = 'px-3 py-1.5 font-medium';
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table data-testid="audit-events" className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs text-zinc-600 uppercase tracking-wide dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            {['Seq', 'Time', 'Kind', 'Actor', 'Target', 'Digest', 'Outcome'].map((name) => (
              <th key={name} scope="col" className={head}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {events.map((event) => (
            <tr key={event.id} className="align-top">
              <th scope="row" className="px-3 py-1.5 font-mono font-normal tabular-nums">
                {event.seq}
              </th>
              <td className="px-3 py-1.5 whitespace-nowrap">
                <Timestamp iso={event.createdAt} />
              </td>
              <td className="px-3 py-1.5 font-mono">{event.kind}</td>
              <td className="px-3 py-1.5">
                {event.actorLabel}
                {event.actorRoles.length > 0 && (
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                    {event.actorRoles.join(', ')}
                  </span>
                )}
              </td>
              <td className="px-3 py-1.5 font-mono text-xs [overflow-wrap:anywhere]">{event.target}</td>
              <td className="px-3 py-1.5">{event.digest ? <ShortDigest digest={event.digest} /> : '—'}</td>
              <td className="px-3 py-1.5">
                {event.outcome}
                {event.reason && (
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{event.reason}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
