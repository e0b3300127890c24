import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import { redactTargetMessage } from '@/lib/server/db/redact-target-message';
import { withTargetTransaction } from '@/lib/server/db/with-target-transaction';
import { environmentUrls } from '@/lib/server/environments/environment-urls';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { sqlErrorToDomainError } from '@/lib/server/runner/sql-error';

/**
 * Runs `work` in one transaction on the environment, holding the same
 * advisory lock as a tier or refusing LOCKED. A driver error leaves as a coded
 * DomainError (TARGET_UNREACHABLE, TARGET_LOST, TARGET_TIMEOUT, TIER_FAILED)
 * with the hosts taken out.
 */
export async function withEnvironmentLock<T>(options: {
  environment: TargetEnvironment;
  work: (client: pg.PoolClient) => Promise<T>;
}): Promise<T> {
  const { environment } = options;
  const urls = environmentUrls(environment);
  try {
    return await withTargetTransaction(environment.url, ({ client }) => options.work(client), {
      lock: 'try',
      lockedSentence: `Another run holds ${environment.name}; nothing was changed.`,
      unreachable: (error) =>
        new DomainError(
          'TARGET_UNREACHABLE',
          `The ${environment.name} database cannot be reached: ${redactTargetMessage({ message: error.message, urls })}`,
        ),
    });
  } catch (error) {
    throw sqlErrorToDomainError(error, `On ${environment.name}`, urls);
  }
}
