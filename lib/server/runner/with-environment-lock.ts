import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import { redactTargetMessage } from '@/lib/server/db/redact-target-message';
import { getTargetPool } from '@/lib/server/db/target-pool';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { ENVIRONMENT_LOCK_KEY } from '@/lib/server/runner/run-tier-transaction';
import { sqlErrorToDomainError } from '@/lib/server/runner/sql-error';

/**
 * Runs `work` in one transaction on the environment, holding the same
 * advisory lock as a tier. A driver error leaves as a coded DomainError
 * (TARGET_LOST, TARGET_TIMEOUT, TIER_FAILED) with the hosts taken out.
 */
export async function withEnvironmentLock<T>(options: {
  environment: TargetEnvironment;
  work: (client: pg.PoolClient) => Promise<T>;
}): Promise<T> {
  const { environment } = options;
  const urls = [environment.url, ...(environment.ratifyUrl ? [environment.ratifyUrl] : [])];
  let client: pg.PoolClient;
  try {
    client = await getTargetPool(environment.url).connect();
  } catch (error) {
    const reason = redactTargetMessage({ message: (error as Error).message, urls });
    throw new DomainError(
      'TARGET_UNREACHABLE',
      `The ${environment.name} database cannot be reached: ${reason}`,
    );
  }
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      ENVIRONMENT_LOCK_KEY,
    ]);
    if (!lock.rows[0]?.locked) {
      throw new DomainError('LOCKED', `Another run holds ${environment.name}; nothing was changed.`);
    }
    const result = await options.work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw sqlErrorToDomainError(error, `On ${environment.name}`, urls);
  } finally {
    client.release(broken);
  }
}
