import 'server-only';
import type pg from 'pg';
import type { Difference } from '@/lib/server/rehearsal/tier-effect';

/** Runs a read under a savepoint, so that a read that fails is recorded as a difference, never lost. */
export async function guardedRead<T>(
  client: pg.ClientBase,
  differences: Difference[],
  object: string,
  read: () => Promise<T>,
): Promise<T | null> {
  await client.query('SAVEPOINT observe_effect');
  try {
    const result = await read();
    await client.query('RELEASE SAVEPOINT observe_effect');
    return result;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT observe_effect');
    await client.query('RELEASE SAVEPOINT observe_effect');
    differences.push({
      object,
      detail: `could not be read, so the effect is unknown: ${(error as Error).message}`,
    });
    return null;
  }
}
