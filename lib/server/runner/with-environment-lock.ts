import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import { getTargetPool } from '@/lib/server/db/target-pool';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { ENVIRONMENT_LOCK_KEY } from '@/lib/server/runner/run-tier-transaction';

/** Runs `work` in one transaction on the environment, holding the same advisory lock as a tier. */
export async function withEnvironmentLock<T>(options: {
  environment: TargetEnvironment;
  work: (client: pg.PoolClient) => Promise<T>;
}): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await getTargetPool(options.environment.url).connect();
  } catch (error) {
    throw new DomainError(
      'TARGET_UNREACHABLE',
      `The ${options.environment.name} database cannot be reached: ${(error as Error).message}`,
    );
  }
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      ENVIRONMENT_LOCK_KEY,
    ]);
    if (!lock.rows[0]?.locked) {
      throw new DomainError('LOCKED', `Another run holds ${options.environment.name}; nothing was changed.`);
    }
    const result = await options.work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
