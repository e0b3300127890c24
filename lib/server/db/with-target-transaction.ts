import 'server-only';
import type pg from 'pg';
import { DomainError, isDomainError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { ENVIRONMENT_LOCK_KEY } from '@/lib/server/db/environment-lock';
import { TargetClient } from '@/lib/server/db/target-client';
import { getTargetPool } from '@/lib/server/db/target-pool';
import { isRunFailure } from '@/lib/server/runner/is-run-failure';

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
  /** Commits now, in the round trip of `lastRead` (a failed read skips the COMMIT); returns its rows. */
  commit<R extends object>(lastRead: string): Promise<R[]>;
};

export type TargetTransactionOptions = {
  /** true waits for the environment lock; 'try' takes it or refuses LOCKED with `lockedSentence`. */
  lock?: boolean | 'try';
  lockedSentence?: string;
  /** A REPEATABLE READ, READ ONLY transaction under this statement budget, always rolled back. */
  readOnlyBudgetMs?: number;
  /** What a failure to connect becomes (e.g. TARGET_UNREACHABLE with the hosts taken out). */
  unreachable?: (error: Error) => Error;
  /** Runs once connected, before BEGIN: its failure leaves the target untouched. */
  beforeBegin?: () => Promise<void>;
};

function opening(options: TargetTransactionOptions): string {
  // One round trip: the lock is the transaction's first act, without a wait for BEGIN's answer.
  if (options.readOnlyBudgetMs !== undefined) {
    return `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = ${Math.trunc(options.readOnlyBudgetMs)}`;
  }
  if (options.lock === 'try')
    return `BEGIN; SELECT pg_try_advisory_xact_lock(${ENVIRONMENT_LOCK_KEY}) AS locked`;
  if (options.lock) return `BEGIN; SELECT pg_advisory_xact_lock(${ENVIRONMENT_LOCK_KEY})`;
  return 'BEGIN';
}

/** A connection that broke, or whose work failed for a fault rather than a rule, does not go back to the pool. */
function mayReuse(error: unknown): boolean {
  return isDomainError(error) && !isRunFailure(error);
}

/**
 * Runs `work` in one transaction on the target at `url`, optionally holding
 * the environment lock from the first statement. Commits when `work` returns,
 * unless it already committed (commit, commitWithControlPlane) or the
 * transaction is read-only; rolls back on any error; always releases the
 * connection.
 */
export async function withTargetTransaction<T>(
  url: string,
  work: (transaction: TargetTransaction) => Promise<T>,
  options: TargetTransactionOptions = {},
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await getTargetPool(url).connect();
  } catch (error) {
    throw options.unreachable ? options.unreachable(error as Error) : error;
  }
  let committed = false;
  let broken: Error | undefined;
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
    commit: async <R extends object>(lastRead: string) => {
      const results = (await client.query(`${lastRead}; COMMIT`)) as unknown as pg.QueryResult<R>[];
      committed = true;
      return results[0]?.rows ?? [];
    },
  };
  const readOnly = options.readOnlyBudgetMs !== undefined;
  // The app's own watchdog keeps a read's budget too, for a target too frozen to enforce it.
  const watched = readOnly && client instanceof TargetClient ? client : null;
  watched?.setBudget(options.readOnlyBudgetMs);
  try {
    await options.beforeBegin?.();
    const opened = (await client.query(opening(options))) as unknown as pg.QueryResult<{
      locked?: boolean;
    }>[];
    if (options.lock === 'try' && !opened[1]?.rows[0]?.locked) {
      throw new DomainError(
        'LOCKED',
        options.lockedSentence ?? 'Another run holds this database; nothing was changed.',
      );
    }
    const result = await work(transaction);
    if (readOnly) {
      // A read never commits; a ROLLBACK that fails only costs the connection.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
    } else if (!committed) await client.query('COMMIT');
    committed = true;
    return result;
  } catch (error) {
    if (!committed) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
    }
    if (!mayReuse(error)) broken ??= error as Error;
    throw error;
  } finally {
    watched?.setBudget(undefined);
    client.release(broken);
  }
}
