import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { queryDrift } from '@/lib/server/drift/query-drift';
import type { DriftReport } from '@/lib/server/drift/read-drift';

/**
 * The unresolved part of readDrift's report, read on a connection that already holds a transaction on the target:
 * an embedded target serves one transaction at a time, so the tier's own gate check cannot open a second one.
 */
export async function readDriftInTransaction(options: {
  client: pg.ClientBase;
  bundle: Bundle;
}): Promise<DriftReport> {
  return queryDrift({
    client: options.client,
    schema: options.bundle.manifest.schema,
    limit: 100,
    unresolvedOnly: true,
  });
}
