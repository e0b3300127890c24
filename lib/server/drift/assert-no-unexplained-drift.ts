import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';

/** A production apply is refused while production's governed rows changed outside any tier and nobody explained it. */
export async function assertNoUnexplainedDrift(options: {
  environment: TargetEnvironment;
  bundle: Bundle;
  /** The tier's own transaction on the target. */
  client: pg.ClientBase;
}): Promise<void> {
  if (options.environment.role !== 'production') return;
  // A re-apply is how drift is resolved, so drift cannot refuse it; the runner sets this for its transaction only.
  const reapply = await options.client.query<{ tier: string }>(
    `SELECT coalesce(current_setting('one_roof.reapply', true), '') AS tier`,
  );
  if (reapply.rows[0]?.tier) return;
  const { unexplained } = await readDriftState({
    environment: options.environment.name,
    bundle: options.bundle,
    client: options.client,
  });
  if (unexplained.sentence) {
    throw new DomainError('DRIFT_UNEXPLAINED', `Nothing was applied. ${unexplained.sentence}`, {
      entries: unexplained.entries.length,
      tiers: unexplained.tiers.map((tier) => tier.tier),
    });
  }
}
