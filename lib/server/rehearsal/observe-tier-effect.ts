import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';

import { tableExists } from '@/lib/server/db/table-exists';
import { CATALOG_CHANGES, CURRENT } from '@/lib/server/rehearsal/catalog-changes-sql';
import { FLUSH_COUNTERS_AT_COMMIT } from '@/lib/server/rehearsal/flush-counters-sql';
import { guardedRead as guarded } from '@/lib/server/rehearsal/guarded-read';
import { observeRowChanges } from '@/lib/server/rehearsal/observe-row-changes';
import { quoteIdent } from '@/lib/server/rehearsal/quote-ident';
import type { Difference, TierEffect, Triple } from '@/lib/server/rehearsal/tier-effect';

/**
 * What the open tier transaction on `client` has done, read inside it just
 * before COMMIT: the bundle schema's assignments as they now stand, and every
 * change outside the bundle schema. Rows inserted or updated are counted
 * exactly (their xmin is this transaction); deleted rows are invisible to the
 * transaction that deleted them, so they come from PostgreSQL's per-backend
 * counters, which can also hold deletions this backend made just before (a
 * false alarm at worst, never a miss). Catalog changes are rows of the system
 * catalogs this transaction wrote. `allowedApproval` describes the one
 * rehearsal approval row the app itself may have written.
 */
export async function observeTierEffect(options: {
  client: pg.ClientBase;
  bundle: Bundle;
  allowedApproval: { approver: string };
}): Promise<TierEffect> {
  const { client, bundle } = options;
  const schema = bundle.manifest.schema;
  const differences: Difference[] = [];
  const assignments = await guarded(client, differences, `${schema}.assignments`, async () => {
    if (!(await tableExists(client, `${schema}.assignments`))) return [];
    const rows = await client.query<{ c: string; r: string; a: string }>(
      `SELECT collection AS c, responsibility AS r, authority AS a FROM ${quoteIdent(schema)}.assignments
        ORDER BY 1, 2, 3`,
    );
    return rows.rows.map((row): Triple => [row.c, row.r, row.a]);
  });
  await guarded(client, differences, '(tables outside the schema)', () =>
    observeRowChanges({ ...options, differences }),
  );
  await guarded(client, differences, '(system catalogs)', async () => {
    differences.push(...(await client.query<Difference>(CATALOG_CHANGES, [schema])).rows);
    const roles = await client.query<{ readable: boolean }>(
      `SELECT has_table_privilege('pg_catalog.pg_authid', 'SELECT') AS readable`,
    );
    if (roles.rows[0]?.readable) {
      const changed = await client.query<Difference>(
        `SELECT rolname AS object, 'role created or altered' AS detail FROM pg_authid WHERE xmin = ${CURRENT}`,
      );
      differences.push(...changed.rows);
    }
  });
  // This transaction's counters must not be read again by the next transaction on this backend.
  await client.query(FLUSH_COUNTERS_AT_COMMIT);
  return { assignments: assignments ?? [], differences: merge(differences) };
}

function merge(differences: Difference[]): Difference[] {
  const byObject = new Map<string, string[]>();
  for (const { object, detail } of differences) {
    const details = byObject.get(object) ?? [];
    if (!details.includes(detail)) details.push(detail);
    byObject.set(object, details);
  }
  return [...byObject]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([object, details]) => ({ object, detail: details.join('; ') }));
}
