import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import { withReadOnlyTarget } from '@/lib/server/db/with-read-only-target';
import { targetFailureReason } from '@/lib/server/environments/target-failure-reason';

const guarded = new WeakSet<pg.ClientBase>();

/**
 * A read-only read of one environment that fails as a refusal naming it:
 * TARGET_UNREACHABLE with a reason that carries no host, port or password,
 * the driver's own words going to the server log only. Status, readiness,
 * ownership and provenance read through it so one dead target is reported,
 * not answered with a 500.
 */
export async function readEnvironment<T>(options: {
  environment: { name: string; url: string };
  work: (client: pg.ClientBase) => Promise<T>;
}): Promise<T> {
  const { name, url } = options.environment;
  try {
    return await withReadOnlyTarget({
      url,
      work: (client) => {
        // A checked-out pg client whose server dies emits 'error' as well as failing its query; with no listener
        // that event would end the process. The failed query carries the same error to the catch below.
        if (!guarded.has(client)) {
          client.on('error', () => {});
          guarded.add(client);
        }
        return options.work(client);
      },
    });
  } catch (error) {
    // Whatever failed, from the connection to a query or a watchdog's own refusal, this environment could not be read.
    console.error(`[one-roof] the ${name} database cannot be read:`, error);
    throw new DomainError(
      'TARGET_UNREACHABLE',
      `The ${name} database cannot be reached or read: ${targetFailureReason(error)}.`,
      { environment: name },
    );
  }
}
