import 'server-only';
import type pg from 'pg';
import type { Prisma } from '@/lib/generated/prisma/client';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { ENVIRONMENT_LOCK_KEY } from '@/lib/server/db/environment-lock';
import { getTargetPool } from '@/lib/server/db/target-pool';

export type TargetTransaction = {
  client: pg.PoolClient;
  /**
   * Commits the target inside a control-plane transaction, as the last act
   * of `work`: the control-plane change and its audit event commit only if
   * the target committed first, and a failing `work` rolls both back. The
   * only window left is a crash between the two COMMITs, which leaves the
   * target ahead; the control plane's reconcilers treat the target as the
   * truth for exactly that reason.
   */
  commitWithControlPlane<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T>;
};

/**
 * Runs `work` in one transaction on the target at `url`, optionally holding
 * the environment lock (waiting for it) from the first statement. Commits
 * when `work` returns, unless it already committed through
 * commitWithControlPlane; rolls back on any error; always releases the
 * connection.
 */
export async function withTargetTransaction<T>(
  url: string,
  work: (transaction: TargetTransaction) => Promise<T>,
  options: { lock?: boolean } = {},
): Promise<T> {
  const client = await getTargetPool(url).connect();
  let committed = false;
  const transaction: TargetTransaction = {
    client,
    commitWithControlPlane: (controlPlaneWork) =>
      getControlPlane().$transaction(
        async (tx) => {
          const result = await controlPlaneWork(tx);
          await client.query('COMMIT');
          committed = true;
          return result;
        },
        { maxWait: 30_000, timeout: 30_000 },
      ),
  };
  try {
    await client.query('BEGIN');
    if (options.lock) await client.query('SELECT pg_advisory_xact_lock($1)', [ENVIRONMENT_LOCK_KEY]);
    const result = await work(transaction);
    if (!committed) await client.query('COMMIT');
    committed = true;
    return result;
  } catch (error) {
    if (!committed) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
