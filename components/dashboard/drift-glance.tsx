import Link from 'next/link';
import { Timestamp } from '@/components/timestamp';
import type { DriftGlanceRow } from '@/lib/server/release/read-drift-glance';

/** Per environment: how many direct writes no tier made are unexplained, and the newest by whom and when. */
export function DriftGlance({ rows }: { rows: DriftGlanceRow[] }) {
  return (
    <section aria-labelledby="drift-heading" data-testid="drift-glance" className="space-y-2">
      <h2 id="drift-heading" className="text-base font-semibold tracking-tight">
        Drift
      </h2>
      <ul className="space-y-1 text-sm">
        {rows.map(({ environment, state }) => {
          if (!state)
            return (
              <li key={environment} className="text-red-800 dark:text-red-300">
                {environment}: the drift log could not be read.
              </li>
            );
          const { unexplained } = state;
          const newest = unexplained.entries[0];
          const count = `${unexplained.entries.length}${unexplained.more ? '+' : ''}`;
          return (
            <li key={environment} data-testid={`drift-glance-${environment}`}>
              <span className="font-medium">{environment}</span>:{' '}
              {unexplained.unexplained ? (
                <span className="text-red-800 dark:text-red-300">
                  {count} unexplained direct write{count === '1' ? '' : 's'}
                  {unexplained.tiers.length > 0 &&
                    `, tier ${unexplained.tiers.map((tier) => tier.tier).join(', ')} content hash changed`}
                  {newest && (
                    <>
                      ; last {newest.op} by {newest.dbUser}
                      {newest.applicationName ? ` via ${newest.applicationName}` : ''} on{' '}
                      <Timestamp iso={newest.at} />
                    </>
                  )}
                </span>
              ) : (
                <span>
                  no unexplained drift
                  {state.drift.total > 0 &&
                    ` (${state.drift.total} recorded, all re-applied or acknowledged)`}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <p className="text-sm">
        <Link href="/drift" className="underline underline-offset-2">
          See and resolve drift
        </Link>
      </p>
    </section>
  );
}
