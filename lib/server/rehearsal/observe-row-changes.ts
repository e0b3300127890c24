import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { CURRENT } from '@/lib/server/rehearsal/catalog-changes-sql';
import { guardedRead as guarded } from '@/lib/server/rehearsal/guarded-read';
import { quoteIdent } from '@/lib/server/rehearsal/quote-ident';
import type { Difference } from '@/lib/server/rehearsal/tier-effect';

/**
 * Rows the open transaction wrote or deleted in tables outside the bundle's
 * schema, less the one rehearsal approval row (and its log entry) the app
 * itself may have written.
 */
export async function observeRowChanges(options: {
  client: pg.ClientBase;
  bundle: Bundle;
  allowedApproval: { approver: string };
  differences: Difference[];
}): Promise<void> {
  const { client, bundle, differences } = options;
  const { code, approvalsTable } = bundle.manifest.proposal;
  const tracking = await client.query<{ on: boolean }>(
    `SELECT current_setting('track_counts')::boolean AS on`,
  );
  if (!tracking.rows[0]?.on) {
    differences.push({
      object: '(all tables)',
      detail: 'track_counts is off, so rows written outside the schema cannot be seen',
    });
  }
  const touched = await client.query<{ nsp: string; rel: string; deleted: string }>(
    `SELECT schemaname AS nsp, relname AS rel, n_tup_del AS deleted
       FROM pg_stat_xact_user_tables
      WHERE schemaname <> $1 AND n_tup_ins + n_tup_upd + n_tup_del > 0
      ORDER BY 1, 2`,
    [bundle.manifest.schema],
  );
  for (const table of touched.rows) {
    const name = `${table.nsp}.${table.rel}`;
    const isApprovals = table.nsp === 'public' && table.rel === approvalsTable;
    // The approvals log's trigger records the app's own rehearsal approval: that entry is the app's too.
    const isApprovalLog = table.nsp === 'public' && table.rel === `${approvalsTable}_log`;
    const appRow = `rehearsal AND approver_level = 'REHEARSAL' AND approver = $1
                 AND ratification_id IS NULL AND bundle_digest = $2 AND proposal_code = $3`;
    const counted = await guarded(client, differences, name, async () => {
      const result = await client.query<{ written: string; app: string }>(
        `SELECT count(*) AS written, ${
          isApprovals
            ? `count(*) FILTER (WHERE ${appRow})`
            : isApprovalLog
              ? `count(*) FILTER (WHERE operation = 'INSERT' AND row_id IN (
                   SELECT id FROM public.${quoteIdent(approvalsTable)} WHERE xmin = ${CURRENT} AND ${appRow}))`
              : '0'
        } AS app
           FROM ${quoteIdent(table.nsp)}.${quoteIdent(table.rel)} WHERE xmin = ${CURRENT}`,
        isApprovals || isApprovalLog ? [options.allowedApproval.approver, bundle.digest, code] : [],
      );
      return result.rows[0];
    });
    if (!counted) continue;
    const written = Number(counted.written) - Math.min(Number(counted.app), 1);
    const deleted = Number(table.deleted);
    const parts = [
      written > 0 ? `${written} row(s) inserted or updated` : null,
      deleted > 0 ? `${deleted} row(s) deleted` : null,
    ].filter((part) => part !== null);
    if (parts.length > 0) differences.push({ object: name, detail: parts.join('; ') });
  }
}
